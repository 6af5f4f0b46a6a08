import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requestMeta, requireActor } from "@/lib/auth";
import { listOpenDuplicates, reviewParamsSchema, type ReviewClient } from "@/lib/clients/duplicate-review";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { DuplicateDecision } from "./duplicate-decision";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("security"))("duplicates.title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// Possible cross-site duplicates (issue 13): both records side by side, oldest pair first; the
// administrator links them as one person or dismisses them as two. Only ids in the address.
export default async function DuplicatesPage({ searchParams }: Props) {
  const actor = await requireActor("clients.duplicates");
  const [raw, meta] = await Promise.all([searchParams, requestMeta()]);
  const params = reviewParamsSchema.parse(raw);
  const [t, { pairs, next, open }] = await Promise.all([getTranslations("security.duplicates"), listOpenDuplicates(db, actor, params, meta)]);
  return (
    <>
      <PageHeader title={t("title")} description={t("intro", { count: open })} />
      {pairs.length === 0 ? (
        <EmptyState title={t("empty")}>{t("emptyHint")}</EmptyState>
      ) : (
        <ol aria-label={t("listLabel")} className="space-y-6">
          {pairs.map((p, i) => (
            <li key={p.id} aria-labelledby={`pair-${p.id}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <h2 id={`pair-${p.id}`} className="mb-3 text-base font-semibold">
                {t("pairHeading", { n: i + 1, a: p.a.ref, b: p.b.ref })}
              </h2>
              <div className="grid gap-4 md:grid-cols-2">
                <Record client={p.a} />
                <Record client={p.b} />
              </div>
              <DuplicateDecision
                pairId={p.id}
                version={p.version}
                a={{ id: p.a.id, label: `${p.a.ref} · ${p.a.siteName}` }}
                b={{ id: p.b.id, label: `${p.b.ref} · ${p.b.siteName}` }}
              />
            </li>
          ))}
        </ol>
      )}
      {next && (
        <div className="mt-6">
          <ButtonLink href={`/admin/duplicates?after=${next}`}>{t("nextPage")}</ButtonLink>
        </div>
      )}
    </>
  );
}

async function Record({ client: c }: { client: ReviewClient }) {
  const [t, tc, format] = await Promise.all([getTranslations("security.duplicates"), getTranslations("clients"), getFormatter()]);
  const day = (d: string) => format.dateTime(new Date(`${d}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
  return (
    <section aria-label={t("recordLabel", { ref: c.ref })} className="rounded-md border border-slate-200 p-3">
      <h3 className="font-semibold">
        {c.firstName} {c.lastName}
      </h3>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-slate-600">{t("ref")}</dt>
        <dd>{c.ref}</dd>
        <dt className="text-slate-600">{t("site")}</dt>
        <dd>{c.siteName}</dd>
        <dt className="text-slate-600">{t("dateOfBirth")}</dt>
        <dd>{day(c.dateOfBirth)}</dd>
        <dt className="text-slate-600">{t("sex")}</dt>
        <dd>{tc(`sexes.${c.sex}`)}</dd>
        <dt className="text-slate-600">{t("category")}</dt>
        <dd>{tc(`categories.${c.category}`)}</dd>
        <dt className="text-slate-600">{t("enrolled")}</dt>
        <dd>{day(c.enrolmentDate)}</dd>
        <dt className="text-slate-600">{t("status")}</dt>
        <dd>
          {tc(`statuses.${c.status}`)}
          {c.statusDate && ` · ${day(c.statusDate)}`}
        </dd>
        <dt className="text-slate-600">{t("phones")}</dt>
        <dd className="break-all">{c.phones.length ? c.phones.join(", ") : t("none")}</dd>
        <dt className="text-slate-600">{t("mentor")}</dt>
        <dd>{c.mentorName ?? t("none")}</dd>
        <dt className="text-slate-600">{t("calls")}</dt>
        <dd>{c.calls}</dd>
      </dl>
    </section>
  );
}
