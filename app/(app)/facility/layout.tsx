import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages } from "next-intl/server";
import { BASE_CLIENT_NAMESPACES, pickMessages } from "@/i18n/client-messages";

// The upload form is a client component with its own catalogue (and the import's file errors).
const FACILITY_CLIENT_NAMESPACES = [...BASE_CLIENT_NAMESPACES, "facility", "imports"] as const;

export default async function FacilityLayout({ children }: { children: React.ReactNode }) {
  const [locale, messages] = await Promise.all([getLocale(), getMessages()]);
  return (
    <NextIntlClientProvider locale={locale} messages={pickMessages(messages, FACILITY_CLIENT_NAMESPACES)}>
      {children}
    </NextIntlClientProvider>
  );
}
