// GET every error and skipped duplicate of an import job as CSV, in the user's language, for the
// person who uploaded the file (anyone else: 404). Row numbers and column names only, never the
// cells' values; the text passes the formula guard of csv-output.ts.
import { getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { csvLine, UTF8_BOM } from "@/lib/imports/csv-output";
import { describeIssue, issuesCsvRows, type Translate } from "@/lib/imports/errors";
import { NO_STORE, route } from "@/lib/route";
import { getImportIssues } from "@/lib/imports/queries";

export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>({ name: "imports.errors", permission: "clients.import" }, async ({ actor, params }) => {
  const { id } = params;
  const { errors, duplicates } = await getImportIssues(db, actor, id);
  const [t, te] = await Promise.all([getTranslations("imports"), getTranslations("errors")]);
  const describe = (i: Parameters<typeof describeIssue>[0]) => describeIssue(i, t as unknown as Translate, te as unknown as Translate);
  const lines = [
    csvLine([t("errors.row"), t("errors.column"), t("errors.kind"), t("errors.problem")]),
    ...issuesCsvRows(errors, t("errors.kindError"), describe).map(csvLine),
    ...issuesCsvRows(duplicates, t("errors.kindDuplicate"), describe).map(csvLine),
  ];
  return new Response(UTF8_BOM + lines.join(""), {
    headers: {
      ...NO_STORE,
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="import-errors-${id.slice(0, 8)}.csv"`,
    },
  });
});
