import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages } from "next-intl/server";
import { BASE_CLIENT_NAMESPACES, pickMessages } from "@/i18n/client-messages";
import { QueryProvider } from "@/components/query-provider";

// The call screen's outcome form and the queue list are client components with their own catalogues.
const QUEUE_CLIENT_NAMESPACES = [...BASE_CLIENT_NAMESPACES, "callscreen", "queue"] as const;

export default async function QueueLayout({ children }: { children: React.ReactNode }) {
  const [locale, messages] = await Promise.all([getLocale(), getMessages()]);
  return (
    <NextIntlClientProvider locale={locale} messages={pickMessages(messages, QUEUE_CLIENT_NAMESPACES)}>
      <QueryProvider>{children}</QueryProvider>
    </NextIntlClientProvider>
  );
}
