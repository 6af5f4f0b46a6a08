// GET every error and skipped duplicate of an import job as CSV, in the user's language, for the
// person who uploaded the file (anyone else: 404). Row numbers and column names only, never the
// cells' values; written by the shared file writer (lib/exports/files.ts), so every text cell passes
// the one formula guard (lib/exports/neutralise.ts).
import { getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { isoDate } from "@/lib/dates";
import { exportFileName, fileResponse } from "@/lib/exports/files";
import { describeIssue, issuesCsvRows, type Translate } from "@/lib/imports/errors";
import { route } from "@/lib/route";
import { getImportIssues } from "@/lib/imports/queries";

export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>({ name: "imports.errors", permission: "clients.import" }, async ({ actor, params, meta }) => {
  const { id } = params;
  const { errors, duplicates } = await getImportIssues(db, actor, id);
  const [t, te] = await Promise.all([getTranslations("imports"), getTranslations("errors")]);
  const describe = (i: Parameters<typeof describeIssue>[0]) => describeIssue(i, t as unknown as Translate, te as unknown as Translate);
  return fileResponse("csv", exportFileName("import-errors", id.slice(0, 8), isoDate(meta.now), "csv"), {
    sheetName: "Errors",
    header: [t("errors.row"), t("errors.column"), t("errors.kind"), t("errors.problem")],
    rows: [...issuesCsvRows(errors, t("errors.kindError"), describe), ...issuesCsvRows(duplicates, t("errors.kindDuplicate"), describe)],
  });
});
