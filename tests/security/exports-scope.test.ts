// Security brief, test 11 - export controls: only permitted roles, scoped to their area, identified
// columns only with the administrator's grant and a typed reason, the volume recorded. Through the
// same functions the download routes call (lib/reports/exports.ts), on the real database.
import "../integration/timeout";
import ExcelJS from "exceljs";
import { Readable } from "node:stream";
import { can, type Actor } from "@/lib/authz";
import { execute } from "@/lib/action";
import { setIdentifiedAccessCommand } from "@/lib/users/commands";
import { callReport, listExports } from "@/lib/reports/queries";
import { AppError } from "@/lib/errors";
import { fileResponse } from "@/lib/exports/files";
import { enrolmentReportFile, identifiedLineListFile, lineListFile, type ExportRequest } from "@/lib/reports/exports";
import { filtersFromSearch, resolveFilters } from "@/lib/reports/schemas";
import { actorFor, closeDb, createClient, createCountry, createSite, createUser, testDb } from "../factories";

afterAll(closeDb);

const KEY = "security-test-pseudonym-key-0123456789";
const NOW = new Date("2026-12-06T09:00:00Z");
const dbs = () => ({ read: testDb(), write: testDb() });

function request(actor: Actor, format: "csv" | "xlsx" = "csv", search = "period=range&from=2025-01-01&to=2026-12-31"): ExportRequest {
  const f = filtersFromSearch(new URLSearchParams(search));
  if (!f.success) throw new Error("bad filters");
  return { format, filters: resolveFilters(f.data, "2026-12-06"), today: "2026-12-06", ctx: { actorId: actor.userId } };
}

const csvRows = (text: string) => text.replace(/^\uFEFF/, "").trim().split("\r\n");

async function xlsxSheets(res: Response): Promise<string[][][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.read(Readable.from(Buffer.from(await res.arrayBuffer())));
  return wb.worksheets.map((ws) => {
    const rows: string[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v)))));
    return rows;
  });
}

const exportAudits = (actorId: string) =>
  testDb().auditEvent.findMany({ where: { actorId, action: { startsWith: "export." } }, orderBy: { id: "asc" } });

async function refused(p: Promise<unknown>, code: string) {
  await expect(p).rejects.toBeInstanceOf(AppError);
  await expect(p).rejects.toMatchObject({ code });
}

describe("test 11: export controls", () => {
  let siteA1: { id: string; name: string };
  let siteA2: { id: string };
  let siteB: { id: string };
  let countryA: string;
  const refs: Record<string, string[]> = { a1: [], a2: [], b: [] };

  beforeAll(async () => {
    const [a, b] = [await createCountry(), await createCountry()];
    countryA = a.id;
    // A site name that would run as a formula in a spreadsheet.
    siteA1 = await createSite({ countryId: a.id, name: "=HYPERLINK(\"http://evil\",\"x\")" });
    siteA2 = await createSite({ countryId: a.id });
    siteB = await createSite({ countryId: b.id });
    for (const [k, site, n] of [["a1", siteA1, 3], ["a2", siteA2, 2], ["b", siteB, 4]] as const) {
      for (let i = 0; i < n; i++) refs[k]!.push((await createClient(site.id)).ref);
    }
  });

  it("a programme manager's de-identified list holds her country only, without identifiers, and is audited with its row count", async () => {
    const pm = await actorFor(await createUser("PROGRAMME_MANAGER", { countryId: countryA }));
    const res = await lineListFile(dbs(), pm, request(pm), KEY);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-disposition")).toMatch(/filename="line-list_[a-z0-9-]+_2026-12-06\.csv"/);
    const text = await res.text();
    const lines = csvRows(text);
    expect(lines[0]).toBe("pseudonymous_id,country,site,category,age_band,enrolment_month,status,exit_reason,language,last_contact_month");
    expect(lines).toHaveLength(1 + 5);
    for (const ref of [...refs.a1!, ...refs.a2!, ...refs.b!]) expect(text).not.toContain(ref);
    expect(text).not.toContain("Test,"); // first names
    expect(text).not.toContain("1995-05-05"); // dates of birth
    // The formula-like site name is neutralised.
    expect(text).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    const audits = await exportAudits(pm.userId);
    expect(audits).toHaveLength(1);
    expect(audits[0]!.action).toBe("export.line-list");
    expect(audits[0]!.meta).toMatchObject({ rows: 5, complete: true, format: "csv", filters: { period: "range" } });
  });

  it("a supervisor's list and report hold her site only (CSV and Excel)", async () => {
    const sup = await actorFor(await createUser("SUPERVISOR", { siteIds: [siteA2.id] }));
    expect(csvRows(await (await lineListFile(dbs(), sup, request(sup), KEY)).text())).toHaveLength(1 + 2);
    const [sheet] = await xlsxSheets(await lineListFile(dbs(), sup, request(sup, "xlsx"), KEY));
    expect(sheet).toHaveLength(1 + 2);
    // A filter on another country's site gives nothing of it.
    const other = await lineListFile(dbs(), sup, request(sup, "csv", `period=range&from=2025-01-01&to=2026-12-31&site=${siteB.id}`), KEY);
    expect(csvRows(await other.text())).toHaveLength(1);
    const report = csvRows(await (await enrolmentReportFile(dbs(), sup, request(sup))).text());
    expect(report.find((l) => l.startsWith("total,"))).toBe("total,all,2,0,2,0,0,0");
  });

  it("a Mentor Mother has no exports at all", async () => {
    const site = await createSite({ countryId: countryA });
    const mm = await actorFor(await createUser("MENTOR_MOTHER", { siteIds: [site.id] }));
    await refused(lineListFile(dbs(), mm, request(mm), KEY), "NOT_FOUND");
    await refused(enrolmentReportFile(dbs(), mm, request(mm)), "NOT_FOUND");
    await refused(identifiedLineListFile(dbs(), mm, request(mm), "tracing list agreed with the clinic", NOW), "NOT_FOUND");
    expect(await exportAudits(mm.userId)).toHaveLength(0);
  });

  it("the identified list is refused without the grant or without a reason, and nothing is written", async () => {
    const pm = await actorFor(await createUser("PROGRAMME_MANAGER", { countryId: countryA }));
    await refused(identifiedLineListFile(dbs(), pm, request(pm), "tracing list agreed with the clinic", NOW), "NOT_FOUND");
    const admin = await actorFor(await createUser("ADMIN"));
    await refused(identifiedLineListFile(dbs(), admin, request(admin), "a reason long enough", NOW), "NOT_FOUND");
    await testDb().user.update({ where: { id: pm.userId }, data: { identifiedAccessGrantedAt: NOW, identifiedAccessGrantedBy: admin.userId } });
    const granted = await actorFor({ ...pm, id: pm.userId, countryId: countryA });
    await refused(identifiedLineListFile(dbs(), granted, request(granted), undefined, NOW), "VALIDATION");
    await refused(identifiedLineListFile(dbs(), granted, request(granted), "   short  ", NOW), "VALIDATION");
    expect(await exportAudits(pm.userId)).toHaveLength(0);
    expect(await exportAudits(admin.userId)).toHaveLength(0);
  });

  it("with the grant and a reason: who, when and why on the first line, her area only, audited with the reason and rows", async () => {
    const admin = await actorFor(await createUser("ADMIN"));
    const user = await createUser("PROGRAMME_MANAGER", { countryId: countryA, name: "Nomsa Manager" });
    await testDb().user.update({ where: { id: user.id }, data: { identifiedAccessGrantedAt: NOW, identifiedAccessGrantedBy: admin.userId } });
    const pm = await actorFor(user);
    const reason = "Tracing list agreed with the clinic";
    const lines = csvRows(await (await identifiedLineListFile(dbs(), pm, request(pm), reason, NOW)).text());
    expect(lines[0]).toContain("Nomsa Manager");
    expect(lines[0]).toContain("2026-12-06T09:00:00.000Z");
    expect(lines[0]).toContain(reason);
    expect(lines[1]).toMatch(/^reference,first_name,last_name,date_of_birth/);
    expect(lines).toHaveLength(2 + 5);
    for (const ref of [...refs.a1!, ...refs.a2!]) expect(lines.join("\n")).toContain(ref);
    for (const ref of refs.b!) expect(lines.join("\n")).not.toContain(ref);
    const [sheet] = await xlsxSheets(await identifiedLineListFile(dbs(), pm, request(pm, "xlsx"), reason, NOW));
    expect(sheet![0]![0]).toContain(reason);
    expect(sheet).toHaveLength(2 + 5);
    const audits = await exportAudits(pm.userId);
    expect(audits.map((a) => a.action)).toEqual(["export.line-list-identified", "export.line-list-identified"]);
    expect(audits[0]!.meta).toMatchObject({ rows: 5, complete: true, reason });
  });

  it("the grant is an audited administrator's command; it opens identified records to a manager; every export is listed for administrators", async () => {
    const admin = await actorFor(await createUser("ADMIN"));
    const user = await createUser("PROGRAMME_MANAGER", { countryId: countryA });
    expect(can(await actorFor(user), "clients.view")).toBe(false);
    const pm = await actorFor(user);
    expect((await execute(testDb(), setIdentifiedAccessCommand, pm, { id: user.id, version: 1, granted: true })).ok).toBe(false);
    const r = await execute(testDb(), setIdentifiedAccessCommand, admin, { id: user.id, version: 1, granted: true });
    expect(r.ok).toBe(true);
    expect(can(await actorFor(user), "clients.view")).toBe(true);
    const audit = await testDb().auditEvent.findMany({ where: { entityId: user.id, action: { startsWith: "user.identified_access" } } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([["user.identified_access.granted", admin.userId]]);
    const back = await execute(testDb(), setIdentifiedAccessCommand, admin, { id: user.id, version: 2, granted: false });
    expect(back.ok).toBe(true);
    expect(can(await actorFor(user), "clients.view")).toBe(false);
    // A Mentor Mother cannot be granted identified data (she has her own clients anyway).
    const mm = await createUser("MENTOR_MOTHER", { siteIds: [siteA2.id] });
    expect((await execute(testDb(), setIdentifiedAccessCommand, admin, { id: mm.id, version: 1, granted: true })).ok).toBe(false);

    await (await lineListFile(dbs(), admin, request(admin), KEY)).text();
    const listed = await listExports(testDb(), admin);
    expect(listed[0]).toMatchObject({ kind: "line-list", format: "csv", complete: true, actorName: expect.any(String) });
    await refused(listExports(testDb(), pm), "NOT_FOUND");
  });

  it("the call figures (coverage definitions) count the tasks and calls of the user's sites only", async () => {
    const mm = await createUser("MENTOR_MOTHER", { siteIds: [siteA2.id] });
    const client = await createClient(siteA2.id, { mentorId: mm.id });
    const task = await testDb().callTask.create({
      data: { clientId: client.id, mentorId: mm.id, taskDate: new Date("2026-06-10T00:00:00Z"), reasons: ["adherence"], priority: 8, status: "DONE", firstDueDate: new Date("2026-06-10T00:00:00Z") },
    });
    await testDb().callAttempt.create({
      data: { taskId: task.id, clientId: client.id, mentorId: mm.id, disposition: "REACHED", createdAt: new Date("2026-06-10T08:00:00Z"), idempotencyKey: `sec-${task.id}` },
    });
    const june = request({ userId: mm.id } as Actor, "csv", "period=month&month=2026-06").filters;
    const sup = await actorFor(await createUser("SUPERVISOR", { siteIds: [siteA2.id] }));
    expect((await callReport(testDb(), sup, june)).current).toMatchObject({ due: 1, attempted: 1, reached: 1, calls: 1 });
    expect((await callReport(testDb(), sup, june)).previous).toMatchObject({ due: 0, calls: 0 });
    const otherSup = await actorFor(await createUser("SUPERVISOR", { siteIds: [siteB.id] }));
    expect((await callReport(testDb(), otherSup, june)).current).toMatchObject({ due: 0, calls: 0 });
    // Her country's manager sees it; filtering on another country's site does not bring it back.
    const pm = await actorFor(await createUser("PROGRAMME_MANAGER", { countryId: countryA }));
    expect((await callReport(testDb(), pm, june)).current.due).toBeGreaterThanOrEqual(1);
    const elsewhere = request(pm, "csv", `period=month&month=2026-06&site=${siteB.id}`).filters;
    expect((await callReport(testDb(), pm, elsewhere)).current).toMatchObject({ due: 0, calls: 0 });
    const mmActor = await actorFor(mm);
    await refused(callReport(testDb(), mmActor, june), "NOT_FOUND");
  });

  it("an Excel file longer than a sheet continues on the next one", async () => {
    const rows = Array.from({ length: 25 }, (_, i) => [`r${i}`, i]);
    const res = fileResponse("xlsx", "x.xlsx", { sheetName: "Rows", header: ["name", "n"], rows }, undefined, 10);
    const sheets = await xlsxSheets(res);
    expect(sheets.map((s) => s.length)).toEqual([10, 10, 8]);
    expect(sheets.flatMap((s) => s.slice(1)).map((r) => r[0])).toEqual(rows.map((r) => r[0]));
  });
});
