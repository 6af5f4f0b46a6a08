import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages } from "next-intl/server";
import { CLIENT_PAGES_NAMESPACES, pickMessages } from "@/i18n/client-messages";

// Client register pages have client-side forms with their own catalogues.
export default async function ClientsLayout({ children }: { children: React.ReactNode }) {
  const [locale, messages] = await Promise.all([getLocale(), getMessages()]);
  return (
    <NextIntlClientProvider locale={locale} messages={pickMessages(messages, CLIENT_PAGES_NAMESPACES)}>
      {children}
    </NextIntlClientProvider>
  );
}
