import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth";
import { can } from "@/lib/authz";
import { CLIENT_CATEGORIES, CLIENT_STATUSES } from "@/lib/clients/schemas";
import { clientListParamsSchema, listClients, listMentorOptions, mayEnrol } from "@/lib/clients/queries";
import { listSites } from "@/lib/sites/queries";
import { getProgrammeSettings } from "@/lib/settings/queries";
import { languageNamer } from "@/lib/content/language-names";
import { Badge, EmptyState, PageHeader } from "@/components/ui/card";
import { FilterActions } from "@/components/ui/filter-actions";
import { ButtonLink } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { Cell, DataTable } from "@/components/ui/table";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("clients"))("title") };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const STATUS_TONE = { ACTIVE: "green", TRANSFERRED_OUT: "slate", LOST_TO_FOLLOW_UP: "amber", DIED: "slate", EXITED: "slate", OPTED_OUT: "red" } as const;

export default async function ClientsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor("clients.view");
  const raw = await searchParams;
  // Repeated or malformed parameters are ignored, never an error page.
  const one = (k: string) => (typeof raw[k] === "string" ? (raw[k] as string) : undefined);
  const params = clientListParamsSchema.parse({
    q: one("q"), site: one("site"), mentor: one("mentor"), category: one("category"),
    status: one("status"), language: one("language"), after: one("after"),
  });
  const isMentor = actor.role === "MENTOR_MOTHER";
  const [t, sites, mentors, { settings }, page, showEnrol] = await Promise.all([
    getTranslations("clients"),
    isMentor ? Promise.resolve([]) : listSites(db, actor),
    listMentorOptions(db, actor, params.site),
    getProgrammeSettings(db, actor),
    listClients(db, actor, {
      q: params.q || undefined,
      siteId: params.site,
      mentorId: params.mentor,
      category: params.category,
      status: params.status,
      language: params.language,
      after: params.after,
    }),
    mayEnrol(db, actor),
  ]);
  const languageOf = languageNamer(settings.languages, await getLocale());
  // Columns that would be the same on every row are left out: a Mentor Mother's clients are all
  // hers, and someone working at one site sees only that site.
  const showMentor = !isMentor;
  const showSite = actor.role !== "MENTOR_MOTHER" && !(actor.siteIds.length === 1 && (actor.role === "SUPERVISOR" || actor.role === "DATA_CLERK"));
  const head = [
    t("table.ref"), t("table.name"), t("table.category"),
    ...(showSite ? [t("table.site")] : []),
    ...(showMentor ? [t("table.mentor")] : []),
    t("table.status"), t("table.language"),
  ];

  const filters = new URLSearchParams();
  for (const k of ["q", "site", "mentor", "category", "status", "language"] as const) {
    const v = params[k];
    if (v) filters.set(k, v);
  }
  const withCursor = (after: string | null) => {
    const p = new URLSearchParams(filters);
    if (after) p.set("after", after);
    const s = p.toString();
    return s ? `/clients?${s}` : "/clients";
  };
  const filtered = filters.size > 0;

  return (
    <>
      <PageHeader
        title={t("title")}
        description={isMentor ? t("introMentor") : t("intro")}
        actions={
          <>
            {can(actor, "clients.import") && <ButtonLink href="/clients/import">{t("import")}</ButtonLink>}
            {showEnrol && (
              <ButtonLink href="/clients/new" variant="primary">
                {t("enrol")}
              </ButtonLink>
            )}
          </>
        }
      />

      {/* A plain GET form: searching and filtering work without JavaScript. */}
      <form method="get" action="/clients" role="search" aria-label={t("filters.legend")} className="mb-4 rounded-lg border border-slate-200 bg-white p-3">
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          <TextField label={t("filters.q")} name="q" type="search" defaultValue={params.q ?? ""} hint={t("filters.qHint")} autoComplete="off" maxLength={100} />
          {!isMentor && (
            <SelectField label={t("filters.site")} name="site" defaultValue={params.site ?? ""}>
              <option value="">{t("filters.anySite")}</option>
              {sites.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} · {s.country.name}
                </option>
              ))}
            </SelectField>
          )}
          {!isMentor && (
            <SelectField
              label={t("filters.mentor")}
              name="mentor"
              defaultValue={params.mentor ?? ""}
              hint={mentors === null ? t("filters.mentorNeedsSite") : undefined}
            >
              <option value="">{t("filters.anyMentor")}</option>
              {(mentors ?? []).map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </SelectField>
          )}
          <SelectField label={t("filters.category")} name="category" defaultValue={params.category ?? ""}>
            <option value="">{t("filters.anyCategory")}</option>
            {CLIENT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`categories.${c}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t("filters.status")} name="status" defaultValue={params.status ?? ""}>
            <option value="">{t("filters.anyStatus")}</option>
            {CLIENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t("filters.language")} name="language" defaultValue={params.language ?? ""}>
            <option value="">{t("filters.anyLanguage")}</option>
            {settings.languages.map((l) => (
              <option key={l.code} value={l.code.toLowerCase()}>
                {l.name}
              </option>
            ))}
          </SelectField>
        </div>
        <FilterActions submitLabel={t("filters.submit")} clearLabel={t("filters.clear")} clearHref="/clients" filtered={filtered} />
      </form>

      {page.items.length === 0 ? (
        filtered || params.after ? (
          <EmptyState title={t("empty")}>{t("emptyHint")}</EmptyState>
        ) : (
          <EmptyState title={t("emptyNone")}>
            <p>{isMentor ? t("emptyNoneMentor") : t("emptyNoneHint")}</p>
            {showEnrol && (
              <p className="mt-3">
                <ButtonLink href="/clients/new" variant="primary">
                  {t("enrol")}
                </ButtonLink>
              </p>
            )}
          </EmptyState>
        )
      ) : (
        <>
          {/* A Mentor Mother's phone shows cards: a seven-column table is far wider than 360 px. */}
          {isMentor && (
            <ul className="space-y-2 md:hidden" aria-label={t("table.caption")} data-testid="client-cards">
              {page.items.map((c) => (
                <li key={c.id} className="rounded-lg border border-slate-200 bg-white p-3" data-testid="client-item">
                  <p className="flex flex-wrap items-center justify-between gap-2">
                    <Link href={`/clients/${c.id}`} className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-2">
                      {c.lastName}, {c.firstName}
                    </Link>
                    <Badge tone={STATUS_TONE[c.status]}>{t(`statuses.${c.status}`)}</Badge>
                  </p>
                  <p className="text-sm text-slate-700">
                    <span className="font-mono text-xs" data-testid="client-ref">{c.ref}</span> · {t(`categories.${c.category}`)} · {languageOf(c.preferredLanguage)}
                  </p>
                </li>
              ))}
            </ul>
          )}
          <div className={isMentor ? "hidden md:block" : undefined}>
            <DataTable caption={t("table.caption")} head={head}>
              {page.items.map((c) => (
                <tr key={c.id} data-testid="client-item">
                  <Cell className="whitespace-nowrap font-mono text-xs">
                    <span data-testid="client-ref">{c.ref}</span>
                  </Cell>
                  <Cell className="min-w-40">
                    <Link href={`/clients/${c.id}`} className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800">
                      {c.lastName}, {c.firstName}
                    </Link>
                  </Cell>
                  <Cell className="min-w-32">{t(`categories.${c.category}`)}</Cell>
                  {showSite && <Cell className="min-w-40">{c.site.name}</Cell>}
                  {showMentor && <Cell className="min-w-32">{c.mentor ? c.mentor.name : <Badge tone="amber">{t("table.unassigned")}</Badge>}</Cell>}
                  <Cell className="whitespace-nowrap">
                    <Badge tone={STATUS_TONE[c.status]}>{t(`statuses.${c.status}`)}</Badge>
                  </Cell>
                  <Cell className="whitespace-nowrap">{languageOf(c.preferredLanguage)}</Cell>
                </tr>
              ))}
            </DataTable>
          </div>
        </>
      )}

      <nav aria-label={t("pagesLabel")} className="mt-4 flex flex-wrap gap-2">
        {params.after && <ButtonLink href={withCursor(null)}>{t("firstPage")}</ButtonLink>}
        {page.nextCursor && <ButtonLink href={withCursor(page.nextCursor)}>{t("nextPage")}</ButtonLink>}
      </nav>
    </>
  );
}
