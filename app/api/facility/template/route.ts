// GET the facility facts template (?format=csv, the default, or ?format=xlsx): the columns of
// lib/facility/rows.ts with one example row per fact. No client data in it.
import { NO_STORE, route } from "@/lib/route";
import { FACT_COLUMNS } from "@/lib/facility/rows";
import { sheetFile, type Cell } from "@/lib/facility/sheets";

export const dynamic = "force-dynamic";

const EXAMPLES: Cell[][] = [
  ["ZA-SOW-000123", "", "attended", "2026-11-30", "ART_REFILL", "", ""],
  ["", "SOW-4471", "missed", "2026-11-30", "", "", ""],
  ["ZA-SOW-000123", "", "next_appointment", "2027-01-04", "ART_REFILL", "", ""],
  ["ZA-SOW-000123", "", "viral_load", "2026-11-02", "", "2026-11-16", "<50"],
  ["", "SOW-4471", "infant_test", "2026-11-28", "", "", ""],
  ["", "SOW-5102", "transfer_out", "2026-11-27", "", "", ""],
  ["", "SOW-6230", "death", "2026-11-20", "", "", ""],
];

export const GET = route({ name: "facility.template", permission: "facility.update" }, async ({ request }) => {
  const format = new URL(request.url).searchParams.get("format") === "xlsx" ? "xlsx" : "csv";
  const file = await sheetFile(format, { name: "facility", columns: FACT_COLUMNS, rows: EXAMPLES });
  return new Response(file.body, {
    headers: { ...NO_STORE, "Content-Type": file.contentType, "Content-Disposition": `attachment; filename="facility-data-template.${format}"` },
  });
});
