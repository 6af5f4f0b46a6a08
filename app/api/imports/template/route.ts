// GET the import template (?format=csv, the default, or ?format=xlsx) for users who may import
// clients; anyone else gets 404. The template holds no client data, but every answer of this area
// is personal: never cached.
import { getTranslations } from "next-intl/server";
import { helpColumnKey } from "@/lib/imports/columns";
import { NO_STORE, route } from "@/lib/route";
import { templateCsv, templateXlsx } from "@/lib/imports/template";

export const dynamic = "force-dynamic";

export const GET = route({ name: "imports.template", permission: "clients.import" }, async ({ request }) => {
  const format = new URL(request.url).searchParams.get("format") === "xlsx" ? "xlsx" : "csv";
  if (format === "csv") {
    return new Response(templateCsv(), {
      headers: { ...NO_STORE, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="client-import-template.csv"' },
    });
  }
  const t = await getTranslations("imports");
  const body = await templateXlsx({
    sheetName: t("template.sheetClients"),
    helpSheetName: t("template.sheetHelp"),
    headers: [t("columns.column"), t("columns.required"), t("columns.description")],
    required: t("columns.yes"),
    optional: t("columns.no"),
    describe: (c) => t(`columns.help.${helpColumnKey(c)}`),
  });
  return new Response(new Uint8Array(body), {
    headers: {
      ...NO_STORE,
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": 'attachment; filename="client-import-template.xlsx"',
    },
  });
});
