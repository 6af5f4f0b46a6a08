import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages } from "next-intl/server";
import { BASE_CLIENT_NAMESPACES, pickMessages } from "@/i18n/client-messages";

const SUPERVISION_CLIENT_NAMESPACES = [...BASE_CLIENT_NAMESPACES, "assignment"] as const;

// The reassignment and leave forms are client components with their own catalogue.
export default async function SupervisionLayout({ children }: { children: React.ReactNode }) {
  const [locale, messages] = await Promise.all([getLocale(), getMessages()]);
  return (
    <NextIntlClientProvider locale={locale} messages={pickMessages(messages, SUPERVISION_CLIENT_NAMESPACES)}>
      {children}
    </NextIntlClientProvider>
  );
}
