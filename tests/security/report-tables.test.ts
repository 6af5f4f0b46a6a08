// Every report table downloads through one mechanism (lib/reports/exports.ts REPORT_TABLES): the
// call and outcome tables as CSV and Excel, scoped like the page, audited like the enrolment table,
// the file named with scope and date; a Mentor Mother gets none; an unregistered name is no table.
import "../integration/timeout";
import ExcelJS from "exceljs";
import { Readable } from "node:stream";
import type { Actor } from "@/lib/authz";
import { AppError } from "@/lib/errors";
import { callReport, outcomeReport } from "@/lib/reports/queries";
import { figuresTable, isReportTable, REPORT_TABLES, reportTableFile, type ExportRequest } from "@/lib/reports/exports";
import { filtersFromSearch, resolveFilters } from "@/lib/reports/schemas";
import { actorFor, closeDb, createClient, createCountry, createSite, createUser, testDb } from "../factories";

afterAll(closeDb);

const dbs = () => ({ read: testDb(), write: testDb() });
function request(actor: Actor, format: "csv" | "xlsx" = "csv"): ExportRequest {
  const f = filtersFromSearch(new URLSearchParams("period=range&from=2025-01-01&to=2026-12-31"));
  if (!f.success) throw new Error("bad filters");
  return { format, filters: resolveFilters(f.data, "2026-12-06"), today: "2026-12-06", ctx: { actorId: actor.userId } };
}
const csvRows = (text: string) => text.replace(/^\uFEFF/, "").trim().split("\r\n").map((l) => l.split(","));

describe("report tables: one download mechanism", () => {
  let countryA: string;
  let siteA: { id: string };

  beforeAll(async () => {
    const [a, b] = [await createCountry(), await createCountry()];
    countryA = a.id;
    siteA = await createSite({ countryId: a.id });
    const siteB = await createSite({ countryId: b.id });
    for (const s of [siteA, siteA, siteB]) await createClient(s.id);
  });

  it("registers enrolment, calls and outcomes; anything else is no table", () => {
    expect(Object.keys(REPORT_TABLES)).toEqual(expect.arrayContaining(["enrolment", "calls", "outcomes"]));
    expect(isReportTable("calls")).toBe(true);
    expect(isReportTable("toString")).toBe(false);
    expect(isReportTable("line-list")).toBe(false);
  });

  it("a manager's call table as CSV: her country's figures, named with scope and date, audited", async () => {
    const pm = await actorFor(await createUser("PROGRAMME_MANAGER", { countryId: countryA }));
    const res = await reportTableFile(dbs(), pm, "calls", request(pm));
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-disposition")).toMatch(/filename="calls-report_[a-z0-9-]+_2026-12-06\.csv"/);
    const rows = csvRows(await res.text());
    const header = rows[1]!;
    expect(header.slice(0, 4)).toEqual(["row", "due", "attempted", "reached"]);
    const want = await callReport(testDb(), pm, request(pm).filters);
    const current = rows.find((r) => r[0] === "current")!;
    expect(Number(current[header.indexOf("due")])).toBe(want.current.due);
    expect(Number(current[header.indexOf("calls")])).toBe(want.current.calls);
    const audit = await testDb().auditEvent.findFirst({ where: { actorId: pm.userId, action: "export.calls-report" } });
    expect(audit?.meta).toMatchObject({ kind: "calls-report", format: "csv", rows: 2, complete: true });
  });

  it("the outcome table as Excel, one line per group", async () => {
    const admin = await actorFor(await createUser("ADMIN"));
    const res = await reportTableFile(dbs(), admin, "outcomes", request(admin, "xlsx"));
    expect(res.headers.get("content-disposition")).toMatch(/filename="outcomes-report_programme_2026-12-06\.xlsx"/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.read(Readable.from(Buffer.from(await res.arrayBuffer())));
    const lines: unknown[][] = [];
    wb.worksheets[0]!.eachRow((r) => lines.push((r.values as unknown[]).slice(1)));
    expect(lines[1]).toEqual(["row", "eligible", "withResult", "suppressed1000", "suppressed50"]);
    const want = await outcomeReport(testDb(), admin, request(admin).filters);
    expect(lines.find((l) => l[0] === "TOTAL")).toEqual(["TOTAL", want.TOTAL.eligible, want.TOTAL.withResult, want.TOTAL.suppressed1000, want.TOTAL.suppressed50]);
  });

  it("a Mentor Mother gets no table, and nothing is audited", async () => {
    const mm = await actorFor(await createUser("MENTOR_MOTHER", { siteIds: [siteA.id] }));
    await expect(reportTableFile(dbs(), mm, "calls", request(mm))).rejects.toBeInstanceOf(AppError);
    expect(await testDb().auditEvent.count({ where: { actorId: mm.userId, action: { startsWith: "export." } } })).toBe(0);
  });

  it("figuresTable lays out lists, records of records and flat records", () => {
    expect(figuresTable([{ a: 1, b: "x" }, { a: 2, b: "y" }])).toEqual({ header: ["a", "b"], rows: [[1, "x"], [2, "y"]] });
    expect(figuresTable({ g1: { n: 1, by: { k: 2 } }, g2: { n: 3, by: { k: 4 } } })).toEqual({ header: ["row", "n", "by.k"], rows: [["g1", 1, 2], ["g2", 3, 4]] });
    expect(figuresTable({ due: 5, rate: 0.5 })).toEqual({ header: ["figure", "value"], rows: [["due", 5], ["rate", 0.5]] });
    expect(figuresTable([{ site: "id-1" }], new Map([["id-1", "Clinic"]]))).toEqual({ header: ["site"], rows: [["Clinic"]] });
  });
});
