// Checking an import's rows on worker threads (lib/imports/row-checkers.ts, decision 049): the
// answer must be the one a single thread gives - the same valid rows in file order, the same
// issues - and a thread that fails must fail the validation, never leave it waiting.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TEMPLATE_COLUMNS } from "@/lib/imports/columns";
import { BATCH_ROWS, threadedCheckers } from "@/lib/imports/row-checkers";
import type { ImportSite, RowSource } from "@/lib/imports/rows";
import { validateImport } from "@/lib/imports/validate";

const SOW: ImportSite = { id: "11111111-1111-4111-8111-111111111111", code: "ZA-SOW", countryCode: "ZA", active: true };
const LIL: ImportSite = { id: "22222222-2222-4222-8222-222222222222", code: "MW-LIL", countryCode: "MW", active: true };
const source: RowSource = { sites: [SOW, LIL], languages: ["en", "zu", "ny"], now: new Date("2026-11-28T10:00:00Z") };

/** Row i of a file: mostly good, with a problem of its own every few rows, and blank rows. */
function line(i: number): string {
  const r: Record<string, string> = {
    site_code: i % 2 ? "ZA-SOW" : "mw-lil",
    first_name: `Name${i}`,
    last_name: `Family${i % 97}`,
    date_of_birth: `19${70 + (i % 25)}-0${1 + (i % 9)}-1${i % 9}`,
    category: "POSTNATAL",
    enrolment_date: "2026-02-01",
    preferred_language: i % 2 ? "zu" : "ny",
    consent_calls: "yes",
    phone_1: i % 2 ? `+2772${String(1_000_000 + i).padStart(7, "0")}` : `+26599${String(1_000_000 + i).padStart(7, "0")}`,
    infant_1_name: "Baby",
    infant_1_dob: "2026-01-20",
  };
  if (i % 11 === 0) r.date_of_birth = "2031-01-01";
  if (i % 13 === 0) r.phone_1 = "00000000";
  if (i % 17 === 0) r.site_code = "XX-NONE";
  if (i % 19 === 0) r.consent_calls = "maybe";
  const cells = TEMPLATE_COLUMNS.map((c) => r[c] ?? "");
  if (i % 23 === 0) cells.push("stray");
  return cells.join(",");
}

let dir: string;
let file: string;
const ROWS = BATCH_ROWS * 3 + 457;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "import-threads-"));
  file = path.join(dir, "clients.csv");
  const lines = [TEMPLATE_COLUMNS.join(",")];
  for (let i = 0; i < ROWS; i++) lines.push(i % 500 === 7 ? "" : line(i));
  fs.writeFileSync(file, lines.join("\n") + "\n");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const validate = (threads: number) => validateImport(null as never, null as never, { path: file, type: "csv" }, { source, threads });

it("gives the same valid rows, in file order, and the same issues on two threads and three as on one", async () => {
  const one = await validate(0);
  expect(one.rowsTotal).toBe(ROWS - Math.ceil((ROWS - 7) / 500));
  expect(one.errors.length).toBeGreaterThan(500);
  expect(one.valid.length).toBeGreaterThan(2000);
  expect(one.errors.some((e) => e.key === "extraCells")).toBe(true);
  for (const threads of [1, 2]) {
    const many = await validate(threads);
    expect(many).toEqual(one);
  }
}, 60_000);

it("fails, and goes on failing, when a thread cannot check its batch", async () => {
  const checkers = threadedCheckers(source, 1);
  try {
    const columns = TEMPLATE_COLUMNS;
    // A free thread takes the batch; rows without cells break it there.
    await expect(checkers.check([{ row: 2, cells: line(1).split(",") }], columns)).resolves.toMatchObject({ prepared: [{ row: 2 }] });
    await expect(checkers.check([{ row: 3, cells: null as never }], columns)).rejects.toThrow();
    // A good batch after that is refused too: the validation has failed.
    await expect(checkers.check([{ row: 4, cells: line(5).split(",") }], columns)).rejects.toThrow();
  } finally {
    await checkers.close();
  }
}, 30_000);
