import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { z } from "zod";
import { db } from "@/lib/db";
import { denyPage, requireActor } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { getUser, getUserFormOptions } from "@/lib/users/queries";
import { Alert, Badge, Card, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { UserForm } from "../user-form";
import { UserStatusActions } from "./user-status-actions";
import { PasswordReset } from "@/components/password-reset";
import { IdentifiedAccess } from "./identified-access";
import { IDENTIFIED_ACCESS_ROLES } from "@/lib/users/rules";
import { listLeaves } from "@/lib/assignment/queries";
import { LeaveManager } from "../../../supervision/leave-manager";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("users"))("editTitle") };
}

const statusSchema = z.enum(["created", "saved", "deactivated", "reactivated", "password"]).optional().catch(undefined);
/** What a Mentor Mother's deactivation did with her clients (lib/assignment/engine.ts). */
const redistributionSchema = z.object({
  moved: z.coerce.number().int().min(0).max(1_000_000).optional().catch(undefined),
  unplaced: z.coerce.number().int().min(0).max(1_000_000).optional().catch(undefined),
  why: z.enum(["no-mentor", "all-full"]).optional().catch(undefined),
});

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function EditUserPage({ params, searchParams }: Props) {
  const actor = await requireActor("admin.users");
  const [{ id }, raw] = await Promise.all([params, searchParams]);
  const status = statusSchema.parse(raw.status);
  const redistribution = status === "deactivated" ? redistributionSchema.parse(raw) : null;
  let user;
  try {
    user = await getUser(db, actor, id);
  } catch (e) {
    if (e instanceof AppError && e.code === "NOT_FOUND") await denyPage(actor, "/admin/users/[id]", id);
    throw e;
  }
  const isMentor = user.role === "MENTOR_MOTHER";
  const [t, tc, ta, format, options, leave] = await Promise.all([
    getTranslations("users"),
    getTranslations("common"),
    getTranslations("assignment"),
    getFormatter(),
    getUserFormOptions(db, actor),
    isMentor ? listLeaves(db, actor, user.id, new Date()) : null,
  ]);
  const site = user.sites[0]?.site;

  return (
    <>
      <PageHeader
        title={user.name}
        description={`${user.username} · ${tc(`roles.${user.role}`)}`}
        actions={<ButtonLink href="/admin/users">{t("backToList")}</ButtonLink>}
      />
      {status && (
        <div className="mb-4 space-y-2">
          <Alert kind="success">
            {t(`status.${status}`)}
            {redistribution?.moved !== undefined && (
              <>
                {" "}
                {redistribution.moved + (redistribution.unplaced ?? 0) === 0
                  ? ta("deactivation.none")
                  : ta("deactivation.moved", { count: redistribution.moved })}
              </>
            )}
          </Alert>
          {redistribution?.unplaced ? (
            <Alert>
              {ta(`shortfall.${redistribution.why ?? "all-full"}`, { count: redistribution.unplaced, site: site?.name ?? "" })}{" "}
              {site && (
                <a className="font-medium underline" href={`/supervision/reassign?site=${site.id}&mentor=none`}>
                  {ta("deactivation.placeThem")}
                </a>
              )}
            </Alert>
          ) : null}
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
          {IDENTIFIED_ACCESS_ROLES.includes(user.role) && (
            <Card title={t("identified.title")}>
              <p className="mb-3 text-sm text-slate-600">
                {user.identifiedAccessGrantedAt
                  ? t("identified.granted", { date: format.dateTime(user.identifiedAccessGrantedAt, { dateStyle: "medium" }) })
                  : t("identified.notGranted")}{" "}
                {t("identified.hint")}
              </p>
              <IdentifiedAccess key={user.version} id={user.id} version={user.version} granted={user.identifiedAccessGrantedAt !== null} />
            </Card>
          )}
          {leave && (
            <Card title={ta("leave.title")}>
              <LeaveManager mentorId={user.id} mentorName={user.name} leaves={leave.leaves} today={leave.today} />
            </Card>
          )}
          <Card title={t("reset.title")}>
            <PasswordReset userId={user.id} name={user.name} />
          </Card>
        </div>
      </div>
    </>
  );
}
