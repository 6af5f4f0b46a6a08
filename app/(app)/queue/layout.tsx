import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages } from "next-intl/server";
import { BASE_CLIENT_NAMESPACES, pickMessages } from "@/i18n/client-messages";

// The call screen's outcome form is a client component with its own catalogue.
const QUEUE_CLIENT_NAMESPACES = [...BASE_CLIENT_NAMESPACES, "callscreen"] as const;

export default async function QueueLayout({ children }: { children: React.ReactNode }) {
  const [locale, messages] = await Promise.all([getLocale(), getMessages()]);
  return (
    <NextIntlClientProvider locale={locale} messages={pickMessages(messages, QUEUE_CLIENT_NAMESPACES)}>
      {children}
    </NextIntlClientProvider>
  );
}
