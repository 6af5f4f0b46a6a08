"use client";
// The visit list's download: a site, a day (empty = tomorrow there), CSV or Excel. A plain GET form
// to the download route (site id and day only: no client data in the address).
import { useId, useState } from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";

type SiteOption = { id: string; label: string; tomorrow: string };

export function VisitListForm({ sites }: { sites: SiteOption[] }) {
  const t = useTranslations("facility");
  const [siteId, setSiteId] = useState(sites[0]?.id ?? "");
  const formId = useId();
  const site = sites.find((s) => s.id === siteId);
  return (
    <form id={formId} method="get" action="/api/facility/visits" className="space-y-3">
      <SelectField label={t("visits.site")} name="siteId" value={siteId} onChange={(e) => setSiteId(e.target.value)}>
        {sites.map((s) => (
          <option key={s.id} value={s.id}>{s.label}</option>
        ))}
      </SelectField>
      <TextField label={t("visits.day")} name="day" type="date" hint={t("visits.dayHint")} placeholder={site?.tomorrow} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" name="format" value="csv" data-testid="visits-csv">{t("visits.csv")}</Button>
        <Button type="submit" name="format" value="xlsx" variant="secondary" data-testid="visits-xlsx">{t("visits.xlsx")}</Button>
      </div>
    </form>
  );
}
