import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { denyPage, requestMeta, requireActor } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { hhmmOf } from "@/lib/minutes";
import { isUuid } from "@/lib/validation";
import { getProgrammeSettings } from "@/lib/settings/queries";
import { languageName } from "@/lib/content/language-names";
import { getClientForEdit, type ClientForEdit } from "@/lib/clients/edit-queries";
import { transferSites } from "@/lib/clients/transfers";
import { MAX_PHONES_IN_USE } from "@/lib/clients/edit-rules";
import { Alert, Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { TransferDecided } from "./transfer-decided";
import { AddPhoneForm, DetailsForm, PhoneForm, TransferDecision, TransferForm } from "./edit-forms";

// The title never names the client (titles end up in browser history and on shared screens).
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("clientEdit"))("title") };
}

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Editing a client after enrolment (supervisors for their sites, administrators): a Mentor
 * Mother, another site's supervisor or an unknown id get the same 404. */
export default async function ClientEditPage({ params, searchParams }: Props) {
  const actor = await requireActor("clients.edit");
  const { id } = await params;
  if (!isUuid(id)) await denyPage(actor, "/clients/[id]/edit", id);
  let client: ClientForEdit;
  try {
    client = await getClientForEdit(db, actor, id, await requestMeta());
  } catch (e) {
    if (e instanceof AppError && e.code === "NOT_FOUND") await denyPage(actor, "/clients/[id]/edit", id);
    throw e;
  }
  const [t, tp, format, programme, sites, locale] = await Promise.all([
    getTranslations("clientEdit"),
    getTranslations("profile"),
    getFormatter(),
    getProgrammeSettings(db, actor),
    transferSites(db, client.siteId),
    getLocale(),
  ]);
  const target = { clientId: client.id, version: client.version };
  const languages = programme.settings.languages.map((l) => ({ code: l.code.toLowerCase(), name: languageName(l.code, locale, programme.settings.languages) }));
  if (!languages.some((l) => l.code === client.preferredLanguage)) languages.push({ code: client.preferredLanguage, name: client.preferredLanguage });
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium" });
  const hhmm = (m: number | null) => (m === null ? "" : hhmmOf(m));

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/clients/${client.id}`} className="inline-flex min-h-11 items-center text-brand-700 underline underline-offset-2">
          ← {t("back")}
        </Link>
      </p>
      <PageHeader title={`${t("title")}: ${client.firstName} ${client.lastName}`} description={`${client.ref} · ${client.site.name}`} />
      <p className="mb-4 text-sm text-slate-700">{t("intro")}</p>
      <div className="mb-4 empty:hidden">
        <TransferDecided searchParams={await searchParams} />
      </div>
      {client.phoneUpdateOpen && (
        <div className="mb-4" data-testid="phone-update-open">
          <Alert kind="info">{t("fromEscalation", { sex: client.sex })}</Alert>
        </div>
      )}

      <div className="grid items-start gap-4 lg:grid-cols-2">
        <Card title={t("details.title")}>
          <DetailsForm
            {...target}
            languages={languages}
            values={{
              firstName: client.firstName,
              lastName: client.lastName,
              facilityNumber: client.facilityNumber ?? "",
              preferredLanguage: client.preferredLanguage,
              consentCalls: client.consentCalls,
            }}
          />
        </Card>

        <Card title={t("phones.title")}>
          {client.phones.length === 0 ? (
            <EmptyState title={tp("phones.empty")} />
          ) : (
            <ul className="space-y-4">
              {client.phones.map((p, i) => (
                // Keyed by place: a corrected number is a new row, and its form keeps its message.
                <li key={i} className="rounded-md border border-slate-200 p-3">
                  <p className="mb-2 flex flex-wrap items-center gap-2">
                    <span className="text-sm font-semibold">{t("phones.phoneN", { n: i + 1 })}</span>
                    <span className="font-mono text-sm">{p.number}</span>
                    {p.isPrimary && <Badge>{t("phones.primary")}</Badge>}
                    {p.status !== "OK" && <Badge tone="red">{tp(`phoneStatuses.${p.status}`)}</Badge>}
                  </p>
                  <PhoneForm
                    {...target}
                    phoneId={p.id}
                    label={t("phones.phoneN", { n: i + 1 })}
                    isPrimary={p.isPrimary}
                    flagged={p.status !== "OK"}
                    canRetire={client.phones.length > 1}
                    sex={client.sex}
                    values={{ number: p.number, sharedPhone: p.sharedPhone, mayIdentifyCaller: p.mayIdentifyCaller, safeFrom: hhmm(p.safeFromMinute), safeTo: hhmm(p.safeToMinute) }}
                  />
                </li>
              ))}
            </ul>
          )}
          <details className="mt-3 rounded-md border border-slate-200 bg-slate-50">
            <summary className="flex min-h-11 cursor-pointer items-center px-3 text-sm font-medium text-brand-700">{t("phones.add")}</summary>
            <div className="border-t border-slate-200 p-3">
              {client.phones.length >= MAX_PHONES_IN_USE ? <p className="text-sm">{t("phones.full")}</p> : <AddPhoneForm {...target} />}
            </div>
          </details>
          {client.retiredPhones.length > 0 && (
            <>
              <h3 className="mt-4 text-sm font-semibold text-slate-800">{t("phones.retiredTitle")}</h3>
              <ul className="divide-y divide-slate-100" data-testid="retired-phones">
                {client.retiredPhones.map((p) => (
                  <li key={p.id} className="py-2 text-sm text-slate-700">
                    {t("phones.retiredOn", { number: p.number, date: p.retiredAt ? when(p.retiredAt) : "–" })}
                  </li>
                ))}
              </ul>
            </>
          )}
        </Card>

        <Card title={t("transfer.title")}>
          <p className="mb-3 text-sm text-slate-700">{t("transfer.intro", { sex: client.sex })}</p>
          {client.openTransfer ? (
            <div className="space-y-2">
              <p className="text-sm">{t("transfer.pending", { site: client.openTransfer.toSite.name, date: when(client.openTransfer.proposedAt) })}</p>
              <TransferDecision transferId={client.openTransfer.id} version={client.openTransfer.version} decisions={["cancel"]} />
            </div>
          ) : client.status !== "ACTIVE" ? (
            <p className="text-sm">{t("transfer.notActive")}</p>
          ) : sites.length === 0 ? (
            <p className="text-sm">{t("transfer.noSites")}</p>
          ) : (
            <TransferForm {...target} sites={sites.map((s) => ({ id: s.id, label: `${s.name} (${s.code}) · ${s.country.name}` }))} />
          )}
        </Card>
      </div>
    </>
  );
}
