import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth";
import { ROLES } from "@/lib/authz";
import { listSites } from "@/lib/sites/queries";
import { listUsers } from "@/lib/users/queries";
import { userListParamsSchema } from "@/lib/users/schemas";
import { Badge, EmptyState, PageHeader } from "@/components/ui/card";
import { FilterActions } from "@/components/ui/filter-actions";
import { ButtonLink } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { Cell, DataTable } from "@/components/ui/table";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("users"))("title") };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function UsersPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor("admin.users");
  const raw = await searchParams;
  // Repeated or malformed parameters are ignored, never an error page.
  const one = (k: string) => (typeof raw[k] === "string" ? (raw[k] as string) : undefined);
  const params = userListParamsSchema.parse({ q: one("q"), role: one("role"), site: one("site"), status: one("status"), after: one("after") });
  const [t, tc, sites, page] = await Promise.all([
    getTranslations("users"),
    getTranslations("common"),
    listSites(db, actor),
    listUsers(db, actor, {
      q: params.q || undefined,
      role: params.role,
      siteId: params.site,
      active: params.status === "active" ? true : params.status === "inactive" ? false : undefined,
      after: params.after,
    }),
  ]);

  const filters = new URLSearchParams();
  if (params.q) filters.set("q", params.q);
  if (params.role) filters.set("role", params.role);
  if (params.site) filters.set("site", params.site);
  if (params.status) filters.set("status", params.status);
  const withCursor = (after: string | null) => {
    const p = new URLSearchParams(filters);
    if (after) p.set("after", after);
    const s = p.toString();
    return s ? `/admin/users?${s}` : "/admin/users";
  };
  const filtered = filters.size > 0;

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("intro")}
        actions={
          <ButtonLink href="/admin/users/new" variant="primary">
            {t("newUser")}
          </ButtonLink>
        }
      />

      {/* A plain GET form: searching and filtering work without JavaScript. */}
      <form method="get" action="/admin/users" role="search" aria-label={t("filters.legend")} className="mb-4 rounded-lg border border-slate-200 bg-white p-3">
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <TextField label={t("filters.q")} name="q" type="search" defaultValue={params.q ?? ""} hint={t("filters.qHint")} autoComplete="off" maxLength={100} />
          <SelectField label={t("filters.role")} name="role" defaultValue={params.role ?? ""}>
            <option value="">{t("filters.anyRole")}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {tc(`roles.${r}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t("filters.site")} name="site" defaultValue={params.site ?? ""}>
            <option value="">{t("filters.anySite")}</option>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} · {s.country.name}
              </option>
            ))}
          </SelectField>
          <SelectField label={t("filters.status")} name="status" defaultValue={params.status ?? "all"}>
            <option value="all">{t("filters.statusAll")}</option>
            <option value="active">{t("filters.statusActive")}</option>
            <option value="inactive">{t("filters.statusInactive")}</option>
          </SelectField>
        </div>
        <FilterActions submitLabel={t("filters.submit")} clearLabel={t("filters.clear")} clearHref="/admin/users" filtered={filtered} />
      </form>

      {page.items.length === 0 ? (
        <EmptyState title={t("empty")}>{t("emptyHint")}</EmptyState>
      ) : (
        <DataTable caption={t("table.caption")} head={[t("table.name"), t("table.username"), t("table.role"), t("table.sites"), t("table.status")]}>
          {page.items.map((u) => (
            <tr key={u.id}>
              <Cell className="min-w-40">
                <Link href={`/admin/users/${u.id}`} className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800">
                  {u.name}
                </Link>
              </Cell>
              <Cell className="whitespace-nowrap font-mono text-xs">{u.username}</Cell>
              <Cell className="whitespace-nowrap">{tc(`roles.${u.role}`)}</Cell>
              <Cell>{u.sites.map((s) => s.site.name).join(", ") || "-"}</Cell>
              <Cell>{u.active ? <Badge tone="green">{tc("active")}</Badge> : <Badge tone="red">{tc("inactive")}</Badge>}</Cell>
            </tr>
          ))}
        </DataTable>
      )}

      <nav aria-label={t("title")} className="mt-4 flex flex-wrap gap-2">
        {params.after && <ButtonLink href={withCursor(null)}>{t("firstPage")}</ButtonLink>}
        {page.nextCursor && <ButtonLink href={withCursor(page.nextCursor)}>{t("nextPage")}</ButtonLink>}
      </nav>
    </>
  );
}
