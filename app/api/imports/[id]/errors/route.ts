// GET every error and skipped duplicate of an import job as CSV, in the user's language, for the
// person who uploaded the file (anyone else: 404). Row numbers and column names only, never the
// cells' values; the text passes the formula guard of csv-output.ts.
import { getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { csvLine, UTF8_BOM } from "@/lib/imports/csv-output";
import { describeIssue, issuesCsvRows, type Translate } from "@/lib/imports/errors";
import { errorResponse, importActor, refusal } from "@/lib/imports/http";
import { getImportIssues } from "@/lib/imports/queries";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const actor = await importActor();
    if (actor === "signed-out") return refusal("UNAUTHENTICATED");
    if (!actor) return refusal("NOT_FOUND");
    const { id } = await params;
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
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="import-errors-${id.slice(0, 8)}.csv"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (err) {
    return errorResponse(err, "imports.errors");
  }
}
