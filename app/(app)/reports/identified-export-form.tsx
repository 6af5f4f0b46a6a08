import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { SelectField, TextAreaField } from "@/components/ui/field";

/** The identified line list: a plain POST (the reason never goes into a URL), answered with the
 * file. Shown only to users an administrator granted the permission; the route checks again. */
export async function IdentifiedExportForm({ params }: { params: Record<string, string> }) {
  const t = await getTranslations("reports");
  return (
    <form method="post" action="/api/exports/line-list-identified" className="space-y-3">
      <p className="text-sm text-slate-700">{t("identified.hint")}</p>
      {Object.entries(params).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <TextAreaField label={t("identified.reason")} hint={t("identified.reasonHint")} name="reason" required minLength={10} maxLength={300} rows={2} />
      <SelectField label={t("identified.format")} name="format" defaultValue="csv">
        <option value="csv">CSV</option>
        <option value="xlsx">Excel (.xlsx)</option>
      </SelectField>
      <Button type="submit">{t("identified.submit")}</Button>
    </form>
  );
}
