import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages } from "next-intl/server";
import { ADMIN_CLIENT_NAMESPACES, pickMessages } from "@/i18n/client-messages";

// The administration forms are client components with their own catalogues.
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const [locale, messages] = await Promise.all([getLocale(), getMessages()]);
  return (
    <NextIntlClientProvider locale={locale} messages={pickMessages(messages, ADMIN_CLIENT_NAMESPACES)}>
      {children}
    </NextIntlClientProvider>
  );
}
