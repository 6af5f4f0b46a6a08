// The import's staging (decision 037): the checked rows of a file go into a temporary table of the
// import's own connection with COPY (pg-copy-streams), and what follows - the duplicate search,
// the refs, the clients and audit rows - is set-based SQL over it. The rows that only hang off a
// new client (phones, infants, appointments, viral loads) need no staging: once the clients are
// in, they are COPYed straight into their tables. Each table here is ONE column list: its CREATE,
// its COPY and its INSERT ... SELECT are all made from it, so a new column (a phone's message
// consent, say) is one line here. A column marked `stageOnly` is the import's own, not written.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { timeOrderedIds } from "@/lib/ids";
import type { PreparedPhone, PreparedRow } from "@/lib/imports/rows";

type Cell = string | number | boolean | null;
export type StageColumn<T> = { name: string; type: string; of: (item: T) => Cell; stageOnly?: true };
export type StageTable<T> = { name: string; target: string; columns: readonly StageColumn<T>[] };

/** A row of the file on its way in: its position in the file (ord) and the client's new id. */
export type StagedClient = { ord: number; id: string; row: PreparedRow };
type StagedPhone = { id: string; clientId: string; primary: boolean; phone: PreparedPhone };
type StagedInfant = { id: string; clientId: string; infant: PreparedRow["infants"][number] };
type StagedDetail = { id: string; clientId: string; row: PreparedRow; now: string };

export const CLIENTS: StageTable<StagedClient> = {
  name: "import_clients",
  target: "clients",
  columns: [
    { name: "ord", type: "int", of: (c) => c.ord, stageOnly: true },
    { name: "file_row", type: "int", of: (c) => c.row.row, stageOnly: true },
    { name: "id", type: "uuid", of: (c) => c.id },
    { name: "site_id", type: "uuid", of: (c) => c.row.siteId },
    { name: "facility_number", type: "text", of: (c) => c.row.facilityNumber },
    { name: "first_name", type: "text", of: (c) => c.row.firstName },
    { name: "last_name", type: "text", of: (c) => c.row.lastName },
    { name: "date_of_birth", type: "date", of: (c) => c.row.dateOfBirth },
    { name: "sex", type: `"ClientSex"`, of: (c) => c.row.sex },
    { name: "category", type: `"ClientCategory"`, of: (c) => c.row.category },
    { name: "enrolment_date", type: "date", of: (c) => c.row.enrolmentDate },
    { name: "consent_calls", type: "boolean", of: (c) => c.row.consentCalls },
    { name: "consent_messages", type: "boolean", of: (c) => c.row.consentMessages },
    { name: "message_language", type: "text", of: (c) => c.row.messageLanguage },
    { name: "preferred_language", type: "text", of: (c) => c.row.preferredLanguage },
    { name: "art_start_date", type: "date", of: (c) => c.row.artStartDate },
    { name: "expected_delivery_date", type: "date", of: (c) => c.row.expectedDeliveryDate },
    { name: "breastfeeding", type: "boolean", of: (c) => c.row.breastfeeding },
    { name: "last_vl_copies", type: "int", of: (c) => c.row.viralLoad?.copies ?? null },
    { name: "last_vl_date", type: "date", of: (c) => c.row.viralLoad?.sampleDate ?? null },
  ],
};

export const PHONES: StageTable<StagedPhone> = {
  name: "import_phones",
  target: "client_phones",
  columns: [
    { name: "id", type: "uuid", of: (p) => p.id },
    { name: "client_id", type: "uuid", of: (p) => p.clientId },
    { name: "number", type: "text", of: (p) => p.phone.number },
    { name: "is_primary", type: "boolean", of: (p) => p.primary },
    { name: "shared_phone", type: "boolean", of: (p) => p.phone.shared },
    { name: "may_identify_caller", type: "boolean", of: (p) => p.phone.mayIdentify },
    { name: "safe_from_minute", type: "int", of: (p) => p.phone.safeFrom },
    { name: "safe_to_minute", type: "int", of: (p) => p.phone.safeTo },
    { name: "consent_sms", type: "boolean", of: (p) => p.phone.consentSms },
    { name: "consent_whatsapp", type: "boolean", of: (p) => p.phone.consentWhatsapp },
  ],
};

export const INFANTS: StageTable<StagedInfant> = {
  name: "import_infants",
  target: "infants",
  columns: [
    { name: "id", type: "uuid", of: (i) => i.id },
    { name: "client_id", type: "uuid", of: (i) => i.clientId },
    { name: "first_name", type: "text", of: (i) => i.infant.firstName },
    { name: "date_of_birth", type: "date", of: (i) => i.infant.dateOfBirth },
  ],
};

export const APPOINTMENTS: StageTable<StagedDetail> = {
  name: "import_appointments",
  target: "appointments",
  columns: [
    { name: "id", type: "uuid", of: (a) => a.id },
    { name: "client_id", type: "uuid", of: (a) => a.clientId },
    { name: "date", type: "date", of: (a) => a.row.appointment!.date },
    { name: "kind", type: `"AppointmentKind"`, of: (a) => a.row.appointment!.kind },
    { name: "updated_at", type: "timestamptz", of: (a) => a.now },
  ],
};

// An unknown result date is taken as the sample date, as enrolment does.
export const VIRAL_LOADS: StageTable<StagedDetail> = {
  name: "import_viral_loads",
  target: "viral_load_results",
  columns: [
    { name: "id", type: "uuid", of: (v) => v.id },
    { name: "client_id", type: "uuid", of: (v) => v.clientId },
    { name: "sample_date", type: "date", of: (v) => v.row.viralLoad!.sampleDate },
    { name: "result_date", type: "date", of: (v) => v.row.viralLoad!.resultDate ?? v.row.viralLoad!.sampleDate },
    { name: "copies", type: "int", of: (v) => v.row.viralLoad!.copies },
  ],
};

/** The automatic assignment's pick per client (decided in JavaScript, lib/assignment/rules.ts). */
export const PICKS: StageTable<{ id: string; mentorId: string | null }> = {
  name: "import_picks",
  target: "",
  columns: [
    { name: "id", type: "uuid", of: (p) => p.id },
    { name: "mentor_id", type: "uuid", of: (p) => p.mentorId },
  ],
};

/** The columns a staging table writes into its real table, comma-separated (prefixed with `alias.`). */
export function writtenColumns(table: StageTable<never>, alias?: string): string {
  return table.columns.filter((c) => !c.stageOnly).map((c) => (alias ? `${alias}.${c.name}` : c.name)).join(", ");
}

const NEEDS_ESCAPE = /[\\\n\r\t]/;

/** One value in COPY's text format. */
function copyCell(v: Cell): string {
  if (v === null) return "\\N";
  if (typeof v === "boolean") return v ? "t" : "f";
  if (typeof v === "number") return String(v);
  if (!NEEDS_ESCAPE.test(v)) return v;
  return v.replace(/[\\\n\r\t]/g, (ch) => (ch === "\\" ? "\\\\" : ch === "\n" ? "\\n" : ch === "\r" ? "\\r" : "\\t"));
}

/** The items as COPY text, 1,000 lines a chunk, built without an array per line. */
function copyLines<T>(columns: readonly StageColumn<T>[], items: readonly T[]): Readable {
  const getters = columns.map((c) => c.of);
  function* lines() {
    const CHUNK = 1000;
    let out = "";
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      for (let j = 0; j < getters.length; j++) out += (j ? "\t" : "") + copyCell(getters[j]!(item));
      out += "\n";
      if ((i + 1) % CHUNK === 0) {
        yield out;
        out = "";
      }
    }
    if (out) yield out;
  }
  return Readable.from(lines());
}

/** Creates the temporary table (dropped at the end of the transaction) and COPYs `items` into it. */
export async function stageTable<T>(client: pg.ClientBase, table: StageTable<T>, items: readonly T[]): Promise<void> {
  const cols = table.columns.map((c) => `${c.name} ${c.type}`).join(", ");
  await client.query(`CREATE TEMPORARY TABLE ${table.name} (${cols}) ON COMMIT DROP`);
  if (items.length === 0) return;
  await pipeline(copyLines(table.columns, items), client.query(copyFrom(`COPY ${table.name} (${table.columns.map((c) => c.name).join(", ")}) FROM STDIN`)));
}

/** COPYs `items` straight into the table's real table (its written columns). */
export async function copyIntoTarget<T>(client: pg.ClientBase, table: StageTable<T>, items: readonly T[]): Promise<void> {
  if (items.length === 0) return;
  await pipeline(copyLines(table.columns.filter((c) => !c.stageOnly), items), client.query(copyFrom(`COPY ${table.target} (${writtenColumns(table as StageTable<never>)}) FROM STDIN`)));
}

/**
 * The import's transaction settings: statements over 50,000 rows are planned for hashing in memory
 * (the duplicate search's hashed sub-plans), and not JIT-compiled (a second of compiling for
 * statements that run once).
 */
export async function importSettings(client: pg.ClientBase): Promise<void> {
  await client.query("SET LOCAL work_mem = '64MB'");
  await client.query("SET LOCAL jit = off");
}

/** Stages the checked rows of a file: clients in file order, with time-ordered ids. */
export async function stageRows(client: pg.ClientBase, rows: readonly PreparedRow[]): Promise<StagedClient[]> {
  const ids = timeOrderedIds(rows.length);
  const clients = rows.map((row, ord) => ({ ord, id: ids[ord]!, row }));
  await importSettings(client);
  await stageTable(client, CLIENTS, clients);
  return clients;
}

/** Phones, infants, appointments and viral-load results of the written clients, each COPYed into its table in id order. */
export async function copyDetails(client: pg.ClientBase, clients: readonly StagedClient[], now: Date): Promise<void> {
  const phones = clients.flatMap((c) => c.row.phones.map((phone, i) => ({ clientId: c.id, primary: i === 0, phone })));
  const infants = clients.flatMap((c) => c.row.infants.map((infant) => ({ clientId: c.id, infant })));
  const at = now.toISOString();
  const appointments = clients.filter((c) => c.row.appointment).map((c) => ({ clientId: c.id, row: c.row, now: at }));
  const viralLoads = clients.filter((c) => c.row.viralLoad).map((c) => ({ clientId: c.id, row: c.row, now: at }));
  const withIds = <T>(list: T[]) => {
    const detailIds = timeOrderedIds(list.length);
    return list.map((x, i) => ({ ...x, id: detailIds[i]! }));
  };
  await copyIntoTarget(client, PHONES, withIds(phones));
  await copyIntoTarget(client, INFANTS, withIds(infants));
  await copyIntoTarget(client, APPOINTMENTS, withIds(appointments));
  await copyIntoTarget(client, VIRAL_LOADS, withIds(viralLoads));
}
