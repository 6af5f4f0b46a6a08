import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth";
import { getProgrammeSettings } from "@/lib/settings/queries";
import { Card, PageHeader } from "@/components/ui/card";
import { ProgrammeSettingsForm } from "./programme-settings-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings"))("title") };
}

export default async function SettingsPage() {
  const actor = await requireActor("admin.settings");
  const [t, { settings, version }] = await Promise.all([getTranslations("settings"), getProgrammeSettings(db, actor)]);
  return (
    <>
      <PageHeader title={t("title")} description={t("intro")} />
      <Card>
        <ProgrammeSettingsForm settings={settings} version={version} />
      </Card>
    </>
  );
}
