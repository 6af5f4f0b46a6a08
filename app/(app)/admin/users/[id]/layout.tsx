import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages } from "next-intl/server";
import { ADMIN_CLIENT_NAMESPACES, pickMessages } from "@/i18n/client-messages";

const USER_PAGE_NAMESPACES = [...ADMIN_CLIENT_NAMESPACES, "assignment"] as const;

// A Mentor Mother's page also carries the leave form (app/(app)/supervision/leave-manager.tsx).
export default async function UserPageLayout({ children }: { children: React.ReactNode }) {
  const [locale, messages] = await Promise.all([getLocale(), getMessages()]);
  return (
    <NextIntlClientProvider locale={locale} messages={pickMessages(messages, USER_PAGE_NAMESPACES)}>
      {children}
    </NextIntlClientProvider>
  );
}
