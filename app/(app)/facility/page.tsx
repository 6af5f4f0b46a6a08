import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth";
import { facilitySites, recentUploads } from "@/lib/facility/queries";
import { MAX_FILE_BYTES } from "@/lib/imports/parse";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Cell, DataTable } from "@/components/ui/table";
import { FacilityUploadForm } from "./upload-form";
import { VisitListForm } from "./visit-list-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("facility"))("title") };
}

/** Supervisors, data clerks and administrators keep the register's clinical facts up to date. */
export default async function FacilityPage() {
  const actor = await requireActor("facility.update");
  const now = new Date();
  const [t, format, sites, uploads] = await Promise.all([
    getTranslations("facility"),
    getFormatter(),
    facilitySites(db, actor, now),
    recentUploads(db, actor),
  ]);
  return (
    <>
      <PageHeader title={t("title")} description={t("intro")} />
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title={t("visits.title")}>
          <p className="mb-3 text-sm text-slate-600">{t("visits.intro")}</p>
          <VisitListForm sites={sites.map((s) => ({ id: s.id, label: `${s.name} (${s.code})`, tomorrow: s.tomorrow }))} />
        </Card>
        <Card title={t("upload.title")}>
          <p className="mb-3 text-sm text-slate-600">{t("upload.intro")}</p>
          <FacilityUploadForm maxBytes={MAX_FILE_BYTES} maxMb={Math.round(MAX_FILE_BYTES / 1024 / 1024)} />
        </Card>
      </div>
      <section className="mt-4" aria-labelledby="recent-uploads">
        <h2 id="recent-uploads" className="mb-2 text-lg font-semibold">{t("recent.title")}</h2>
        {uploads.length === 0 ? (
          <EmptyState title={t("recent.empty")} />
        ) : (
          <DataTable caption={t("recent.title")} head={[t("recent.when"), t("recent.status"), t("recent.rows")]}>
            {uploads.map((u) => (
              <tr key={u.id}>
                <Cell>{format.dateTime(u.createdAt, { dateStyle: "medium", timeStyle: "short" })}</Cell>
                <Cell>{t(`recent.statuses.${u.status}`)}</Cell>
                <Cell>{`${u.rowsApplied} / ${u.rowsTotal}`}</Cell>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
    </>
  );
}
