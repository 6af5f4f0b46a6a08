import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth";
import { getUserFormOptions } from "@/lib/users/queries";
import { Card, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { UserForm } from "../user-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("users"))("newTitle") };
}

export default async function NewUserPage() {
  const actor = await requireActor("admin.users");
  const [t, options] = await Promise.all([getTranslations("users"), getUserFormOptions(db, actor)]);
  return (
    <>
      <PageHeader title={t("newTitle")} description={t("newIntro")} actions={<ButtonLink href="/admin/users">{t("backToList")}</ButtonLink>} />
      <Card>
        <UserForm options={options} />
      </Card>
    </>
  );
}
