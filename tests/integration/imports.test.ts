// Bulk client import against a real PostgreSQL: a file goes through the same path as an upload
// (startImport -> validate every row -> one-transaction write -> report), small files inline and
// large ones through the queue hand-over, which is stubbed here (the worker calls runImportJob).
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import pg from "pg";
import type { Actor } from "@/lib/authz";
import { AppError } from "@/lib/errors";
import { TEMPLATE_COLUMNS } from "@/lib/imports/columns";
import { INLINE_MAX_ROWS, cleanUpImports, runImportJob, startImport, uploadDir, type ImportJobPayload } from "@/lib/imports/job";
import { getImportIssues, getImportJob } from "@/lib/imports/queries";
import { checkDeclaredSize, saveUpload } from "@/lib/imports/upload";
import { ImportFileError } from "@/lib/imports/errors";
import { MAX_FILE_BYTES } from "@/lib/imports/parse";
import { BATCH_ROWS } from "@/lib/imports/row-checkers";
import { actorFor, closeDb, createClient, createSite, createUser, testDb, uid } from "@/tests/factories";

afterAll(closeDb);

/** South African mobile numbers nobody in the test database has yet (test data piles up). */
const freshPhones: string[] = [];
async function fillPhones(n: number) {
  const candidates = new Set<string>();
  while (candidates.size < n * 1.2) candidates.add(`+2772${String(Math.floor(Math.random() * 10_000_000)).padStart(7, "0")}`);
  const taken = new Set((await testDb().clientPhone.findMany({ where: { number: { in: [...candidates] } }, select: { number: true } })).map((p) => p.number));
  freshPhones.push(...[...candidates].filter((c) => !taken.has(c)).slice(0, n));
}
const phone = () => {
  const p = freshPhones.pop();
  if (!p) throw new Error("out of fresh phone numbers");
  return p;
};

type Row = Record<string, string>;

function csv(rows: Row[], columns: readonly string[] = TEMPLATE_COLUMNS): string {
  const q = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [columns.join(","), ...rows.map((r) => columns.map((c) => q(r[c] ?? "")).join(","))].join("\n") + "\n";
}

/** Puts content where an upload lands (runImportJob only reads files from there). */
function staged(content: string | Buffer): { path: string; size: number } {
  fs.mkdirSync(uploadDir(), { recursive: true });
  const p = path.join(uploadDir(), `${randomUUID()}.upload`);
  fs.writeFileSync(p, content);
  return { path: p, size: fs.statSync(p).size };
}

const noQueue = async () => {
  throw new Error("small files must not be queued");
};

async function runFile(actor: Actor, content: string | Buffer, validOnly = false) {
  const upload = staged(content);
  const jobId = await startImport(testDb(), actor, upload, { validOnly, enqueue: noQueue });
  // The file is gone once the job has run, whatever the outcome.
  expect(fs.existsSync(upload.path)).toBe(false);
  return getImportJob(testDb(), actor, jobId);
}

let site: Awaited<ReturnType<typeof createSite>>;
let otherSite: Awaited<ReturnType<typeof createSite>>;
let supervisor: Actor;
let mentors: { id: string }[];

beforeAll(async () => {
  await fillPhones(3000);
  site = await createSite({ code: `IMP-${uid()}`.toUpperCase() });
  otherSite = await createSite({ countryId: site.countryId, code: `IMQ-${uid()}`.toUpperCase() });
  supervisor = await actorFor(await createUser("SUPERVISOR", { siteIds: [site.id] }));
  mentors = await Promise.all([
    createUser("MENTOR_MOTHER", { siteIds: [site.id], languages: ["en", "zu"] }),
    createUser("MENTOR_MOTHER", { siteIds: [site.id], languages: ["en"] }),
  ]);
});

/** A valid row at `code`, unique in the test database. */
function good(code = site.code, over: Row = {}): Row {
  return {
    site_code: code,
    first_name: `Imp${uid()}`,
    last_name: `Client${uid()}`,
    date_of_birth: `19${60 + Math.floor(Math.random() * 40)}-0${1 + Math.floor(Math.random() * 9)}-1${Math.floor(Math.random() * 9)}`,
    category: "POSTNATAL",
    enrolment_date: "2026-02-01",
    preferred_language: "zu",
    consent_calls: "yes",
    phone_1: phone(),
    infant_1_name: "Baby",
    infant_1_dob: "2026-01-20",
    next_appointment_date: "2026-12-30",
    next_appointment_kind: "ART_REFILL",
    vl_copies: "1200",
    vl_sample_date: "2026-01-05",
    ...over,
  };
}

const clientsNamed = (lastNames: string[]) =>
  testDb().client.findMany({ where: { lastName: { in: lastNames } }, include: { phones: true, infants: true, appointments: true, viralLoads: true, assignments: true } });

describe("a file with good and bad rows", () => {
  const rows = () => [
    good(),
    good(site.code, { date_of_birth: "2031-01-01" }),
    good(),
    // A number no country has ("12345678" is a real number in 18 countries, and the test site's country is random).
    good(site.code, { phone_1: "00000000", consent_calls: "maybe" }),
  ];

  it("writes nothing and reports every error by row and column", async () => {
    const file = rows();
    const job = await runFile(supervisor, csv(file));
    expect(job.status).toBe("FAILED");
    expect(job.message).toBe("rowsHaveErrors");
    expect(job.rowsTotal).toBe(4);
    expect(job.errorRows).toBe(2);
    expect(job.validRows).toBe(2);
    expect(job.errors.map((e) => [e.row, e.column, e.key])).toEqual([
      [3, "date_of_birth", "dateInFuture"],
      [3, "enrolment_date", "beforeBirth"],
      [3, "infant_1_dob", "beforeBirth"],
      [5, "consent_calls", "invalidBoolean"],
      [5, "phone_1", "invalidPhone"],
    ]);
    expect(await clientsNamed(file.map((r) => r.last_name!))).toEqual([]);
  });

  it("with 'valid rows only' writes exactly the good rows, with their details, assigned at their site", async () => {
    const file = rows();
    const job = await runFile(supervisor, csv(file), true);
    expect(job.status).toBe("DONE");
    expect(job.report).toMatchObject({ created: 2, assigned: 2, unassigned: 0, duplicates: 0, errorRows: 2, rowsTotal: 4 });
    const written = await clientsNamed(file.map((r) => r.last_name!));
    expect(written.map((c) => c.lastName).sort()).toEqual([file[0]!.last_name, file[2]!.last_name].sort());
    for (const c of written) {
      expect(c.siteId).toBe(site.id);
      expect(c.enrolmentSource).toBe("import");
      expect(c.ref).toMatch(new RegExp(`^${site.code}-\\d{6}$`));
      expect(mentors.map((m) => m.id)).toContain(c.mentorId);
      expect(c.assignments).toHaveLength(1);
      expect(c.assignments[0]).toMatchObject({ mentorId: c.mentorId, reason: "import", endAt: null, changedById: supervisor.userId });
      expect(c.phones).toHaveLength(1);
      expect(c.phones[0]!.number).toMatch(/^\+2772\d{7}$/);
      expect(c.infants).toHaveLength(1);
      expect(c.appointments).toHaveLength(1);
      expect(c.viralLoads).toMatchObject([{ copies: 1200 }]);
      expect(c.lastVlCopies).toBe(1200);
    }
    // Two refs in a row, never reused.
    const refs = written.map((c) => c.ref).sort();
    expect(new Set(refs).size).toBe(2);

    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { action: "import.completed", entityId: job.id } });
    expect(audit.actorId).toBe(supervisor.userId);
    expect(audit.meta).toMatchObject({ jobId: job.id, fileType: "csv", created: 2, assigned: 2, errorRowsSkipped: 2, validOnly: true });
    // Counts and codes only: no name, number or date from the file.
    const meta = JSON.stringify(audit.meta);
    for (const r of file) {
      expect(meta).not.toContain(r.last_name!);
      expect(meta).not.toContain(r.phone_1!);
    }
    const perClient = await testDb().auditEvent.count({ where: { action: "client.imported", entityId: { in: written.map((c) => c.id) } } });
    expect(perClient).toBe(2);
  });
});

describe("files that cannot be read as a client list", () => {
  it("names the missing and unknown columns", async () => {
    const cols = TEMPLATE_COLUMNS.filter((c) => c !== "preferred_language" && c !== "consent_calls");
    const job = await runFile(supervisor, csv([good()], [...cols, "favourite_colour"]));
    expect(job.status).toBe("FAILED");
    expect(job.fileError).toEqual({
      key: "wrongHeaders",
      params: { missing: "preferred_language, consent_calls", unknown: "favourite_colour", duplicate: "" },
    });
    expect(job.rowsTotal).toBe(0);
  });

  it("refuses a file that is not UTF-8, and accepts one with a byte-order mark", async () => {
    const row = good(site.code, { first_name: "Jo\u00e3o" });
    const latin1 = Buffer.from(csv([row]), "latin1");
    const bad = await runFile(supervisor, latin1);
    expect(bad.fileError?.key).toBe("badEncoding");
    expect(await clientsNamed([row.last_name!])).toEqual([]);

    const withBom = await runFile(supervisor, Buffer.from(`\uFEFF${csv([row])}`, "utf8"));
    expect(withBom.status).toBe("DONE");
    expect((await clientsNamed([row.last_name!]))[0]!.firstName).toBe("Jo\u00e3o");
  });

  it("reads .xlsx files", async () => {
    const row = good();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Clients");
    ws.addRow([...TEMPLATE_COLUMNS]);
    ws.addRow(TEMPLATE_COLUMNS.map((c) => (c === "date_of_birth" ? new Date(`${row[c]}T00:00:00Z`) : row[c] ?? "")));
    const job = await runFile(supervisor, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(job.fileType).toBe("xlsx");
    expect(job.status).toBe("DONE");
    expect((await clientsNamed([row.last_name!]))[0]!.dateOfBirth.toISOString().slice(0, 10)).toBe(row.date_of_birth);
  });

  it("refuses an upload over 200 MB from its declared size, before reading the body", async () => {
    expect(() => checkDeclaredSize(String(MAX_FILE_BYTES + 1))).toThrow(ImportFileError);
    let pulled = false;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(c) {
          pulled = true;
          c.close();
        },
      },
      { highWaterMark: 0 }, // pulled only when someone reads
    );
    await expect(saveUpload(body, String(MAX_FILE_BYTES + 1))).rejects.toMatchObject({ key: "tooLarge" });
    expect(pulled).toBe(false);
  });

  it("stops reading a body without a declared size as soon as it passes the limit, and keeps nothing", async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(c) {
          sent += 1024;
          c.enqueue(new Uint8Array(1024).fill(65));
          if (sent > 1024 * 1024) c.close(); // a "file" far larger than the limit below
        },
      },
      { highWaterMark: 0 },
    );
    const before = fs.existsSync(uploadDir()) ? fs.readdirSync(uploadDir()).length : 0;
    await expect(saveUpload(body, null, 10 * 1024)).rejects.toMatchObject({ key: "tooLarge" });
    expect(sent).toBeLessThan(64 * 1024);
    expect(fs.readdirSync(uploadDir()).length).toBe(before);
  });

  it("refuses a body shorter than announced (a cut upload)", async () => {
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode("site_code\n"));
        c.close();
      },
    });
    await expect(saveUpload(body, "5000")).rejects.toMatchObject({ key: "incomplete" });
  });
});

describe("duplicates", () => {
  it("skips rows repeating a registered client or an earlier row, and imports the rest", async () => {
    // Names no other test client has, so the match below can only be this one.
    const existing = await testDb().client.update({
      where: { id: (await createClient(site.id)).id },
      data: { firstName: `Known${uid()}`, lastName: `Person${uid()}` },
    });
    const taken = phone();
    await testDb().clientPhone.create({ data: { clientId: existing.id, number: taken } });
    const first = good();
    const file = [
      first,
      good(site.code, { phone_1: taken }), // registered number
      good(site.code, { first_name: existing.firstName, last_name: existing.lastName, date_of_birth: "1995-05-05" }), // same person
      good(site.code, { phone_1: first.phone_1! }), // repeats row 2's number
      good(site.code, { first_name: first.first_name!, last_name: first.last_name!.toUpperCase(), date_of_birth: first.date_of_birth! }),
      good(),
    ];
    const job = await runFile(supervisor, csv(file));
    expect(job.status).toBe("DONE");
    expect(job.report).toMatchObject({ created: 2, duplicates: 4 });
    expect(job.duplicates.map((d) => [d.row, d.column, d.key, d.params ?? null])).toEqual([
      [3, "phone_1", "duplicateClient", { ref: existing.ref }],
      [4, "first_name", "duplicateClient", { ref: existing.ref }],
      [5, "phone_1", "duplicateRow", { n: 2 }],
      [6, "first_name", "duplicateRow", { n: 2 }],
    ]);
    const written = (await clientsNamed(file.map((r) => r.last_name!).concat(first.last_name!.toUpperCase()))).filter((c) => c.id !== existing.id);
    expect(written.map((c) => c.lastName).sort()).toEqual([first.last_name, file[5]!.last_name].sort());
  });

  it("matches the site's facility numbers: a registered one or a repeated one is a duplicate; sex and number are stored", async () => {
    const existing = await testDb().client.update({ where: { id: (await createClient(site.id)).id }, data: { facilityNumber: `FN-${uid()}` } });
    const third = await createSite({ countryId: site.countryId, code: `IMR-${uid()}`.toUpperCase() });
    await createUser("MENTOR_MOTHER", { siteIds: [third.id], languages: ["zu"] });
    const supervisorOfBoth = await actorFor(await createUser("SUPERVISOR", { siteIds: [site.id, third.id] }));
    const fresh = `FN-${uid()}`;
    const file = [
      good(site.code, { facility_number: existing.facilityNumber!, sex: "F" }), // the site already has this number
      good(site.code, { facility_number: fresh, sex: "M" }),
      good(site.code, { facility_number: fresh }), // repeats row 3's number
      good(third.code, { facility_number: existing.facilityNumber! }), // another site may use the same number
    ];
    const job = await runFile(supervisorOfBoth, csv(file));
    expect(job.status).toBe("DONE");
    expect(job.duplicates.map((d) => [d.row, d.column, d.key, d.params ?? null])).toEqual([
      [2, "facility_number", "duplicateClient", { ref: existing.ref }],
      [4, "facility_number", "duplicateRow", { n: 3 }],
    ]);
    const written = await clientsNamed(file.map((r) => r.last_name!));
    expect(written.map((c) => [c.lastName, c.facilityNumber, c.sex]).sort()).toEqual(
      [
        [file[1]!.last_name, fresh, "MALE"],
        [file[3]!.last_name, existing.facilityNumber, "UNKNOWN"],
      ].sort(),
    );
  });

  // Issue 13, item 2: a file must not tell the importer who is enrolled where she cannot see.
  it("does not reveal a registered client the importer may not see", async () => {
    const hidden = await createClient(otherSite.id);
    const taken = phone();
    await testDb().clientPhone.create({ data: { clientId: hidden.id, number: taken } });
    const job = await runFile(supervisor, csv([good(site.code, { phone_1: taken })]));
    expect(job.duplicates).toEqual([]);
    expect(job.report?.created).toBe(1);
    expect(JSON.stringify(job)).not.toContain(hidden.ref);
  });
});

describe("scope", () => {
  it("a supervisor cannot import into another site: a row error, and nothing written", async () => {
    const theirs = good(otherSite.code);
    const mine = good();
    const job = await runFile(supervisor, csv([mine, theirs]));
    expect(job.status).toBe("FAILED");
    expect(job.errors).toEqual([{ row: 3, column: "site_code", key: "unknownSite", params: { code: otherSite.code } }]);
    expect(await clientsNamed([mine.last_name!, theirs.last_name!])).toEqual([]);

    // Even when she asks for the valid rows only, the other site's row stays out.
    const partial = await runFile(supervisor, csv([mine, theirs]), true);
    expect(partial.report?.created).toBe(1);
    expect((await clientsNamed([mine.last_name!, theirs.last_name!])).map((c) => c.siteId)).toEqual([site.id]);
  });

  it("a job is visible to its creator only", async () => {
    const job = await runFile(supervisor, csv([good(site.code, { consent_calls: "" })]));
    const colleague = await actorFor(await createUser("SUPERVISOR", { siteIds: [site.id] }));
    const admin = await actorFor(await createUser("ADMIN"));
    for (const other of [colleague, admin]) {
      await expect(getImportJob(testDb(), other, job.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(getImportIssues(testDb(), other, job.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    const mentor = await actorFor(await createUser("MENTOR_MOTHER", { siteIds: [site.id] }));
    await expect(getImportJob(testDb(), mentor, job.id)).rejects.toBeInstanceOf(AppError);
    await expect(getImportJob(testDb(), supervisor, "not-a-uuid")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await getImportIssues(testDb(), supervisor, job.id)).errors).toEqual([{ row: 2, column: "consent_calls", key: "required" }]);
  });

  it("roles that may not import are refused before anything is stored", async () => {
    const mentor = await actorFor(await createUser("MENTOR_MOTHER", { siteIds: [site.id] }));
    const upload = staged(csv([good()]));
    await expect(startImport(testDb(), mentor, upload, { validOnly: false, enqueue: noQueue })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(fs.existsSync(upload.path)).toBe(false);
    expect(await testDb().importJob.count({ where: { createdById: mentor.userId } })).toBe(0);
  });
});

describe("large files and failures", () => {
  it("queues a large file for the worker, which imports it and reports progress to the end", async () => {
    const file = Array.from({ length: INLINE_MAX_ROWS + 1 }, () => good());
    const upload = staged(csv(file));
    const queued: ImportJobPayload[] = [];
    const jobId = await startImport(testDb(), supervisor, upload, { validOnly: false, enqueue: async (p) => void queued.push(p) });
    expect(queued).toEqual([{ jobId, path: upload.path }]);
    expect(await getImportJob(testDb(), supervisor, jobId)).toMatchObject({ status: "QUEUED", background: true, progress: 0 });

    await runImportJob(testDb(), jobId, upload.path); // what the worker does
    const job = await getImportJob(testDb(), supervisor, jobId);
    expect(job).toMatchObject({ status: "DONE", progress: 100, rowsTotal: INLINE_MAX_ROWS + 1, rowsImported: INLINE_MAX_ROWS + 1 });
    // Two Mentor Mothers with the default cap of 120 take 240; the others wait, with the reason.
    expect(job.report).toMatchObject({ created: INLINE_MAX_ROWS + 1, unassignedReasons: { "all-full": INLINE_MAX_ROWS + 1 - job.report!.assigned } });
    expect(job.report!.unassignedBySite).toEqual([expect.objectContaining({ siteId: site.id, reason: "all-full" })]);
    const loads = await testDb().client.groupBy({ by: ["mentorId"], where: { siteId: site.id, status: "ACTIVE", mentorId: { not: null } }, _count: true });
    for (const l of loads) expect(l._count).toBeLessThanOrEqual(120);
    expect(fs.existsSync(upload.path)).toBe(false);

    // A redelivered queue message does nothing.
    await runImportJob(testDb(), jobId, upload.path);
    expect(await testDb().client.count({ where: { lastName: { in: file.map((r) => r.last_name!) } } })).toBe(INLINE_MAX_ROWS + 1);
  }, 120_000);

  it("the worker's run checks the rows on worker threads and reports what one thread would", async () => {
    // Three batches of rows (lib/imports/row-checkers.ts), handed to the worker thread while it is free.
    await fillPhones(2 * BATCH_ROWS + 100);
    const file = Array.from({ length: 2 * BATCH_ROWS + 100 }, (_, i) => (i % 400 === 5 ? good(site.code, { date_of_birth: "2031-01-01" }) : good()));
    const bad = file.flatMap((r, i) => (r.date_of_birth === "2031-01-01" ? [i + 2] : []));
    const upload = staged(csv(file));
    const jobId = await startImport(testDb(), supervisor, upload, { validOnly: true, enqueue: async () => {} });
    await runImportJob(testDb(), jobId, upload.path, {}, { validationThreads: 1 });
    const job = await getImportJob(testDb(), supervisor, jobId);
    expect(job).toMatchObject({ status: "DONE", rowsTotal: file.length, errorRows: bad.length, rowsImported: file.length - bad.length });
    expect([...new Set(job.errors.map((e) => e.row))]).toEqual(bad);
    // Refs in file order: the rows came back from the threads in the order of the file.
    const written = await testDb().client.findMany({ where: { lastName: { in: file.map((r) => r.last_name!) } }, select: { ref: true, lastName: true } });
    const byRef = written.sort((a, b) => a.ref.localeCompare(b.ref)).map((c) => c.lastName);
    expect(byRef).toEqual(file.filter((_, i) => !bad.includes(i + 2)).map((r) => r.last_name));
  }, 120_000);

  it("a failure in the middle of the write leaves nothing behind and marks the job failed", async () => {
    const boom = await createSite({ countryId: site.countryId, code: `BOOM-${uid()}`.toUpperCase() });
    const admin = await actorFor(await createUser("ADMIN"));
    const db = testDb();
    // Appointments are written after the clients, phones and assignments: fail there.
    await db.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION import_test_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM clients c WHERE c.id = NEW.client_id AND c.site_id = '${boom.id}') THEN
          RAISE EXCEPTION 'simulated failure';
        END IF;
        RETURN NEW;
      END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER import_test_boom BEFORE INSERT ON appointments FOR EACH ROW EXECUTE FUNCTION import_test_boom()`);
    try {
      const file = [good(boom.code), good(boom.code)];
      const job = await runFile(admin, csv(file));
      expect(job).toMatchObject({ status: "FAILED", message: "importFailed", rowsImported: 0 });
      expect(await clientsNamed(file.map((r) => r.last_name!))).toEqual([]);
      expect(await db.clientPhone.count({ where: { number: { in: file.map((r) => r.phone_1!) } } })).toBe(0);
      expect(await db.auditEvent.count({ where: { action: "import.completed", entityId: job.id } })).toBe(0);
    } finally {
      await db.$executeRawUnsafe("DROP TRIGGER IF EXISTS import_test_boom ON appointments");
      await db.$executeRawUnsafe("DROP FUNCTION IF EXISTS import_test_boom()");
    }
  });

  it("marks jobs a stopped worker left running as failed, and deletes orphaned uploads", async () => {
    const job = await testDb().importJob.create({ data: { createdById: supervisor.userId, fileType: "csv", fileSize: 10, status: "IMPORTING" } });
    const later = new Date(Date.now() + 3 * 60 * 60_000);
    const orphan = staged("x");
    const result = await cleanUpImports(testDb(), later);
    expect(result.jobsFailed).toBeGreaterThanOrEqual(1);
    expect(fs.existsSync(orphan.path)).toBe(false);
    expect(await testDb().importJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "FAILED", message: "interrupted" });
  });
});

describe("sex (issue 12: the reports disaggregate by it)", () => {
  it("is read from its column; blank is 'not recorded'; anything else is a row error", async () => {
    const file = [good(site.code, { sex: "male" }), good(site.code, { sex: "" }), good(site.code, { sex: "FEMALE" })];
    const job = await runFile(supervisor, csv(file));
    expect(job.status).toBe("DONE");
    const written = await clientsNamed(file.map((r) => r.last_name!));
    const sexOf = new Map(written.map((c) => [c.lastName, c.sex]));
    expect(file.map((r) => sexOf.get(r.last_name!))).toEqual(["MALE", "UNKNOWN", "FEMALE"]);
    const bad = await runFile(supervisor, csv([good(site.code, { sex: "F?" })]));
    expect(bad.errors.map((e) => [e.row, e.column, e.key])).toEqual([[2, "sex", "invalidChoice"]]);
  });
});

describe("consent to messages (issue 17)", () => {
  it("stores SMS / WhatsApp consent per phone and the message language; the client's consent is derived; bad cells are row errors", async () => {
    const file = [
      good(site.code, { phone_1_sms: "yes", phone_2: phone(), phone_2_whatsapp: "yes", message_language: "en" }),
      good(site.code, { consent_messages: "no" }),
    ];
    const job = await runFile(supervisor, csv(file));
    expect(job.status).toBe("DONE");
    const written = await clientsNamed(file.map((r) => r.last_name!));
    const byName = new Map(written.map((c) => [c.lastName, c]));
    const first = byName.get(file[0]!.last_name!)!;
    expect([first.consentMessages, first.messageLanguage]).toEqual([true, "en"]);
    expect(first.phones.map((p) => [p.number, p.consentSms, p.consentWhatsapp]).sort()).toEqual(
      [[file[0]!.phone_1, true, false], [file[0]!.phone_2, false, true]].sort(),
    );
    const second = byName.get(file[1]!.last_name!)!;
    expect([second.consentMessages, second.messageLanguage, second.phones[0]!.consentSms, second.phones[0]!.consentWhatsapp]).toEqual([false, null, false, false]);

    const bad = await runFile(supervisor, csv([
      good(site.code, { phone_1_sms: "perhaps" }),
      good(site.code, { consent_messages: "yes" }),
      good(site.code, { phone_3_whatsapp: "yes" }),
      good(site.code, { message_language: "xx" }),
    ]));
    expect(bad.status).toBe("FAILED");
    expect(bad.errors.map((e) => [e.row, e.column, e.key])).toEqual([
      [2, "phone_1_sms", "invalidBoolean"],
      [3, "consent_messages", "messageConsentPerPhone"],
      [4, "phone_3", "consentWithoutPhone"],
      [5, "message_language", "unknownLanguage"],
    ]);
  });
});

describe("the staged import (issue 14)", () => {
  it("finds a registered client whatever the accents and the order of the names", async () => {
    const a = uid();
    const b = uid();
    const existing = await testDb().client.update({
      where: { id: (await createClient(site.id)).id },
      data: { firstName: `Zoë${a}`, lastName: `Nkosí${b}`, dateOfBirth: new Date("1991-03-04") },
    });
    const file = [good(site.code, { first_name: `Nkosi${b}`, last_name: `Zoe${a}`, date_of_birth: "1991-03-04" }), good()];
    const job = await runFile(supervisor, csv(file));
    expect(job.status).toBe("DONE");
    expect(job.duplicates.map((d) => [d.row, d.column, d.key, d.params ?? null])).toEqual([[2, "first_name", "duplicateClient", { ref: existing.ref }]]);
    expect(job.report).toMatchObject({ created: 1, duplicates: 1 });
  });

  // Issue 13, item 2: a match the importer may not see is not hers to know about, but someone who
  // may see both records must be told.
  it("imports a row matching a client outside the importer's scope and records a possible cross-site duplicate", async () => {
    const hidden = await createClient(otherSite.id);
    const taken = phone();
    await testDb().clientPhone.create({ data: { clientId: hidden.id, number: taken } });
    const row = good(site.code, { phone_1: taken });
    const job = await runFile(supervisor, csv([row]));
    expect(job.report?.created).toBe(1);
    expect(JSON.stringify(job)).not.toContain(hidden.ref);
    expect(JSON.stringify(job)).not.toContain(hidden.id);
    const [written] = await clientsNamed([row.last_name!]);
    const raised = await testDb().auditEvent.findMany({ where: { entityId: written!.id, action: "client.possible_duplicate" } });
    expect(raised.map((r) => [r.actorId, r.meta])).toEqual([[supervisor.userId, { otherClientIds: [hidden.id] }]]);
    // ... and the pair waits on the administrators' review list, as an enrolment's does.
    const pairs = await testDb().possibleDuplicate.findMany({ where: { OR: [{ clientAId: written!.id }, { clientBId: written!.id }] } });
    expect(pairs.map((p) => [[p.clientAId, p.clientBId].sort(), p.status, p.raisedById])).toEqual([[[hidden.id, written!.id].sort(), "OPEN", supervisor.userId]]);
  });

  it("gives the clients of a file ids that grow in file order, and refs in file order per site", async () => {
    const file = Array.from({ length: 5 }, () => good());
    const job = await runFile(supervisor, csv(file));
    expect(job.report?.created).toBe(5);
    const byName = new Map((await clientsNamed(file.map((r) => r.last_name!))).map((c) => [c.lastName, c]));
    const written = file.map((r) => byName.get(r.last_name!)!);
    const ids = written.map((c) => c.id);
    expect([...ids].sort()).toEqual(ids);
    expect(ids.every((id) => id[14] === "7")).toBe(true); // UUID version 7 layout
    const refs = written.map((c) => c.ref);
    expect([...refs].sort()).toEqual(refs);
  });

  it("numbers its clients after a ref that a concurrent enrolment takes while the import writes", async () => {
    const s = await createSite({ countryId: site.countryId, code: `IMR-${uid()}`.toUpperCase() });
    const importer = await actorFor(await createUser("SUPERVISOR", { siteIds: [s.id] }));
    await createUser("MENTOR_MOTHER", { siteIds: [s.id], languages: ["en", "zu"] });
    // An enrolment at the same site, in its own transaction, has taken the next ref and not committed.
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query(
        `INSERT INTO clients (ref, site_id, first_name, last_name, date_of_birth, category, enrolment_date, preferred_language, updated_at)
         VALUES ($1, $2::uuid, 'Race', $3, '1990-01-01', 'POSTNATAL', '2026-01-01', 'en', now())`,
        [`${s.code}-000001`, s.id, `Race${uid()}`]);
      const file = [good(s.code), good(s.code), good(s.code)];
      const running = runFile(importer, csv(file));
      // The import's INSERT waits on that ref (on the enrolment's transaction); then the enrolment commits.
      for (let waited = 0; ; waited += 50) {
        const { rows } = await other.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))");
        if (rows[0].n > 0) break;
        if (waited > 10_000) throw new Error("the import never waited on the enrolment");
        await new Promise((r) => setTimeout(r, 50));
      }
      await other.query("COMMIT");
      const job = await running;
      expect(job.status).toBe("DONE");
      expect(job.report?.created).toBe(3);
      const byName = new Map((await clientsNamed(file.map((r) => r.last_name!))).map((c) => [c.lastName, c.ref]));
      expect(file.map((r) => byName.get(r.last_name!))).toEqual([`${s.code}-000002`, `${s.code}-000003`, `${s.code}-000004`]);
    } finally {
      await other.end();
    }
  });
});
