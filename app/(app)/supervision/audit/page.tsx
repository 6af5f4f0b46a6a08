import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { denyPage, requestMeta, requireActor } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { listAuditEvents, type AuditRow } from "@/lib/audit-trail/queries";
import { auditFilterSchema } from "@/lib/audit-trail/schemas";
import { Badge, EmptyState, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { Cell, DataTable } from "@/components/ui/table";
import { AuditFilters } from "./audit-filters";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("security"))("audit.title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** What kind of access a row records, for the eye (the code itself is shown too). */
function kindOf(action: string): "view" | "export" | "denied" | "change" {
  if (action === "access.denied" || action.endsWith(".rate_limited")) return "denied";
  if (action.startsWith("export.")) return "export";
  if (action.endsWith(".viewed") || action.endsWith("_check") || action === "audit.lookup" || action === "calls.preview") return "view";
  return "change";
}
const TONE = { view: "slate", export: "amber", denied: "red", change: "green" } as const;

/** meta holds ids, counts and codes only (lib/audit.ts): shown as they are, scalars first. */
function details(meta: Record<string, unknown>): string {
  return Object.entries(meta)
    .filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(" · ")
    .slice(0, 400);
}

// Who viewed, changed or exported what (issue 13): administrators every row, supervisors their
// sites'. The address carries ids and days only; the page's own viewing is audited.
export default async function AuditPage({ searchParams }: Props) {
  const actor = await requireActor("audit.view");
  const [raw, meta] = await Promise.all([searchParams, requestMeta()]);
  const filter = auditFilterSchema.parse(raw);
  let page;
  try {
    page = await listAuditEvents(db, actor, filter, meta);
  } catch (e) {
    if (e instanceof AppError && e.code === "NOT_FOUND") await denyPage(actor, "/supervision/audit", filter.client ?? filter.user);
    throw e;
  }
  const [t, tc, format] = await Promise.all([getTranslations("security.audit"), getTranslations("common"), getFormatter()]);
  const query = (extra: Record<string, string>) => {
    const p = new URLSearchParams();
    for (const k of ["client", "user", "from", "to"] as const) if (filter[k]) p.set(k, filter[k]!);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return `/supervision/audit?${p}`;
  };
  const record = (r: AuditRow) => (r.clientRef ? t("clientRecord", { ref: r.clientRef }) : r.entityId ? `${r.entityType} ${r.entityId.slice(0, 8)}` : r.entityType);

  return (
    <>
      <PageHeader title={t("title")} description={t(actor.role === "ADMIN" ? "introAdmin" : "introSupervisor")} />
      <AuditFilters
        from={filter.from ?? ""}
        to={filter.to ?? ""}
        client={page.client}
        user={page.user}
      />
      {page.rows.length === 0 ? (
        <EmptyState title={t("empty")}>{t("emptyHint")}</EmptyState>
      ) : (
        <DataTable caption={t("caption")} head={[t("when"), t("who"), t("what"), t("record"), t("details")]}>
          {page.rows.map((r) => (
            <tr key={r.id}>
              <Cell className="whitespace-nowrap">{format.dateTime(r.at, { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" })}</Cell>
              <Cell>
                {r.actorName ?? t("system")}
                {r.actorRole && <span className="block text-xs text-slate-600">{tc(`roles.${r.actorRole}`)}</span>}
              </Cell>
              <Cell>
                <Badge tone={TONE[kindOf(r.action)]}>{t(`kinds.${kindOf(r.action)}`)}</Badge>
                <span className="mt-1 block font-mono text-xs">{r.action}</span>
              </Cell>
              <Cell>{record(r)}</Cell>
              <Cell className="max-w-xs break-words text-xs text-slate-700">{details(r.meta)}</Cell>
            </tr>
          ))}
        </DataTable>
      )}
      {page.next && (
        <div className="mt-4">
          <ButtonLink href={query({ before: page.next })}>{t("older")}</ButtonLink>
        </div>
      )}
    </>
  );
}
