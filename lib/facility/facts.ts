// Facts the facility keeps and the register needs (issue 10): attendance, missed visits, the next
// appointment, viral-load results, infant tests, transfers out and deaths. One fact per file row or
// FHIR resource, validated here (pure), matched to a client only by her programme reference or the
// facility's own patient number (never by name or phone), then applied once through the client
// lifecycle owner (lib/facility/apply.ts).
import { z } from "zod";
import { APPOINTMENT_KINDS, isoDateSchema } from "@/lib/clients/schemas";

export const FACT_KINDS = ["ATTENDED", "MISSED", "NEXT_APPOINTMENT", "VL_RESULT", "INFANT_TEST", "TRANSFER_OUT", "DEATH"] as const;
export type FactKind = (typeof FACT_KINDS)[number];
export type AppointmentKind = (typeof APPOINTMENT_KINDS)[number];

/** How a row names its fact in a file (case and spaces ignored). */
export const FACT_CODES: Record<string, FactKind> = {
  attended: "ATTENDED",
  missed: "MISSED",
  next_appointment: "NEXT_APPOINTMENT",
  viral_load: "VL_RESULT",
  infant_test: "INFANT_TEST",
  transfer_out: "TRANSFER_OUT",
  death: "DEATH",
};

const kind = z.enum(APPOINTMENT_KINDS);

/** A fact as the register keeps it. Copies 0 = below the detection limit. */
export const factSchema = z.discriminatedUnion("fact", [
  z.object({ fact: z.literal("ATTENDED"), date: isoDateSchema, kind: kind.optional() }),
  z.object({ fact: z.literal("MISSED"), date: isoDateSchema, kind: kind.optional() }),
  z.object({ fact: z.literal("NEXT_APPOINTMENT"), date: isoDateSchema, kind }),
  z.object({
    fact: z.literal("VL_RESULT"),
    date: isoDateSchema, // the sample date
    resultDate: isoDateSchema,
    copies: z.number().int().min(0).max(100_000_000),
  }),
  z.object({ fact: z.literal("INFANT_TEST"), date: isoDateSchema }),
  z.object({ fact: z.literal("TRANSFER_OUT"), date: isoDateSchema }),
  z.object({ fact: z.literal("DEATH"), date: isoDateSchema }),
]);
export type Fact = z.infer<typeof factSchema>;

/** What makes a fact one of a kind (facility_facts' unique key with the client): the same fact sent
 * again - the same file twice, a FHIR resource pulled twice - changes nothing. */
export function factKey(f: Fact): { fact: FactKind; date: string; detail: string } {
  const detail = "kind" in f && f.kind ? f.kind : "";
  return { fact: f.fact, date: f.date, detail };
}

/** The date a fact may not be after (the site's today); a next appointment is the only fact about
 * the future, and it may not be in the past. */
export function dateProblem(f: Fact, today: string): { field: "date" | "resultDate"; key: string } | null {
  if (f.fact === "NEXT_APPOINTMENT") return f.date < today ? { field: "date", key: "dateInPast" } : null;
  if (f.date > today) return { field: "date", key: "dateInFuture" };
  if (f.fact === "VL_RESULT") {
    if (f.resultDate > today) return { field: "resultDate", key: "dateInFuture" };
    if (f.resultDate < f.date) return { field: "resultDate", key: "beforeSample" };
  }
  return null;
}

// ------------------------------------------------------------------------------------------------
// Reading a viral-load cell: a number of copies, or "below the detection limit" however a
// laboratory writes it ("<20", "< 40 copies", "LDL", "TND", "not detected", "undetectable").

const BELOW = /^(<\s*\d+(\.\d+)?(\s*(copies|cp)(\/ml)?)?|ldl|bdl|tnd|target not detected|not detected|undetectable|below detection( limit)?)$/i;

/** Copies/mL from a cell; 0 for "below the detection limit"; null when it is neither. */
export function parseCopies(cell: string): number | null {
  const s = cell.trim().replace(/,/g, "");
  if (BELOW.test(s)) return 0;
  if (!/^\d+$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) && n <= 100_000_000 ? n : null;
}

// ------------------------------------------------------------------------------------------------
// Matching a row to a client.

export type MatchKeys = { ref: string | null; facilityNumber: string | null };
export type Candidate = { id: string; ref: string; facilityNumber: string | null; siteId: string };

export type Match = { clientId: string } | { problem: "unmatched" | "ambiguous" | "noKey" };

/**
 * The client a row is about, among the clients of the uploader's sites (`byRef`, `byNumber` hold only
 * those: a client elsewhere is "unmatched", exactly like one that does not exist). By reference, or
 * by facility number (which may repeat across sites: then ambiguous); both given must agree.
 */
export function matchClient(keys: MatchKeys, byRef: ReadonlyMap<string, Candidate>, byNumber: ReadonlyMap<string, Candidate[]>): Match {
  if (!keys.ref && !keys.facilityNumber) return { problem: "noKey" };
  const viaRef = keys.ref ? byRef.get(keys.ref.toUpperCase()) ?? null : null;
  const viaNumber = keys.facilityNumber ? byNumber.get(keys.facilityNumber) ?? [] : [];
  if (keys.ref && !viaRef) return { problem: "unmatched" };
  if (keys.facilityNumber && viaNumber.length === 0) return { problem: "unmatched" };
  if (viaRef && keys.facilityNumber) return viaNumber.some((c) => c.id === viaRef.id) ? { clientId: viaRef.id } : { problem: "ambiguous" };
  if (viaRef) return { clientId: viaRef.id };
  return viaNumber.length === 1 ? { clientId: viaNumber[0]!.id } : { problem: "ambiguous" };
}
