// Writes around the daily call lists: a Mentor Mother's list generated on the spot when her site's
// scheduled run has not happened yet today, and the administrators' preview of a day's lists with
// other settings - generated under a savepoint that is rolled back, so nothing is written but the
// audit row of the preview itself.
import { z } from "zod";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { command, type Tx } from "@/lib/action";
import { can, type Actor } from "@/lib/authz";
import { writeAudit, type AuditEntry } from "@/lib/audit";
import { AppError, notFound } from "@/lib/errors";
import { dateOnly } from "@/lib/dates";
import { localDay } from "@/lib/site-clock";
import { parseWithKeys } from "@/lib/validation";
import { countrySettingsSchema, type CountrySettings } from "@/lib/settings/schemas";
import { addDaysIso, isoWeekday } from "@/lib/calls/calendar";
import type { ReasonKind } from "@/lib/calls/rules";
import { emptyCreated, generateSitesInTx, type RunTrigger, type SiteRun } from "@/lib/calls/generate";
import {
  PREVIEW_SETTING_KEYS, PREVIEW_TASKS_PER_MENTOR, previewSchema, unset, type PreviewMentor, type PreviewResult, type PreviewSettingKey,
} from "@/lib/calls/preview-schema";

// ------------------------------------------------------------------------------------------------
// Today's lists: a Mentor Mother's first visit, a change that affects today, "generate now".

export type EnsureResult = { day: string | null; generated: SiteRun[] };

/** Audit rows for generation runs: counts only (never who is on the lists). */
export function runAudit(runs: SiteRun[], trigger: RunTrigger): AuditEntry[] {
  return runs
    .filter((r) => !r.skipped)
    .map((r) => ({
      action: "calls.generate",
      entityType: "site",
      entityId: r.siteId,
      meta: { day: r.day, trigger, workingDay: r.workingDay, tasks: r.tasks, kept: r.kept, carried: r.carried, closed: r.closed },
    }));
}

/** Active sites and their local "today" at `now` (a site at UTC+3 at 00:30 is already on the next day). */
async function sitesToday(db: Pick<Tx, "site">, siteIds: string[] | null, now: Date) {
  const sites = await db.site.findMany({
    where: { active: true, ...(siteIds ? { id: { in: siteIds } } : {}) },
    select: { id: true, timeZone: true },
    orderBy: { id: "asc" },
  });
  return sites.map((s) => ({ siteId: s.id, day: localDay(s.timeZone, now) }));
}

/** Runs generation for each local "today" among the sites, inside `tx`. */
async function generateTodays(
  tx: Tx,
  sites: { siteId: string; day: string }[],
  opts: { onlyMissing?: boolean; regenerate?: boolean; trigger: RunTrigger; actorId: string | null },
): Promise<SiteRun[]> {
  const out: SiteRun[] = [];
  for (const day of [...new Set(sites.map((s) => s.day))].sort()) {
    const runs = await generateSitesInTx(tx, { day, siteIds: sites.filter((s) => s.day === day).map((s) => s.siteId), ...opts });
    out.push(...runs.filter((r) => !r.skipped));
  }
  return out;
}

/** Generates, inside `tx`, the lists of her sites whose local today has not been generated yet. */
export async function ensureTodayInTx(tx: Tx, actor: Actor, now: Date): Promise<EnsureResult> {
  const sites = await sitesToday(tx, actor.siteIds, now);
  // onlyMissing re-checks under the site's lock: of two Mentor Mothers opening their queues at
  // once, the second finds the first one's run and does nothing.
  const generated = await generateTodays(tx, sites, { onlyMissing: true, trigger: "queue", actorId: actor.userId });
  return { day: sites[0]?.day ?? null, generated };
}

/**
 * For a Mentor Mother opening her queue: when her site's list for its local today was not generated
 * yet (the scheduled job runs shortly after midnight; this covers a job that has not run), generate
 * it now - the one write a read may make (architecture.md, convention 15). Idempotent and safe when
 * several of her colleagues arrive at once (per site+day advisory lock, then the call_list_runs
 * row). Cheap when there is nothing to do: one read.
 */
export async function ensureTodayGenerated(db: PrismaClient, actor: Actor, now: Date): Promise<EnsureResult> {
  if (!can(actor, "queue.work") || actor.siteIds.length === 0) return { day: null, generated: [] };
  const sites = await sitesToday(db, actor.siteIds, now);
  if (sites.length === 0) return { day: null, generated: [] };
  const done = await db.callListRun.count({
    where: { OR: sites.map((s) => ({ siteId: s.siteId, day: dateOnly(s.day) })) },
  });
  if (done === sites.length) return { day: sites[0]!.day, generated: [] };
  return db.$transaction(
    async (tx) => {
      const result = await ensureTodayInTx(tx, actor, now);
      await writeAudit(tx, { actorId: actor.userId }, runAudit(result.generated, "queue"));
      return result;
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

/** The same as a command (for the server action): generate her list now if it is missing. */
export const ensureTodayCommand = command({
  name: "calls.ensureToday",
  permission: "queue.work",
  schema: z.object({}),
  async run({ tx, actor, now }) {
    const result = await ensureTodayInTx(tx, actor, now);
    return { data: { day: result.day, generated: result.generated.length }, audit: runAudit(result.generated, "queue") };
  },
});

/**
 * Something that decides today's lists changed - a public holiday, a weekend day or a setting of
 * the country, a Mentor Mother's working days, capacity, leave or activity, an assignment - inside
 * the change's own transaction: each touched site whose local today was generated already is
 * generated again (done and attempted tasks stay; untouched ones are re-ranked, or withdrawn to
 * the next working day when today stopped being a working day for them). A site not generated yet
 * today is left to the scheduler. Returns the audit rows to write with the change.
 */
export async function regenerateToday(
  tx: Tx,
  siteIds: string[],
  now: Date,
  actorId: string | null,
  opts: { onlyDay?: string } = {},
): Promise<AuditEntry[]> {
  if (siteIds.length === 0) return [];
  // `onlyDay`: the change is about one calendar day (a holiday): only sites for which it is today.
  const sites = (await sitesToday(tx, [...new Set(siteIds)], now)).filter((s) => !opts.onlyDay || s.day === opts.onlyDay);
  if (sites.length === 0) return [];
  const generated = await tx.callListRun.findMany({
    where: { OR: sites.map((s) => ({ siteId: s.siteId, day: dateOnly(s.day) })) },
    select: { siteId: true },
  });
  const done = new Set(generated.map((g) => g.siteId));
  const runs = await generateTodays(tx, sites.filter((s) => done.has(s.siteId)), { regenerate: true, trigger: "change", actorId });
  return runAudit(runs, "change");
}

/** regenerateToday for every active site of a country (its calendar or its rule settings changed). */
export async function regenerateCountryToday(
  tx: Tx,
  countryId: string,
  now: Date,
  actorId: string | null,
  opts: { onlyDay?: string } = {},
): Promise<AuditEntry[]> {
  const sites = await tx.site.findMany({ where: { countryId, active: true }, select: { id: true } });
  return regenerateToday(tx, sites.map((s) => s.id), now, actorId, opts);
}

/** "Generate today's lists now", for an administrator (one site, or every site) or a supervisor
 * (her sites, or one of them). Generates what is missing and re-generates what was made already. */
export const generateTodayCommand = command({
  name: "calls.generateToday",
  permission: "calls.generate",
  schema: z.object({ siteId: z.uuid().optional() }).strict(),
  async run({ tx, actor, input, now }) {
    const scope = actor.role === "ADMIN" ? null : actor.siteIds;
    if (input.siteId && scope && !scope.includes(input.siteId)) throw notFound();
    const sites = await sitesToday(tx, input.siteId ? [input.siteId] : scope, now);
    if (input.siteId && sites.length === 0) throw notFound();
    const runs = await generateTodays(tx, sites, { regenerate: true, trigger: "manual", actorId: actor.userId });
    const tasks = runs.reduce((n, r) => n + r.tasks, 0);
    return {
      data: { sites: runs.length, tasks, workingDays: runs.filter((r) => r.workingDay).length },
      audit: runAudit(runs, "manual"),
    };
  },
});

// ------------------------------------------------------------------------------------------------
// The administrators' preview: "what would tomorrow's lists look like with these settings".

/** The stored settings with the form's overrides, validated as a save would be; errors point at
 * `overrides.<key>`. */
function mergeOverrides(stored: unknown, raw: Record<string, unknown> | undefined) {
  const base = countrySettingsSchema.parse(stored ?? {});
  const given: Partial<Record<PreviewSettingKey, unknown>> = {};
  for (const k of PREVIEW_SETTING_KEYS) {
    const v = raw?.[k];
    // A yes/no select sends text.
    if (!unset(v)) given[k] = v === "true" ? true : v === "false" ? false : v;
  }
  const parsed = parseWithKeys(countrySettingsSchema, { ...base, ...given });
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "_form");
      const name = key in given ? `overrides.${key}` : "_form";
      (fieldErrors[name] ??= []).push(issue.message);
    }
    throw new AppError("VALIDATION", "correctFields", fieldErrors);
  }
  const overridden = (Object.keys(given) as PreviewSettingKey[]).filter(
    (k) => JSON.stringify(parsed.data[k]) !== JSON.stringify(base[k]),
  );
  const overrides: Partial<CountrySettings> = {};
  for (const k of overridden) (overrides as Record<string, unknown>)[k] = parsed.data[k];
  return { overrides, overridden };
}

const SAVEPOINT = "call_list_preview";

export const previewCallListsCommand = command({
  name: "calls.preview",
  permission: "admin.settings",
  schema: previewSchema,
  async run({ tx, input, now }) {
    const site = await tx.site.findFirst({
      where: { id: input.siteId, active: true },
      select: { id: true, name: true, timeZone: true, country: { select: { settings: true } } },
    });
    if (!site) throw notFound();
    const day = input.day ?? addDaysIso(localDay(site.timeZone, now), 1);
    const { overrides, overridden } = mergeOverrides(site.country.settings, input.overrides);

    // Everything from here to the rollback is thrown away: the tasks, the carry-over, the run row.
    await tx.$executeRawUnsafe(`SAVEPOINT ${SAVEPOINT}`);
    let run: SiteRun | undefined;
    let rows: { mentorId: string; clientId: string; firstName: string; reasons: string[]; priority: number; firstDue: string }[] = [];
    try {
      [run] = await generateSitesInTx(tx, { day, siteIds: [site.id], overrides });
      rows = await tx.$queryRaw`
        SELECT t.mentor_id::text AS "mentorId", t.client_id::text AS "clientId", c.first_name AS "firstName",
               t.reasons, t.priority, t.first_due_date::text AS "firstDue"
        FROM call_tasks t JOIN clients c ON c.id = t.client_id
        WHERE t.task_date = ${day}::date AND c.site_id = ${site.id}::uuid
        ORDER BY t.mentor_id, t.priority, c.last_reached_at ASC NULLS FIRST, t.client_id`;
    } finally {
      await tx.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
    }

    const mentors = await tx.user.findMany({
      where: { role: "MENTOR_MOTHER", active: true, sites: { some: { siteId: site.id } } },
      orderBy: { name: "asc" },
      select: { id: true, name: true, mentorProfile: { select: { dailyCapacity: true, workingDays: true } } },
    });
    const leaves = await tx.mentorLeave.findMany({
      where: { userId: { in: mentors.map((m) => m.id) }, startDate: { lte: dateOnly(day) }, endDate: { gte: dateOnly(day) } },
      select: { userId: true },
    });
    const onLeave = new Set(leaves.map((l) => l.userId));
    const workingDay = run?.workingDay ?? false;
    const byMentor = new Map<string, PreviewMentor>();
    for (const m of mentors) {
      byMentor.set(m.id, {
        id: m.id,
        name: m.name,
        capacity: m.mentorProfile?.dailyCapacity ?? 0,
        worksDay: workingDay && !!m.mentorProfile?.workingDays.includes(isoWeekday(day)) && !onLeave.has(m.id),
        total: 0,
        byKind: emptyCreated(),
        tasks: [],
      });
    }
    // What the site's real lists of that day are, if they were made (the preview itself was rolled back).
    const made = await tx.callListRun.findUnique({
      where: { siteId_day: { siteId: site.id, day: dateOnly(day) } },
      select: { generatedAt: true, trigger: true, generatedById: true },
    });
    const maker = made?.generatedById ? await tx.user.findUnique({ where: { id: made.generatedById }, select: { name: true } }) : null;
    const byKind = emptyCreated();
    for (const r of rows) {
      const m = byMentor.get(r.mentorId);
      for (const k of r.reasons) if (k in byKind) byKind[k as ReasonKind]++;
      if (!m) continue; // a Mentor Mother of another site holding a client here: counted above only
      m.total++;
      for (const k of r.reasons) if (k in m.byKind) m.byKind[k as ReasonKind]++;
      if (m.tasks.length < PREVIEW_TASKS_PER_MENTOR) {
        m.tasks.push({ clientId: r.clientId, firstName: r.firstName, reasons: r.reasons, priority: r.priority, firstDueDate: r.firstDue });
      }
    }
    const data: PreviewResult = {
      siteId: site.id,
      siteName: site.name,
      day,
      workingDay,
      overridden,
      total: rows.length,
      byKind,
      carried: run?.carried ?? 0,
      closed: run?.closed ?? 0,
      mentors: [...byMentor.values()],
      generated: made ? { at: made.generatedAt.toISOString(), trigger: made.trigger, byName: maker?.name ?? null, timeZone: site.timeZone } : null,
    };
    return {
      data,
      // The preview shows clients' first names and reasons: record who looked, when, at what.
      audit: { action: "calls.preview", entityType: "site", entityId: site.id, meta: { day, overridden, tasks: rows.length } },
    };
  },
});
