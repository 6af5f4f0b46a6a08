import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages } from "next-intl/server";
import { requireActor } from "@/lib/auth";
import { BASE_CLIENT_NAMESPACES, pickMessages } from "@/i18n/client-messages";

// Programme managers (their country) and administrators: a real 404 for everyone else, from the
// layout. The push form is a client component with the dhis2 catalogue.
export default async function Dhis2Layout({ children }: { children: React.ReactNode }) {
  await requireActor("dhis2.send");
  const [locale, messages] = await Promise.all([getLocale(), getMessages()]);
  return (
    <NextIntlClientProvider locale={locale} messages={pickMessages(messages, [...BASE_CLIENT_NAMESPACES, "dhis2"])}>
      {children}
    </NextIntlClientProvider>
  );
}
