// The columns of the client import file: clientFactsSchema (lib/clients/schemas.ts) flattened into
// one row per client. The template, the header check and the row mapping all read this list, so a
// column added here is accepted, documented and mapped in one place. Pure: no I/O.

/** Phone numbers and infants a row can carry (the enrolment schema allows 3 phones and 6 infants;
 * three infants cover every family seen in the programme's registers). */
export const PHONE_SLOTS = 3;
export const INFANT_SLOTS = 3;

const phoneColumns = (k: number) =>
  [`phone_${k}`, `phone_${k}_shared`, `phone_${k}_may_identify`, `phone_${k}_safe_from`, `phone_${k}_safe_to`, `phone_${k}_sms`, `phone_${k}_whatsapp`] as const;
const infantColumns = (k: number) => [`infant_${k}_name`, `infant_${k}_dob`] as const;

export const TEMPLATE_COLUMNS: readonly string[] = [
  "site_code",
  "first_name",
  "last_name",
  "date_of_birth",
  "sex",
  "facility_number",
  "category",
  "enrolment_date",
  "preferred_language",
  "consent_calls",
  // Optional and checked only: consent to messages is derived from the phones' _sms / _whatsapp
  // columns (as at enrolment); a "yes" here without a phone's consent, or a "no" with one, is refused.
  "consent_messages",
  "message_language",
  "art_start_date",
  "expected_delivery_date",
  "breastfeeding",
  ...Array.from({ length: PHONE_SLOTS }, (_, i) => phoneColumns(i + 1)).flat(),
  ...Array.from({ length: INFANT_SLOTS }, (_, i) => infantColumns(i + 1)).flat(),
  "next_appointment_date",
  "next_appointment_kind",
  "vl_copies",
  "vl_sample_date",
  "vl_result_date",
];

/** A file without one of these cannot give a valid client, so it is refused as a whole. */
export const REQUIRED_COLUMNS: readonly string[] = [
  "site_code",
  "first_name",
  "last_name",
  "date_of_birth",
  "category",
  "enrolment_date",
  "preferred_language",
  "consent_calls",
  "phone_1",
];

/** Columns holding dates (YYYY-MM-DD) and times (HH:MM): the .xlsx template formats them as text. */
export const DATE_COLUMNS = new Set(TEMPLATE_COLUMNS.filter((c) => c.endsWith("_date") || c.endsWith("_dob") || c === "date_of_birth"));
export const TIME_COLUMNS = new Set(TEMPLATE_COLUMNS.filter((c) => c.endsWith("_safe_from") || c.endsWith("_safe_to")));
export const PHONE_NUMBER_COLUMNS = new Set(Array.from({ length: PHONE_SLOTS }, (_, i) => `phone_${i + 1}`));

/**
 * The template's example row. Its names are recognised on import and refused ("delete the example
 * row"), so a template sent back unchanged never creates a made-up client.
 */
export const EXAMPLE_ROW: Readonly<Record<string, string>> = {
  site_code: "ZA-SOW",
  facility_number: "SOW-00123",
  first_name: "Example",
  last_name: "Delete-This-Row",
  date_of_birth: "1996-04-12",
  sex: "F",
  category: "POSTNATAL",
  enrolment_date: "2026-01-15",
  preferred_language: "en",
  consent_calls: "yes",
  consent_messages: "no",
  art_start_date: "2024-06-03",
  expected_delivery_date: "",
  breastfeeding: "yes",
  phone_1: "+27721234567",
  phone_1_shared: "yes",
  phone_1_may_identify: "no",
  phone_1_safe_from: "17:00",
  phone_1_safe_to: "20:00",
  phone_1_sms: "no",
  phone_1_whatsapp: "no",
  infant_1_name: "Lwazi",
  infant_1_dob: "2025-12-20",
  next_appointment_date: "2026-03-02",
  next_appointment_kind: "ART_REFILL",
  vl_copies: "0",
  vl_sample_date: "2025-11-10",
  vl_result_date: "2025-11-24",
};

/** Header cells as people type them ("First name", " PHONE-1 ") map to the template's names. */
export function normaliseHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()
    .replace(/[\s\-.]+/g, "_");
}

export type HeaderCheck =
  | { ok: true; columns: (string | null)[] }
  | { ok: false; missing: string[]; unknown: string[]; duplicate: string[] };

/**
 * Checks a header row against the template: every required column present, no unknown and no
 * repeated column (either would silently drop or overwrite data). Columns may come in any order;
 * optional ones may be left out. Blank header cells after the last column (a spreadsheet's
 * trailing commas) are ignored. `columns[i]` is the template column of cell i (null = ignored).
 */
export function checkHeader(cells: readonly string[]): HeaderCheck {
  const known = new Set(TEMPLATE_COLUMNS);
  const names = cells.map(normaliseHeader);
  let last = names.length - 1;
  while (last >= 0 && names[last] === "") last--;
  const seen = new Set<string>();
  const unknown: string[] = [];
  const duplicate: string[] = [];
  const columns: (string | null)[] = [];
  names.forEach((n, i) => {
    if (i > last) return void columns.push(null);
    const shown = cells[i]!.trim() || `#${i + 1}`;
    if (!known.has(n)) unknown.push(shown);
    else if (seen.has(n)) duplicate.push(n);
    seen.add(n);
    columns.push(known.has(n) ? n : null);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !seen.has(c));
  if (missing.length || unknown.length || duplicate.length) return { ok: false, missing, unknown, duplicate: [...new Set(duplicate)] };
  return { ok: true, columns };
}

/** The help text key of a column: numbered columns share one text ("phone_2_shared" -> "phone_N_shared"). */
export function helpColumnKey(column: string): string {
  return column.replace(/^(phone|infant)_\d+/, "$1_N");
}

/** Columns as the help lists them: numbered ones once. */
export const HELP_COLUMNS: readonly string[] = [...new Set(TEMPLATE_COLUMNS.map(helpColumnKey))];
