// A facility's FHIR R4 server as a source of clinical facts (issue 10, optional per site): a
// scheduled pull of the Appointment and Observation resources changed since the last pull (with
// their patients, `_include`), matched ONLY on the facility's patient number (a Patient identifier),
// each resource stored with its source id, version and fetch time - the newer version wins - and its
// fact applied through lib/facility/apply.ts. The EMR owns clinical facts; the register owns contact
// details, consent and call outcomes, which a pull never touches.
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { writeAudit } from "@/lib/audit";
import { localDay } from "@/lib/site-clock";
import { APPOINTMENT_KINDS } from "@/lib/clients/schemas";
import { applyFacts, type EffectCounts, type MatchedFact } from "@/lib/facility/apply";
import { dateProblem, factSchema, parseCopies, type Fact } from "@/lib/facility/facts";

/** LOINC codes of HIV-1 viral load (copies/mL): quantitative RNA by NAA in serum/plasma and blood. */
export const DEFAULT_VIRAL_LOAD_CODES = ["25836-8", "20447-9", "29541-0"] as const;
/** Resources per page asked of the server. */
const PAGE_SIZE = 100;
/** Pages followed in one pull at the most (a first pull of a big EMR continues at the next tick). */
const MAX_PAGES = 200;

type Coding = { system?: string; code?: string; display?: string };
type Reference = { reference?: string };
export type FhirResource = {
  resourceType: string;
  id?: string;
  meta?: { versionId?: string; lastUpdated?: string };
  status?: string;
  identifier?: { system?: string; value?: string }[];
  // Appointment
  start?: string;
  appointmentType?: { coding?: Coding[]; text?: string };
  serviceType?: { coding?: Coding[]; text?: string }[];
  participant?: { actor?: Reference }[];
  // Observation
  code?: { coding?: Coding[] };
  subject?: Reference;
  effectiveDateTime?: string;
  issued?: string;
  valueQuantity?: { value?: number };
  valueString?: string;
};
type Bundle = { resourceType?: string; entry?: { resource?: FhirResource; search?: { mode?: string } }[]; link?: { relation?: string; url?: string }[] };

const KINDS = new Set<string>(APPOINTMENT_KINDS);

/** The site-local calendar date of a FHIR instant or date. */
function dayOf(value: string | undefined, timeZone: string): string | null {
  if (!value) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : localDay(timeZone, new Date(t));
}

function appointmentKind(r: FhirResource): (typeof APPOINTMENT_KINDS)[number] {
  const codes = [...(r.appointmentType?.coding ?? []), ...(r.serviceType ?? []).flatMap((s) => s.coding ?? [])]
    .map((c) => (c.code ?? "").toUpperCase());
  const known = codes.find((c) => KINDS.has(c));
  return (known as (typeof APPOINTMENT_KINDS)[number] | undefined) ?? "CLINICAL_REVIEW";
}

/**
 * What a resource tells the register, or null (a cancelled appointment, a booking whose day has
 * passed without an outcome, an observation that is not a final viral load). Pure.
 */
export function factOf(r: FhirResource, timeZone: string, today: string, viralLoadCodes: readonly string[]): Fact | null {
  let candidate: unknown = null;
  if (r.resourceType === "Appointment") {
    const date = dayOf(r.start, timeZone);
    if (!date) return null;
    if (r.status === "fulfilled" || r.status === "arrived" || r.status === "checked-in") candidate = { fact: "ATTENDED", date, kind: appointmentKind(r) };
    else if (r.status === "noshow") candidate = { fact: "MISSED", date, kind: appointmentKind(r) };
    else if ((r.status === "booked" || r.status === "pending" || r.status === "proposed") && date >= today) {
      candidate = { fact: "NEXT_APPOINTMENT", date, kind: appointmentKind(r) };
    }
  } else if (r.resourceType === "Observation") {
    if (!["final", "amended", "corrected"].includes(r.status ?? "")) return null;
    if (!(r.code?.coding ?? []).some((c) => c.code && viralLoadCodes.includes(c.code))) return null;
    const sample = dayOf(r.effectiveDateTime, timeZone);
    const copies =
      typeof r.valueQuantity?.value === "number" && r.valueQuantity.value >= 0
        ? Math.round(r.valueQuantity.value)
        : r.valueString !== undefined
          ? parseCopies(r.valueString)
          : null;
    if (!sample || copies === null) return null;
    candidate = { fact: "VL_RESULT", date: sample, resultDate: dayOf(r.issued, timeZone) ?? sample, copies };
  }
  const parsed = factSchema.safeParse(candidate);
  if (!parsed.success || dateProblem(parsed.data, today)) return null;
  return parsed.data;
}

/** The patient a resource is about: "Patient/<id>". */
function patientId(r: FhirResource): string | null {
  const ref = r.resourceType === "Observation" ? r.subject?.reference : r.participant?.find((p) => p.actor?.reference?.startsWith("Patient/"))?.actor?.reference;
  return ref?.startsWith("Patient/") ? ref.slice("Patient/".length) : null;
}

/** True when `incoming` is a newer version than the one stored (a version number, else the time). */
export function isNewer(incoming: { versionId: string | null; lastUpdated: Date | null }, stored: { versionId: string | null; lastUpdated: Date | null }): boolean {
  if (incoming.versionId && stored.versionId && /^\d+$/.test(incoming.versionId) && /^\d+$/.test(stored.versionId)) {
    return Number(incoming.versionId) > Number(stored.versionId);
  }
  if (incoming.lastUpdated && stored.lastUpdated) return incoming.lastUpdated.getTime() > stored.lastUpdated.getTime();
  return incoming.versionId !== stored.versionId;
}

export type PullResult = { fetched: number; newer: number; unmatched: number; counts: EffectCounts; pulledUntil: string | null };

/**
 * Pulls one site's feed: resources changed since its high-water mark, stored (newer versions win)
 * and applied, in one transaction with the feed's new mark, so a pull that fails halfway changes
 * nothing and the next one starts from the same place. Idempotent: the same resources pulled twice
 * change nothing. `fetchImpl` is the HTTP client (tests point it at a small FHIR server).
 */
export async function pullFeed(db: PrismaClient, siteId: string, now: Date, fetchImpl: typeof fetch = fetch): Promise<PullResult> {
  const feed = await db.fhirFeed.findUniqueOrThrow({ where: { siteId }, include: { site: { select: { timeZone: true } } } });
  const timeZone = feed.site.timeZone;
  const today = localDay(timeZone, now);
  const base = feed.baseUrl.replace(/\/+$/, "");
  const token = feed.tokenEnv ? process.env[feed.tokenEnv] : undefined;
  const headers: Record<string, string> = { Accept: "application/fhir+json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const codes = feed.viralLoadCodes.length ? feed.viralLoadCodes : [...DEFAULT_VIRAL_LOAD_CODES];

  const main: FhirResource[] = [];
  const patients = new Map<string, FhirResource>();
  let highWater = feed.pulledUntil;
  for (const type of ["Appointment", "Observation"] as const) {
    const params = new URLSearchParams({ _count: String(PAGE_SIZE), _include: `${type}:${type === "Appointment" ? "patient" : "subject"}` });
    if (type === "Observation") params.set("code", codes.join(","));
    if (feed.pulledUntil) params.set("_lastUpdated", `gt${feed.pulledUntil.toISOString()}`);
    let url: string | null = `${base}/${type}?${params}`;
    for (let page = 0; url && page < MAX_PAGES; page++) {
      const res: Response = await fetchImpl(url, { headers });
      if (!res.ok) throw new Error(`FHIR ${type} answered ${res.status}`);
      const bundle = (await res.json()) as Bundle;
      for (const e of bundle.entry ?? []) {
        const r = e.resource;
        if (!r?.id) continue;
        if (r.resourceType === "Patient") patients.set(r.id, r);
        else if (r.resourceType === type) {
          main.push(r);
          const lu = r.meta?.lastUpdated ? new Date(r.meta.lastUpdated) : null;
          if (lu && !Number.isNaN(lu.getTime()) && (!highWater || lu > highWater)) highWater = lu;
        }
      }
      url = bundle.link?.find((l) => l.relation === "next")?.url ?? null;
    }
  }

  // Match on the facility number only: the patients' identifiers against this site's clients.
  const numbers = [...new Set([...patients.values()].flatMap((p) => (p.identifier ?? []).map((i) => i.value).filter((v): v is string => !!v)))];
  const clients = numbers.length
    ? await db.client.findMany({ where: { siteId, facilityNumber: { in: numbers } }, select: { id: true, facilityNumber: true } })
    : [];
  const clientOfNumber = new Map(clients.map((c) => [c.facilityNumber!, c.id]));
  const clientOfPatient = (pid: string | null): string | null => {
    const identifiers = pid ? (patients.get(pid)?.identifier ?? []) : [];
    const ids = new Set(identifiers.map((i) => clientOfNumber.get(i.value ?? "")).filter((x): x is string => !!x));
    return ids.size === 1 ? [...ids][0]! : null; // two clients behind one patient: never guessed
  };

  return db.$transaction(
    async (tx) => {
      const facts: MatchedFact[] = [];
      let newer = 0;
      let unmatched = 0;
      for (const r of main) {
        const key = { source: base, resourceType: r.resourceType, sourceId: r.id! };
        const incoming = { versionId: r.meta?.versionId ?? null, lastUpdated: r.meta?.lastUpdated ? new Date(r.meta.lastUpdated) : null };
        const stored = await tx.fhirResource.findUnique({ where: { source_resourceType_sourceId: key } });
        if (stored && !isNewer(incoming, stored)) continue;
        newer++;
        const clientId = clientOfPatient(patientId(r));
        const fact = clientId ? factOf(r, timeZone, today, codes) : null;
        if (!clientId) unmatched++;
        const data = { ...incoming, fetchedAt: now, siteId, clientId, fact: fact ?? Prisma.DbNull };
        await tx.fhirResource.upsert({ where: { source_resourceType_sourceId: key }, create: { ...key, ...data }, update: data });
        if (clientId && fact) facts.push({ clientId, fact });
      }
      const applied = await applyFacts(tx, facts, { source: "fhir", sourceRef: `fhir:${siteId}`, actorId: null, now, replace: true });
      await tx.fhirFeed.update({ where: { siteId }, data: { pulledUntil: highWater, lastPullAt: now, lastError: null } });
      await writeAudit(tx, { actorId: null }, [
        { action: "fhir.pulled", entityType: "site", entityId: siteId, meta: { fetched: main.length, newer, unmatched, ...applied.counts } },
        ...applied.audit,
      ]);
      return { fetched: main.length, newer, unmatched, counts: applied.counts, pulledUntil: highWater?.toISOString() ?? null };
    },
    { timeout: 10 * 60_000, maxWait: 60_000 },
  );
}

/** Every enabled feed, one after the other; a failing one is noted on the feed and does not stop the others. */
export async function pullAllFeeds(db: PrismaClient, now: Date, fetchImpl: typeof fetch = fetch): Promise<{ siteId: string; result: PullResult | null; error: string | null }[]> {
  const feeds = await db.fhirFeed.findMany({ where: { enabled: true, site: { active: true } }, select: { siteId: true } });
  const out: { siteId: string; result: PullResult | null; error: string | null }[] = [];
  for (const f of feeds) {
    try {
      out.push({ siteId: f.siteId, result: await pullFeed(db, f.siteId, now, fetchImpl), error: null });
    } catch (err) {
      const error = ((err as Error)?.message ?? "pull failed").slice(0, 200);
      await db.fhirFeed.update({ where: { siteId: f.siteId }, data: { lastPullAt: now, lastError: error } });
      out.push({ siteId: f.siteId, result: null, error });
    }
  }
  return out;
}

export const FHIR_PULL_QUEUE = "fhir-pull";
/** Every 30 minutes. */
export const FHIR_PULL_CRON = "*/30 * * * *";
