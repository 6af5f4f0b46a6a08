import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";

type Site = { id: string; name: string; code: string; active: boolean; country: { name: string } };

/** A plain GET form (works without JavaScript) to choose which site to look at; hidden when there
 * is only one. */
export async function SitePicker({ sites, current, action }: { sites: Site[]; current: string; action: string }) {
  if (sites.length < 2) return null;
  const t = await getTranslations("assignment");
  return (
    <form method="get" action={action} className="mb-4 flex flex-col gap-2 sm:flex-row sm:items-end">
      <SelectField label={t("site.label")} name="site" defaultValue={current} className="sm:w-96">
        {sites.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name} ({s.code}) · {s.country.name}
          </option>
        ))}
      </SelectField>
      <Button type="submit" variant="secondary">
        {t("site.show")}
      </Button>
    </form>
  );
}
