import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages } from "next-intl/server";
import { BASE_CLIENT_NAMESPACES, pickMessages } from "@/i18n/client-messages";
import { QueryProvider } from "@/components/query-provider";

const SUPERVISION_CLIENT_NAMESPACES = [...BASE_CLIENT_NAMESPACES, "assignment", "supervision", "callscreen", "clientEdit", "security"] as const;

// The reassignment and leave forms, the coverage view (refreshed by TanStack Query) and the
// escalation forms are client components with their own catalogues.
export default async function SupervisionLayout({ children }: { children: React.ReactNode }) {
  const [locale, messages] = await Promise.all([getLocale(), getMessages()]);
  return (
    <NextIntlClientProvider locale={locale} messages={pickMessages(messages, SUPERVISION_CLIENT_NAMESPACES)}>
      <QueryProvider>{children}</QueryProvider>
    </NextIntlClientProvider>
  );
}
