import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireActor } from "@/lib/auth";
import { Card, PageHeader } from "@/components/ui/card";
import { LocaleSwitcher } from "@/components/locale-switcher";
import { ChangePasswordForm } from "./change-password-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("home"))("accountTitle") };
}

export default async function AccountPage() {
  const actor = await requireActor("account.self");
  const [t, tc] = await Promise.all([getTranslations("home"), getTranslations("common")]);
  return (
    <>
      <PageHeader title={t("accountTitle")} description={`${actor.name} · ${tc(`roles.${actor.role}`)}`} />
      <div className="grid gap-4 md:grid-cols-2">
        <Card title={t("changePassword")}>
          <ChangePasswordForm />
        </Card>
        <Card title={t("displayLanguage")}>
          <LocaleSwitcher />
        </Card>
      </div>
    </>
  );
}
