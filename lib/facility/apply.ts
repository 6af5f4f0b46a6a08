// Applying facility facts to the register (issue 10), whichever way they came (a file, the visit
// list sent back, a FHIR pull): each fact once (facility_facts' unique key), through the client
// lifecycle owner, then today's call lists of the touched sites brought in line - a visit recorded
// attended closes its "did you make it?" and missed-appointment calls at once.
import type { Tx } from "@/lib/action";
import type { AuditEntry } from "@/lib/audit";
import { localDay } from "@/lib/site-clock";
import { addViralLoadResult, bumpClient, exitClient, recordAttendance } from "@/lib/clients/lifecycle";
import { cancelTasksNoLongerDue } from "@/lib/calls/tasks";
import { dueByClient, loadBatches } from "@/lib/calls/generate";
import { regenerateToday } from "@/lib/calls/commands";
import { factKey, type Fact } from "@/lib/facility/facts";

export const EFFECTS = [
  "appointment_recorded",
  "visit_added",
  "appointment_added",
  "result_added",
  "result_corrected",
  "infant_test_added",
  "client_exited",
  "unchanged",
] as const;
export type Effect = (typeof EFFECTS)[number];
export type EffectCounts = Record<Effect, number>;

export const noEffects = (): EffectCounts => Object.fromEntries(EFFECTS.map((e) => [e, 0])) as EffectCounts;

export type MatchedFact = { clientId: string; fact: Fact };

type ClientRow = { id: string; siteId: string; status: string; timeZone: string };

/** One fact, once. `replace`: a newer version of a FHIR resource may correct a result it sent before. */
async function applyOne(
  tx: Tx,
  client: ClientRow,
  f: Fact,
  ctx: { source: "file" | "fhir"; sourceRef: string; actorId: string | null; now: Date; replace: boolean },
): Promise<{ effect: Effect; audit: AuditEntry[] }> {
  const key = factKey(f);
  const inserted = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO facility_facts (client_id, fact, fact_date, detail, payload, effect, source, source_ref, created_by_id)
    VALUES (${client.id}::uuid, ${key.fact}, ${key.date}::date, ${key.detail}, ${JSON.stringify(f)}::jsonb, 'pending',
            ${ctx.source}, ${ctx.sourceRef}, ${ctx.actorId}::uuid)
    ON CONFLICT (client_id, fact, fact_date, detail) DO NOTHING
    RETURNING id`;
  // The same fact again: nothing to do - unless a newer version corrects a result.
  if (inserted.length === 0 && !(ctx.replace && f.fact === "VL_RESULT")) return { effect: "unchanged", audit: [] };

  const today = localDay(client.timeZone, ctx.now);
  let effect: Effect = "unchanged";
  const audit: AuditEntry[] = [];
  switch (f.fact) {
    case "ATTENDED":
    case "MISSED": {
      const r = await recordAttendance(tx, client.id, { date: f.date, kind: f.kind, outcome: f.fact }, ctx.now);
      effect = r.effect;
      if (r.audit) audit.push(r.audit);
      break;
    }
    case "NEXT_APPOINTMENT":
    case "INFANT_TEST": {
      const kind = f.fact === "INFANT_TEST" ? "INFANT_TEST" : f.kind;
      const status = f.fact === "INFANT_TEST" ? "ATTENDED" : "SCHEDULED";
      const exists = await tx.appointment.count({ where: { clientId: client.id, date: new Date(`${f.date}T00:00:00Z`), kind, status } });
      if (exists === 0) {
        const a = await tx.appointment.create({
          data: { clientId: client.id, date: new Date(`${f.date}T00:00:00Z`), kind, status, statusAt: status === "ATTENDED" ? ctx.now : null },
          select: { id: true },
        });
        effect = f.fact === "INFANT_TEST" ? "infant_test_added" : "appointment_added";
        audit.push({ action: "appointment.added", entityType: "client", entityId: client.id, meta: { appointmentId: a.id, kind, status, source: "facility" } });
      }
      break;
    }
    case "VL_RESULT": {
      const r = await addViralLoadResult(tx, client.id, { sampleDate: f.date, resultDate: f.resultDate, copies: f.copies }, { replace: ctx.replace });
      if (r.changed) {
        effect = inserted.length === 0 ? "result_corrected" : "result_added";
        audit.push({ ...r.audit, meta: { ...r.audit.meta, source: "facility" } });
      }
      break;
    }
    case "TRANSFER_OUT":
    case "DEATH": {
      if (client.status !== "ACTIVE") break;
      const status = f.fact === "DEATH" ? "DIED" : "TRANSFERRED_OUT";
      const code = f.fact === "DEATH" ? "DE44" : "DE43";
      const exit = await exitClient(tx, { id: client.id, version: null }, { status, code, date: f.date, today, now: ctx.now });
      client.status = status;
      effect = "client_exited";
      audit.push({
        action: "client.status_changed",
        entityType: "client",
        entityId: client.id,
        meta: { to: status, code, source: "facility", tasksCancelled: exit.tasksCancelled, assignmentEnded: exit.assignmentsEnded > 0 },
      });
      break;
    }
  }
  // exitClient moved her version already; every other change does it here.
  if (effect !== "unchanged" && effect !== "client_exited") await bumpClient(tx, client.id, null);
  await tx.$executeRaw`
    UPDATE facility_facts SET effect = ${effect}, payload = ${JSON.stringify(f)}::jsonb
    WHERE client_id = ${client.id}::uuid AND fact = ${key.fact} AND fact_date = ${key.date}::date AND detail = ${key.detail}`;
  return { effect, audit };
}

/**
 * Applies matched facts inside `tx`, then brings today's lists of their sites in line with the new
 * facts (lib/calls/tasks.ts cancelTasksNoLongerDue, then regeneration). Returns the counts by effect
 * and the audit rows (ids and codes only).
 */
export async function applyFacts(
  tx: Tx,
  facts: readonly MatchedFact[],
  ctx: { source: "file" | "fhir"; sourceRef: string; actorId: string | null; now: Date; replace?: boolean },
): Promise<{ counts: EffectCounts; audit: AuditEntry[]; effects: Effect[] }> {
  const counts = noEffects();
  const audit: AuditEntry[] = [];
  const effects: Effect[] = [];
  if (facts.length === 0) return { counts, audit, effects };
  const ids = [...new Set(facts.map((f) => f.clientId))];
  const rows = await tx.client.findMany({
    where: { id: { in: ids } },
    select: { id: true, siteId: true, status: true, site: { select: { timeZone: true } } },
  });
  const clients = new Map<string, ClientRow>(rows.map((c) => [c.id, { id: c.id, siteId: c.siteId, status: c.status, timeZone: c.site.timeZone }]));
  const changed = new Set<string>();
  for (const m of facts) {
    const client = clients.get(m.clientId);
    if (!client) throw new Error("applyFacts: a fact for an unknown client");
    const r = await applyOne(tx, client, m.fact, { ...ctx, replace: ctx.replace ?? false });
    counts[r.effect] += 1;
    effects.push(r.effect);
    audit.push(...r.audit);
    if (r.effect !== "unchanged") changed.add(client.id);
  }
  audit.push(...(await refreshToday(tx, [...changed].map((id) => clients.get(id)!), ctx.now, ctx.actorId)));
  return { counts, audit, effects };
}

/** Today's lists of the changed clients' sites, after their facts changed. */
async function refreshToday(tx: Tx, changed: ClientRow[], now: Date, actorId: string | null): Promise<AuditEntry[]> {
  const siteIds = [...new Set(changed.map((c) => c.siteId))];
  for (const siteId of siteIds) {
    const ofSite = changed.filter((c) => c.siteId === siteId);
    const day = localDay(ofSite[0]!.timeZone, now);
    const [batch] = await loadBatches(tx, { day, siteIds: [siteId] });
    if (!batch) continue;
    const due = await dueByClient(tx, { day, siteIds: [siteId], holidays: batch.holidays, settings: batch.settings });
    await cancelTasksNoLongerDue(tx, { day, clientIds: ofSite.map((c) => c.id), stillDue: new Map(due.map((d) => [d.clientId, d.reasons])) });
  }
  return regenerateToday(tx, siteIds, now, actorId);
}
