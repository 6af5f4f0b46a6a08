import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { z } from "zod";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { getUser, getUserFormOptions } from "@/lib/users/queries";
import { Alert, Badge, Card, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { UserForm } from "../user-form";
import { UserStatusActions } from "./user-status-actions";
import { ResetPasswordForm } from "./reset-password-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("users"))("editTitle") };
}

const statusSchema = z.enum(["created", "saved", "deactivated", "reactivated", "password"]).optional().catch(undefined);

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function EditUserPage({ params, searchParams }: Props) {
  const actor = await requireActor("admin.users");
  const [{ id }, raw] = await Promise.all([params, searchParams]);
  const status = statusSchema.parse(raw.status);
  let user;
  try {
    user = await getUser(db, actor, id);
  } catch (e) {
    if (e instanceof AppError && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  const [t, tc, format, options] = await Promise.all([
    getTranslations("users"),
    getTranslations("common"),
    getFormatter(),
    getUserFormOptions(db, actor),
  ]);

  return (
    <>
      <PageHeader
        title={user.name}
        description={`${user.username} · ${tc(`roles.${user.role}`)}`}
        actions={<ButtonLink href="/admin/users">{t("backToList")}</ButtonLink>}
      />
      {status && (
        <div className="mb-4">
          <Alert kind="success">{t(`status.${status}`)}</Alert>
        </div>
      )}
      <div className="grid gap-4 lg:grid-cols-3">
        <Card title={t("editTitle")} className="lg:col-span-2">
          {/* Remounts with the new version after every save, deactivation or reset. */}
          <UserForm key={user.version} options={options} user={user} />
        </Card>
        <div className="space-y-4">
          <Card title={t("access.title")} actions={user.active ? <Badge tone="green">{t("access.active")}</Badge> : <Badge tone="red">{t("access.inactive")}</Badge>}>
            <p className="mb-3 text-sm text-slate-600">
              {user.active
                ? t("access.activeHint")
                : user.deactivatedAt
                  ? t("access.inactiveSince", { date: format.dateTime(user.deactivatedAt, { dateStyle: "medium" }) })
                  : t("access.inactive")}
            </p>
            <UserStatusActions key={user.version} id={user.id} version={user.version} active={user.active} name={user.name} isMentor={user.role === "MENTOR_MOTHER"} />
          </Card>
          <Card title={t("reset.title")}>
            <ResetPasswordForm id={user.id} username={user.username} minPasswordLength={options.minPasswordLength} />
          </Card>
        </div>
      </div>
    </>
  );
}
