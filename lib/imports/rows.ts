// One row of an import file -> one client's facts, checked by the same schema as the enrolment form
// (clientFactsSchema) plus what only a file needs: the site by its code (and within the user's
// scope), yes/no cells, category and appointment kinds by code, phone numbers normalised to E.164
// with the site's country rules, the language in the programme's list. Every problem is reported
// by row number and template column. Pure: the caller supplies the sites and languages.
import type { z } from "zod";
import { APPOINTMENT_KINDS, CLIENT_CATEGORIES, CLIENT_SEXES, clientFactsSchema } from "@/lib/clients/schemas";
import { minutesOf } from "@/lib/minutes";
import { normalizePhone } from "@/lib/phones";
import { parseWithKeys } from "@/lib/validation";
import { EXAMPLE_ROW, INFANT_SLOTS, PHONE_SLOTS } from "@/lib/imports/columns";
import { issueKey, type RowIssue } from "@/lib/imports/errors";
import type { RawRow } from "@/lib/imports/parse";

export type ImportSite = { id: string; code: string; countryCode: string; active: boolean };

export type RowContext = {
  /** Sites the user may import into, by upper-case code. Others are "unknown". */
  sitesByCode: ReadonlyMap<string, ImportSite>;
  /** Language codes of the programme settings. */
  languages: ReadonlySet<string>;
  /** clientFactsSchema(now), built once per file. */
  schema: ReturnType<typeof clientFactsSchema>;
};

/** What a RowContext is built from: plain data, so a worker thread can build its own (row-checkers.ts). */
export type RowSource = { sites: ImportSite[]; languages: string[]; now: Date };

export function rowContext(sites: readonly ImportSite[], languages: Iterable<string>, now: Date = new Date()): RowContext {
  return {
    sitesByCode: new Map(sites.map((s) => [s.code.toUpperCase(), s])),
    languages: new Set(languages),
    schema: clientFactsSchema(now),
  };
}

export type PreparedPhone = {
  slot: number; number: string; shared: boolean; mayIdentify: boolean; safeFrom: number | null; safeTo: number | null;
  /** Consent to reminder messages on this number, per channel (issue 17). */
  consentSms: boolean; consentWhatsapp: boolean;
};

/** A valid row, ready to be written. Dates are YYYY-MM-DD. */
export type PreparedRow = {
  row: number;
  siteId: string;
  /** The facility's own patient number, unique within the site (facility data match on it). */
  facilityNumber: string | null;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  sex: (typeof CLIENT_SEXES)[number];
  category: (typeof CLIENT_CATEGORIES)[number];
  enrolmentDate: string;
  preferredLanguage: string;
  consentCalls: boolean;
  /** Derived: some phone of the row has SMS or WhatsApp consent (never a free value). */
  consentMessages: boolean;
  /** Language of her reminder messages; null = her preferred language. */
  messageLanguage: string | null;
  artStartDate: string | null;
  expectedDeliveryDate: string | null;
  breastfeeding: boolean;
  phones: PreparedPhone[];
  infants: { firstName: string | null; dateOfBirth: string }[];
  appointment: { date: string; kind: (typeof APPOINTMENT_KINDS)[number] } | null;
  viralLoad: { copies: number; sampleDate: string; resultDate: string | null } | null;
};

const TRUE = new Set(["yes", "y", "true", "1", "sim", "s", "oui", "o", "x"]);
const FALSE = new Set(["no", "n", "false", "0", "não", "nao", "non"]);

/** "yes"/"no" in English, Portuguese or French, or true/false/1/0; blank = undefined; else null. */
export function parseBoolean(raw: string): boolean | undefined | null {
  const v = raw.trim().toLowerCase();
  if (v === "") return undefined;
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return null;
}

const SEX_WORDS: Record<string, (typeof CLIENT_SEXES)[number]> = {
  f: "FEMALE", female: "FEMALE", feminino: "FEMALE", féminin: "FEMALE", feminin: "FEMALE", w: "FEMALE", woman: "FEMALE", mulher: "FEMALE", femme: "FEMALE",
  m: "MALE", male: "MALE", masculino: "MALE", masculin: "MALE", man: "MALE", homem: "MALE", homme: "MALE",
  o: "OTHER", other: "OTHER", outro: "OTHER", autre: "OTHER",
  u: "UNKNOWN", unknown: "UNKNOWN", "not recorded": "UNKNOWN", desconhecido: "UNKNOWN", inconnu: "UNKNOWN",
};

/** The client's sex as registers write it: a code (FEMALE...), F/M/O/U, or the word in en/pt/fr; blank = undefined; else null. */
export function parseSex(raw: string): (typeof CLIENT_SEXES)[number] | undefined | null {
  const v = raw.trim().toLowerCase();
  if (v === "") return undefined;
  return SEX_WORDS[v] ?? parseCode(v, CLIENT_SEXES);
}

/** A code of `allowed`, written in any case, with spaces or hyphens for underscores; else null. */
export function parseCode<T extends string>(raw: string, allowed: readonly T[]): T | null {
  const v = raw.trim().toUpperCase().replace(/[\s-]+/g, "_");
  return (allowed as readonly string[]).includes(v) ? (v as T) : null;
}

const UNDETECTABLE = new Set(["ldl", "tnd", "nd", "undetectable", "not detected", "target not detected", "indetectável", "indétectable"]);

/**
 * Viral-load copies/mL: a whole number ("1 200" and "1,200" too), or "undetectable" / LDL / TND /
 * "<50" (below the assay's limit), stored as 0 = undetectable; blank = undefined; else null.
 */
export function parseCopies(raw: string): number | undefined | null {
  const v = raw.trim().toLowerCase();
  if (v === "") return undefined;
  if (UNDETECTABLE.has(v) || /^<\s*\d+$/.test(v)) return 0;
  const digits = v.replace(/[\s,]/g, "");
  return /^\d{1,9}$/.test(digits) ? Number(digits) : null;
}

/**
 * E.164 with the site's country rules. Excel turns "+27 72 ..." typed in a number cell into
 * 27721234567: digits that only make sense with a "+" are read that way too.
 */
export function normaliseImportPhone(raw: string, countryCode: string): string | null {
  const tryOne = (s: string) => {
    try {
      return normalizePhone(s, countryCode);
    } catch {
      return null; // a country code libphonenumber does not know: only "+..." numbers can pass
    }
  };
  const direct = tryOne(raw);
  if (direct) return direct;
  return /^\d{8,15}$/.test(raw.trim()) ? tryOne(`+${raw.trim()}`) : null;
}

/** Our CSV output prefixes formula-like cells with an apostrophe (csv-output.ts): undo it. */
export function cellText(raw: string | undefined): string {
  if (!raw) return "";
  const v = raw.trim();
  return v.charCodeAt(0) === 39 && /^'[=+\-@\t\r]/.test(v) ? v.slice(1).trim() : v;
}

const BASE_COLUMNS: Record<string, string> = {
  siteId: "site_code",
  facilityNumber: "facility_number",
  sex: "sex",
  firstName: "first_name",
  lastName: "last_name",
  dateOfBirth: "date_of_birth",
  category: "category",
  enrolmentDate: "enrolment_date",
  preferredLanguage: "preferred_language",
  consentCalls: "consent_calls",
  messageLanguage: "message_language",
  artStartDate: "art_start_date",
  expectedDeliveryDate: "expected_delivery_date",
  breastfeeding: "breastfeeding",
};
const PHONE_FIELDS: Record<string, string> = {
  number: "", sharedPhone: "_shared", mayIdentifyCaller: "_may_identify", safeFrom: "_safe_from", safeTo: "_safe_to", consentSms: "_sms", consentWhatsapp: "_whatsapp",
};
const VL_FIELDS: Record<string, string> = { copies: "vl_copies", sampleDate: "vl_sample_date", resultDate: "vl_result_date" };

/**
 * The template column a schema issue belongs to. `phoneSlots[i]` / `infantSlots[i]` give the
 * column number (1-based) of the i-th phone / infant passed to the schema: blank slots are skipped.
 */
export function columnOfPath(path: readonly PropertyKey[], phoneSlots: readonly number[], infantSlots: readonly number[]): string | null {
  const [head, i, field] = path;
  if (typeof head !== "string") return null;
  if (head in BASE_COLUMNS) return BASE_COLUMNS[head]!;
  if (head === "phones") {
    const slot = typeof i === "number" ? phoneSlots[i] ?? i + 1 : phoneSlots[0] ?? 1;
    return `phone_${slot}${typeof field === "string" ? PHONE_FIELDS[field] ?? "" : ""}`;
  }
  if (head === "infants") {
    const slot = typeof i === "number" ? infantSlots[i] ?? i + 1 : infantSlots[0] ?? 1;
    return field === "firstName" ? `infant_${slot}_name` : `infant_${slot}_dob`;
  }
  if (head === "appointments") return field === "kind" ? "next_appointment_kind" : "next_appointment_date";
  if (head === "viralLoad") return (typeof i === "string" && VL_FIELDS[i]) || "vl_sample_date";
  return null;
}

/** Stands in for a value already reported, so the schema does not report it a second time. */
const PLACEHOLDER_SITE = "00000000-0000-4000-8000-000000000000";

/**
 * Maps and validates one row. `cell(column)` gives the raw text of a template column ("" when the
 * column is absent). Returns the prepared row, or the row's issues (never both).
 */
export function mapRow(row: number, cell: (column: string) => string, ctx: RowContext): { prepared: PreparedRow | null; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const issue = (column: string | null, key: string, params?: Record<string, string | number>) =>
    issues.push(params ? { row, column, key, params } : { row, column, key });
  const get = (c: string) => cellText(cell(c));
  const opt = (c: string) => get(c) || undefined;

  // Site: unknown and out-of-scope codes get the same answer (never confirm another site exists).
  const code = get("site_code");
  const site = code ? ctx.sitesByCode.get(code.toUpperCase()) : undefined;
  if (code && !site) issue("site_code", "unknownSite", { code: code.slice(0, 32) });
  else if (site && !site.active) issue("site_code", "siteInactive", { code: site.code });

  const bool = (c: string): boolean | undefined => {
    const b = parseBoolean(get(c));
    if (b === null) {
      issue(c, "invalidBoolean");
      return false;
    }
    return b;
  };
  // `stand` replaces a bad value for the schema run, so the row is checked further without
  // triggering rules that depend on it (a PREGNANT stand-in would ask for a delivery date).
  const choice = <T extends string>(c: string, allowed: readonly T[], stand: T): T | undefined => {
    const raw = get(c);
    if (!raw) return undefined;
    const v = parseCode(raw, allowed);
    if (!v) {
      issue(c, "invalidChoice", { values: allowed.join(", ") });
      return stand;
    }
    return v;
  };

  const phoneSlots: number[] = [];
  const phones = [];
  for (let k = 1; k <= PHONE_SLOTS; k++) {
    const number = get(`phone_${k}`);
    const consentSms = bool(`phone_${k}_sms`) ?? false;
    const consentWhatsapp = bool(`phone_${k}_whatsapp`) ?? false;
    if (!number) {
      // Consent to messages on a number that is not there: say which column needs the number.
      if (consentSms || consentWhatsapp) issue(`phone_${k}`, "consentWithoutPhone");
      continue;
    }
    phoneSlots.push(k);
    phones.push({
      number,
      sharedPhone: bool(`phone_${k}_shared`) ?? false,
      mayIdentifyCaller: bool(`phone_${k}_may_identify`) ?? false,
      consentSms,
      consentWhatsapp,
      safeFrom: opt(`phone_${k}_safe_from`),
      safeTo: opt(`phone_${k}_safe_to`),
    });
  }
  // consent_messages (optional, older files) must agree with the phones' consents it summarises.
  const consentMessages = bool("consent_messages");
  const anyPhoneConsent = phones.some((p) => p.consentSms || p.consentWhatsapp);
  if (consentMessages === true && !anyPhoneConsent) issue("consent_messages", "messageConsentPerPhone");
  if (consentMessages === false && anyPhoneConsent) issue("consent_messages", "messageConsentContradicts");
  const infantSlots: number[] = [];
  const infants = [];
  for (let k = 1; k <= INFANT_SLOTS; k++) {
    const name = get(`infant_${k}_name`);
    const dob = get(`infant_${k}_dob`);
    if (!name && !dob) continue;
    infantSlots.push(k);
    infants.push({ firstName: name || undefined, dateOfBirth: dob || undefined });
  }
  const apptDate = get("next_appointment_date");
  const apptKind = choice("next_appointment_kind", APPOINTMENT_KINDS, "ART_REFILL");
  const appointments = apptDate || apptKind ? [{ date: apptDate || undefined, kind: apptKind }] : [];

  let viralLoad: { copies: number | undefined; sampleDate: string | undefined; resultDate: string | undefined } | undefined;
  if (get("vl_copies") || get("vl_sample_date") || get("vl_result_date")) {
    let copies = parseCopies(get("vl_copies"));
    if (copies === null || copies === undefined) {
      issue("vl_copies", copies === null ? "invalidNumber" : "required");
      copies = 0;
    }
    viralLoad = { copies, sampleDate: opt("vl_sample_date"), resultDate: opt("vl_result_date") };
  }

  const sex = parseSex(get("sex"));
  if (sex === null) issue("sex", "invalidChoice", { values: "F, M, O, U" });

  const input = {
    siteId: site?.id ?? PLACEHOLDER_SITE,
    facilityNumber: opt("facility_number"),
    sex: sex ?? undefined,
    firstName: opt("first_name"),
    lastName: opt("last_name"),
    dateOfBirth: opt("date_of_birth"),
    category: choice("category", CLIENT_CATEGORIES, "OTHER"),
    enrolmentDate: opt("enrolment_date"),
    preferredLanguage: opt("preferred_language"),
    consentCalls: bool("consent_calls"),
    messageLanguage: opt("message_language"),
    artStartDate: opt("art_start_date"),
    expectedDeliveryDate: opt("expected_delivery_date"),
    breastfeeding: bool("breastfeeding") ?? false,
    phones,
    infants,
    appointments,
    viralLoad,
  };
  if (!code) issue("site_code", "required");

  const parsed = parseWithKeys(ctx.schema, input);
  if (!parsed.success) {
    for (const zi of parsed.error.issues) {
      const { key, params } = issueKey(zi.message);
      issue(columnOfPath(zi.path, phoneSlots, infantSlots), key, params);
    }
    return { prepared: null, issues: dedupeIssues(issues) };
  }
  // The facts hold together: check what needs the site (phones) and the programme (language),
  // so the row's every problem is reported at once.
  const prepared = finish(row, parsed.data, site, phoneSlots, ctx, issue);
  return issues.length ? { prepared: null, issues: dedupeIssues(issues) } : { prepared, issues };
}

function finish(
  row: number,
  f: z.infer<RowContext["schema"]>,
  site: ImportSite | undefined,
  phoneSlots: number[],
  ctx: RowContext,
  issue: (column: string | null, key: string, params?: Record<string, string | number>) => void,
): PreparedRow | null {
  if (!ctx.languages.has(f.preferredLanguage)) issue("preferred_language", "unknownLanguage");
  if (f.messageLanguage && !ctx.languages.has(f.messageLanguage)) issue("message_language", "unknownLanguage");
  if (f.firstName === EXAMPLE_ROW.first_name && f.lastName === EXAMPLE_ROW.last_name) issue(null, "exampleRow");
  // Without a known site there is no country to read national numbers with.
  if (!site) return null;

  const seen = new Set<string>();
  const phones: PreparedPhone[] = [];
  f.phones.forEach((p, i) => {
    const column = `phone_${phoneSlots[i]}`;
    const e164 = normaliseImportPhone(p.number, site.countryCode);
    if (!e164) return issue(column, "invalidPhone");
    if (seen.has(e164)) return issue(column, "duplicatePhone");
    seen.add(e164);
    phones.push({
      slot: phoneSlots[i]!,
      number: e164,
      shared: p.sharedPhone,
      mayIdentify: p.mayIdentifyCaller,
      safeFrom: p.safeFrom ? minutesOf(p.safeFrom) : null,
      safeTo: p.safeTo ? minutesOf(p.safeTo) : null,
      consentSms: p.consentSms,
      consentWhatsapp: p.consentWhatsapp,
    });
  });

  const appt = f.appointments[0];
  return {
    row,
    siteId: site.id,
    facilityNumber: f.facilityNumber ?? null,
    firstName: f.firstName,
    lastName: f.lastName,
    dateOfBirth: f.dateOfBirth,
    sex: f.sex,
    category: f.category,
    enrolmentDate: f.enrolmentDate,
    preferredLanguage: f.preferredLanguage,
    consentCalls: f.consentCalls,
    consentMessages: phones.some((p) => p.consentSms || p.consentWhatsapp),
    messageLanguage: f.messageLanguage ?? null,
    artStartDate: f.artStartDate ?? null,
    expectedDeliveryDate: f.expectedDeliveryDate ?? null,
    breastfeeding: f.breastfeeding,
    phones,
    infants: f.infants.map((i) => ({ firstName: i.firstName ?? null, dateOfBirth: i.dateOfBirth })),
    appointment: appt ? { date: appt.date, kind: appt.kind } : null,
    viralLoad: f.viralLoad ? { copies: f.viralLoad.copies, sampleDate: f.viralLoad.sampleDate, resultDate: f.viralLoad.resultDate ?? null } : null,
  };
}

export type CheckedRows = { prepared: PreparedRow[]; issues: RowIssue[] };

/**
 * Checks a run of client rows (blank rows already left out) under the file's header `columns`
 * (template column per cell position, null for a column to ignore): the valid rows prepared, in
 * order, and every issue of the others - cells beyond the header included.
 */
export function checkRows(rows: readonly RawRow[], columns: readonly (string | null)[], ctx: RowContext): CheckedRows {
  const position = new Map(columns.flatMap((c, i) => (c ? [[c, i] as const] : [])));
  const prepared: PreparedRow[] = [];
  const issues: RowIssue[] = [];
  for (const raw of rows) {
    const { prepared: row, issues: own } = mapRow(raw.row, (c) => {
      const i = position.get(c);
      return i === undefined ? "" : raw.cells[i] ?? "";
    }, ctx);
    if (raw.cells.slice(columns.length).some((c) => c.trim() !== "")) own.push({ row: raw.row, column: null, key: "extraCells" });
    if (row && own.length === 0) prepared.push(row);
    else issues.push(...own);
  }
  return { prepared, issues };
}

/** One message per cell: the schema and the mapping may both notice the same blank cell. */
function dedupeIssues(issues: RowIssue[]): RowIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.column}|${i.key}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
