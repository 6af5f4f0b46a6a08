import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth";
import { getProgrammeSettings } from "@/lib/settings/queries";
import { assignmentSites, clientSiteFor, listReassignClients, siteCaseloads } from "@/lib/assignment/queries";
import { REASSIGN_PAGE_SIZE, reassignParamsSchema } from "@/lib/assignment/schemas";
import { Alert, EmptyState, PageHeader } from "@/components/ui/card";
import { Button, ButtonLink } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { SitePicker } from "../site-picker";
import { ReassignForm } from "./reassign-form";
import { readSearch, SEARCH_FLAG } from "@/lib/search/search-text";
import { searchAction } from "@/lib/search/actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("assignment"))("reassign.title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ReassignPage({ searchParams }: Props) {
  const actor = await requireActor("clients.assign");
  const raw = await searchParams;
  // The search text is never in the address (lib/search/search-text.ts): it comes from the cookie.
  const params = { ...reassignParamsSchema.parse(raw), q: await readSearch("/supervision/reassign", raw[SEARCH_FLAG]) };
  // ?client=<id> (from a client's profile): her site, and only her, preselected. An id out of
  // scope or of a client who is not active is ignored like any other bad parameter.
  const clientSite = params.client ? await clientSiteFor(db, actor, params.client) : null;
  const client = clientSite ? params.client : undefined;
  const [t, { sites, current }, { settings }] = await Promise.all([
    getTranslations("assignment"),
    assignmentSites(db, actor, clientSite ?? params.site),
    getProgrammeSettings(db, actor),
  ]);
  if (!current) {
    return (
      <>
        <PageHeader title={t("reassign.title")} />
        <EmptyState title={t("site.none")} />
      </>
    );
  }
  const filter = client ? { client } : { mentor: params.mentor, language: params.language, q: params.q, after: params.after };
  const [page, caseloads] = await Promise.all([listReassignClients(db, actor, current.id, filter), siteCaseloads(db, actor, current, new Date())]);
  const languageName = (code: string) => settings.languages.find((l) => l.code === code)?.name ?? code;
  const href = (extra: Record<string, string | undefined>) => {
    const q = new URLSearchParams({ site: current.id });
    for (const [k, v] of Object.entries(extra)) if (v) q.set(k, v);
    return `/supervision/reassign?${q}`;
  };
  const filters = { mentor: params.mentor, language: params.language, [SEARCH_FLAG]: params.q ? "1" : undefined };
  const filtered = !!(params.mentor || params.language || params.q);

  return (
    <>
      <PageHeader
        title={t("reassign.title")}
        description={t("reassign.intro", { site: current.name })}
        actions={<ButtonLink href={`/supervision/caseloads?site=${current.id}`}>{t("nav.caseloads")}</ButtonLink>}
      />
      <SitePicker sites={sites} current={current.id} action="/supervision/reassign" />

      {client ? (
        <div className="mb-4">
          <Alert kind="info">
            {t("reassign.oneClient")}{" "}
            <a className="font-medium underline" href={href({})}>
              {t("reassign.showAll")}
            </a>
          </Alert>
        </div>
      ) : (
        <form action={searchAction} aria-label={t("reassign.filters")} className="mb-4 rounded-lg border border-slate-200 bg-white p-3">
          <input type="hidden" name="page" value="/supervision/reassign" />
          <input type="hidden" name="site" value={current.id} />
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
            <SelectField label={t("reassign.mentor")} name="mentor" defaultValue={params.mentor ?? ""}>
              <option value="">{t("reassign.anyMentor")}</option>
              <option value="none">{t("reassign.noMentor")}</option>
              {caseloads.mentors.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </SelectField>
            <SelectField label={t("reassign.language")} name="language" defaultValue={params.language ?? ""}>
              <option value="">{t("reassign.anyLanguage")}</option>
              {settings.languages.map((l) => (
                <option key={l.code} value={l.code}>
                  {l.name}
                </option>
              ))}
            </SelectField>
            <TextField label={t("reassign.search")} name="q" type="search" defaultValue={params.q ?? ""} maxLength={100} />
            <div className="flex flex-wrap items-end gap-2">
              <Button type="submit" variant="secondary">
                {t("reassign.apply")}
              </Button>
              {filtered && <ButtonLink href={href({})} variant="ghost">{t("reassign.clear")}</ButtonLink>}
            </div>
          </div>
        </form>
      )}

      {page.items.length === 0 ? (
        <EmptyState title={t("reassign.empty")}>{filtered || params.after ? t("reassign.emptyHint") : null}</EmptyState>
      ) : (
        <ReassignForm
          // A new page or filter starts a new selection: ticks on rows no longer shown must not be sent.
          key={JSON.stringify({ site: current.id, client, ...filters, q: params.q, after: params.after })}
          siteName={current.name}
          clients={page.items.map((c) => ({
            id: c.id,
            ref: c.ref,
            name: `${c.firstName} ${c.lastName}`,
            language: languageName(c.preferredLanguage),
            holder: c.mentor?.name ?? null,
          }))}
          mentors={caseloads.mentors.map((m) => ({
            id: m.id,
            name: m.name,
            caseload: m.caseload,
            cap: m.cap,
            languages: m.languages.map(languageName).join(", "),
            onLeaveToday: m.onLeaveToday,
          }))}
          preselected={client ? [client] : []}
        />
      )}

      <nav aria-label={t("reassign.pageSize", { n: REASSIGN_PAGE_SIZE })} className="mt-4 flex flex-wrap items-center gap-2">
        {params.after && <ButtonLink href={href(filters)}>{t("reassign.first")}</ButtonLink>}
        {page.nextCursor && <ButtonLink href={href({ ...filters, after: page.nextCursor })}>{t("reassign.next")}</ButtonLink>}
        <p className="text-sm text-slate-600">{t("reassign.pageSize", { n: REASSIGN_PAGE_SIZE })}</p>
      </nav>
    </>
  );
}
