import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { denyPage, requestMeta, requireActor } from "@/lib/auth";
import { can } from "@/lib/authz";
import { AppError } from "@/lib/errors";
import { hhmmOf } from "@/lib/minutes";
import { getClientProfile, type ClientProfile } from "@/lib/clients/profile-queries";
import { isUuid } from "@/lib/validation";
import { getProgrammeSettings } from "@/lib/settings/queries";
import { languageName as languageNameFor } from "@/lib/content/language-names";
import { ageInYears, infantAge, vlBand } from "@/lib/clients/profile-schemas";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { AddAppointmentForm } from "./add-appointment-form";
import { AppointmentActions } from "./appointment-actions";
import { AddViralLoadForm } from "./add-viral-load-form";
import { AddInfantForm } from "./add-infant-form";
import { RecordSexForm } from "./record-sex-form";
import { ChangeStatusForm } from "./change-status-form";
import { MessagesCard } from "./messages-card";
import { CallFindingsList } from "@/components/call-findings";

// The title never names the client: titles end up in browser history and on shared screens.
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("profile"))("title") };
}

type Props = { params: Promise<{ id: string }> };

type Tone = "slate" | "green" | "red" | "amber";
const STATUS_TONE: Record<ClientProfile["status"], Tone> = {
  ACTIVE: "green", TRANSFERRED_OUT: "slate", LOST_TO_FOLLOW_UP: "amber", DIED: "slate", EXITED: "slate", OPTED_OUT: "red",
};
const APPOINTMENT_TONE: Record<string, Tone> = { SCHEDULED: "slate", ATTENDED: "green", MISSED: "red", RESCHEDULED: "amber", CANCELLED: "slate" };
const VL_TONE = { suppressed: "green", lowLevel: "amber", high: "red" } as const;

/** A label/value pair of the facts list. */
function Fact({ label, children }: { label: React.ReactNode; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{label}</dt>
      <dd className="mt-0.5 break-words text-sm text-slate-900">{children}</dd>
    </div>
  );
}

/** A disclosure that keeps a small form out of the way until it is needed (works without JavaScript). */
function InlineForm({ summary, children }: { summary: string; children: React.ReactNode }) {
  return (
    <details className="mt-3 rounded-md border border-slate-200 bg-slate-50">
      <summary className="flex min-h-11 cursor-pointer items-center px-3 text-sm font-medium text-brand-700">{summary}</summary>
      <div className="border-t border-slate-200 p-3">{children}</div>
    </details>
  );
}

export default async function ClientProfilePage({ params }: Props) {
  const actor = await requireActor("clients.view");
  const { id } = await params;
  if (!isUuid(id)) await denyPage(actor, "/clients/[id]", id);
  let client: ClientProfile;
  try {
    client = await getClientProfile(db, actor, id, await requestMeta());
  } catch (e) {
    if (e instanceof AppError && e.code === "NOT_FOUND") await denyPage(actor, "/clients/[id]", id);
    throw e;
  }
  const [t, tc, format, programme] = await Promise.all([
    getTranslations("profile"),
    getTranslations("common"),
    getFormatter(),
    getProgrammeSettings(db, actor),
  ]);
  const canEdit = can(actor, "clients.edit");
  const tz = client.site.timeZone;
  // Calendar dates are stored as UTC midnights and formatted in UTC; instants in
  // the site's own time zone.
  const day = (iso: string) => format.dateTime(new Date(`${iso}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
  const instant = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short", timeZone: tz });
  const yesNo = (v: boolean) => (v ? tc("yes") : tc("no"));
  const label = (group: string, code: string) => (t.has(`${group}.${code}`) ? t(`${group}.${code}`) : code);
  const languageName = languageNameFor(client.preferredLanguage, await getLocale(), programme.settings.languages);
  const infantName = new Map(client.infants.map((i) => [i.id, i.firstName ?? t("infants.unnamed")]));
  const forInfant = (infantId: string) => {
    const name = client.infants.find((i) => i.id === infantId)?.firstName;
    return name ? t("appointments.forInfant", { name }) : t("appointments.forUnnamedInfant", { sex: client.sex });
  };
  const target = { clientId: client.id, version: client.version };

  const appointmentItem = (a: ClientProfile["pastAppointments"][number]) => (
    <li key={a.id} className="py-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="min-w-0">
          <p className="text-sm font-medium">
            {day(a.date)} · {label("appointmentKinds", a.kind)}
          </p>
          {a.infantId && <p className="text-xs text-slate-600">{forInfant(a.infantId)}</p>}
          {a.statusAt && a.status !== "SCHEDULED" && <p className="text-xs text-slate-600">{t("appointments.statusAt", { when: instant(a.statusAt) })}</p>}
        </div>
        <Badge tone={APPOINTMENT_TONE[a.status] ?? "slate"}>{label("appointmentStatuses", a.status)}</Badge>
      </div>
      {canEdit && (a.status === "SCHEDULED" || a.status === "MISSED") && (
        <AppointmentActions
          {...target}
          appointmentId={a.id}
          canMark={a.status === "SCHEDULED" && a.date <= client.today}
          description={`${day(a.date)} · ${label("appointmentKinds", a.kind)}`}
          minDate={client.enrolmentDate}
        />
      )}
    </li>
  );

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/clients" className="text-brand-700 underline underline-offset-2">
          ← {t("backToList")}
        </Link>
      </p>
      <PageHeader
        title={`${client.firstName} ${client.lastName}`}
        description={`${client.ref} · ${client.site.name}`}
        actions={
          <>
            <Badge tone={STATUS_TONE[client.status]}>{label("statuses", client.status)}</Badge>
            {client.interruptionSince && (
              <span data-testid="interruption">
                <Badge tone="red">{t("status.interruption", { since: day(client.interruptionSince) })}</Badge>
              </span>
            )}
          </>
        }
      />
      {canEdit && (
        <p className="-mt-2 mb-4">
          <ButtonLink href={`/clients/${client.id}/edit`}>{(await getTranslations("clientEdit"))("editLink")}</ButtonLink>
        </p>
      )}

      <div className="grid items-start gap-4 lg:grid-cols-2">
        <Card title={t("facts.title")}>
          <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2">
            <Fact label={t("facts.ref")}>{client.ref}</Fact>
            <Fact label={t("facts.facilityNumber")}>{client.facilityNumber ?? t("facts.notRecorded")}</Fact>
            <Fact label={t("facts.name")}>{`${client.firstName} ${client.lastName}`}</Fact>
            <Fact label={t("facts.dateOfBirth")}>
              {t("facts.dobWithAge", { date: day(client.dateOfBirth), age: ageInYears(client.dateOfBirth, client.today) })}
            </Fact>
            <Fact label={t("facts.sex")}>{label("sexes", client.sex)}</Fact>
            <Fact label={t("facts.category")}>{label("categories", client.category)}</Fact>
            <Fact label={t("facts.site")}>{`${client.site.name} (${client.site.code})`}</Fact>
            <Fact label={t("facts.language")}>{languageName}</Fact>
            <Fact label={t("facts.enrolmentDate")}>{day(client.enrolmentDate)}</Fact>
            <Fact label={t("facts.consents")}>
              {t("facts.consentCalls", { v: yesNo(client.consentCalls) })}
              <br />
              {t("facts.consentMessages", { v: yesNo(client.consentMessages) })}
            </Fact>
            <Fact label={t("facts.artStart")}>{client.artStartDate ? day(client.artStartDate) : t("facts.notRecorded")}</Fact>
            {(client.expectedDeliveryDate || client.category === "PREGNANT") && (
              <Fact label={t("facts.edd")}>{client.expectedDeliveryDate ? day(client.expectedDeliveryDate) : t("facts.notRecorded")}</Fact>
            )}
            <Fact label={t("facts.breastfeeding")}>
              {client.breastfeeding
                ? tc("yes")
                : client.breastfeedingEndDate
                  ? t("facts.breastfeedingEnded", { date: day(client.breastfeedingEndDate) })
                  : tc("no")}
            </Fact>
            <Fact label={t("facts.mentor")}>{client.mentor?.name ?? t("facts.noMentor")}</Fact>
          </dl>
          {canEdit && (
            <InlineForm summary={t("facts.sexChange")}>
              <RecordSexForm {...target} current={client.sex} />
            </InlineForm>
          )}
        </Card>

        <Card title={t("status.title")}>
          <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2">
            <Fact label={t("status.current")}>{label("statuses", client.status)}</Fact>
            <Fact label={t("status.since")}>{client.statusDate ? day(client.statusDate) : day(client.enrolmentDate)}</Fact>
            {client.interruptionSince && (
              <div className="sm:col-span-2">
                <Fact label={t("status.interruptionLabel")}>{t("status.interruptionHint", { since: day(client.interruptionSince) })}</Fact>
              </div>
            )}
            {client.statusReason && (
              <div className="sm:col-span-2">
                <Fact label={t("status.reason")}>{client.statusReason}</Fact>
              </div>
            )}
          </dl>
          {canEdit && (
            <InlineForm summary={t("status.change")}>
              <ChangeStatusForm {...target} current={client.status} today={client.today} minDate={client.enrolmentDate} sex={client.sex} />
            </InlineForm>
          )}
        </Card>

        <Card title={t("phones.title")}>
          {client.phones.length === 0 ? (
            <EmptyState title={t("phones.empty")} />
          ) : (
            <ul className="divide-y divide-slate-100">
              {client.phones.map((p) => (
                <li key={p.id} className="space-y-1 py-3">
                  <p className="flex flex-wrap items-center gap-2">
                    <span className="font-mono text-sm font-medium">{p.number}</span>
                    {p.isPrimary && <Badge>{t("phones.primary")}</Badge>}
                    {p.sharedPhone && <Badge tone="amber">{t("phones.shared")}</Badge>}
                    {p.status !== "OK" && <Badge tone="red">{label("phoneStatuses", p.status)}</Badge>}
                  </p>
                  <p className="text-sm text-slate-700">{t("phones.mayIdentify", { v: yesNo(p.mayIdentifyCaller) })}</p>
                  <p className="text-sm text-slate-700">
                    {p.safeFromMinute !== null && p.safeToMinute !== null
                      ? t("phones.safeHours", { from: hhmmOf(p.safeFromMinute), to: hhmmOf(p.safeToMinute) })
                      : t("phones.anyTime")}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </Card>

        <MessagesCard actor={actor} clientId={client.id} version={client.version} canEdit={canEdit} timeZone={tz} />

        <Card title={t("appointments.title")}>
          <h3 className="text-sm font-semibold text-slate-800">{t("appointments.upcoming")}</h3>
          {client.upcomingAppointments.length === 0 ? (
            <p className="py-2 text-sm text-slate-600">{t("appointments.noneUpcoming")}</p>
          ) : (
            <ul className="divide-y divide-slate-100">{client.upcomingAppointments.map(appointmentItem)}</ul>
          )}
          <h3 className="mt-3 text-sm font-semibold text-slate-800">{t("appointments.past")}</h3>
          {client.pastAppointments.length === 0 ? (
            <p className="py-2 text-sm text-slate-600">{t("appointments.nonePast")}</p>
          ) : (
            <ul className="divide-y divide-slate-100">{client.pastAppointments.map(appointmentItem)}</ul>
          )}
          {canEdit && (
            <InlineForm summary={t("appointments.add")}>
              <AddAppointmentForm
                {...target}
                minDate={client.enrolmentDate}
                infants={client.infants.map((i) => ({ id: i.id, label: `${infantName.get(i.id)} · ${day(i.dateOfBirth)}` }))}
                sex={client.sex}
              />
            </InlineForm>
          )}
        </Card>

        <Card title={t("viralLoad.title")}>
          {client.viralLoads.length === 0 ? (
            <EmptyState title={t("viralLoad.empty")} />
          ) : (
            <ul className="divide-y divide-slate-100">
              {client.viralLoads.map((v) => {
                const band = vlBand(v.copies, client.thresholds);
                return (
                  <li key={v.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
                    <div className="min-w-0">
                      <p className="text-sm font-medium">{t("viralLoad.copies", { n: v.copies })}</p>
                      <p className="text-xs text-slate-600">
                        {t("viralLoad.dates", { sample: day(v.sampleDate), result: day(v.resultDate) })} · {label("vlReasons", v.reasonCode)}
                      </p>
                    </div>
                    <Badge tone={VL_TONE[band]}>{t(`viralLoad.bands.${band}`)}</Badge>
                  </li>
                );
              })}
            </ul>
          )}
          <p className="mt-2 text-xs text-slate-600">
            {t("viralLoad.thresholds", { below: client.thresholds.vlSuppressedBelow, above: client.thresholds.vlHighAbove })}
          </p>
          {canEdit && (
            <InlineForm summary={t("viralLoad.add")}>
              <AddViralLoadForm {...target} today={client.today} />
            </InlineForm>
          )}
        </Card>

        <Card title={t("infants.title")}>
          {client.infants.length === 0 ? (
            <EmptyState title={t("infants.empty")} />
          ) : (
            <ul className="divide-y divide-slate-100">
              {client.infants.map((i) => {
                const age = infantAge(i.dateOfBirth, client.today);
                return (
                  <li key={i.id} className="py-3">
                    <p className="text-sm font-medium">{i.firstName ?? t("infants.unnamed")}</p>
                    <p className="text-xs text-slate-600">
                      {t("infants.born", { date: day(i.dateOfBirth) })} · {t(`infants.age.${age.unit}`, { n: age.n })}
                    </p>
                  </li>
                );
              })}
            </ul>
          )}
          {canEdit && (
            <InlineForm summary={t("infants.add")}>
              <AddInfantForm {...target} minDate={client.dateOfBirth} today={client.today} />
            </InlineForm>
          )}
        </Card>

        <Card title={t("assignments.title")}>
          {client.assignments.length === 0 ? (
            <EmptyState title={t("assignments.empty", { sex: client.sex })} />
          ) : (
            <ol className="divide-y divide-slate-100">
              {client.assignments.map((a) => (
                <li key={a.id} className="space-y-0.5 py-3">
                  <p className="flex flex-wrap items-center gap-2 text-sm font-medium">
                    {a.mentorName}
                    {!a.endAt && <Badge tone="green">{t("assignments.current")}</Badge>}
                  </p>
                  <p className="text-xs text-slate-600">
                    {a.endAt
                      ? t("assignments.fromTo", { from: instant(a.startAt), to: instant(a.endAt) })
                      : t("assignments.since", { from: instant(a.startAt) })}
                  </p>
                  <p className="text-xs text-slate-600">
                    {t("assignments.reasonBy", {
                      reason: label("assignmentReasons", a.reason),
                      by: a.changedByName ?? t("assignments.system"),
                    })}
                  </p>
                </li>
              ))}
            </ol>
          )}
        </Card>

        <Card title={t("calls.title")}>
          {client.calls.length === 0 ? (
            <EmptyState title={t("calls.empty")} />
          ) : (
            <ul className="divide-y divide-slate-100">
              {client.calls.map((c) => (
                <li key={c.id} className="py-3" data-testid="profile-call">
                  <p className="flex flex-wrap items-center gap-2 text-sm font-medium">
                    {label("dispositions", c.disposition)}
                    {c.isCorrection && <Badge tone="amber">{t("calls.correction")}</Badge>}
                  </p>
                  <p className="text-xs text-slate-600">{t("calls.byAt", { name: c.mentorName, when: instant(c.at) })}</p>
                  {c.callbackAt && <p className="text-xs text-slate-600">{t("calls.callback", { when: instant(c.callbackAt) })}</p>}
                  <CallFindingsList findings={c.findings} sex={client.sex} />
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
