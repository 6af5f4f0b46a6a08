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
import { dateOnly, localDate } from "@/lib/dates";
import { parseWithKeys } from "@/lib/validation";
import { countrySettingsSchema, type CountrySettings } from "@/lib/settings/schemas";
import { addDaysIso, isoWeekday } from "@/lib/calls/calendar";
import type { ReasonKind } from "@/lib/calls/rules";
import { emptyCreated, generateSitesInTx, type SiteRun } from "@/lib/calls/generate";
import {
  PREVIEW_SETTING_KEYS, PREVIEW_TASKS_PER_MENTOR, previewSchema, unset, type PreviewMentor, type PreviewResult, type PreviewSettingKey,
} from "@/lib/calls/preview-schema";

// ------------------------------------------------------------------------------------------------
// A Mentor Mother's list for today.

export type EnsureResult = { day: string | null; generated: SiteRun[] };

/** Audit rows for generation runs: counts only (never who is on the lists). */
export function runAudit(runs: SiteRun[], trigger: "queue" | "schedule" | "cli"): AuditEntry[] {
  return runs
    .filter((r) => !r.skipped)
    .map((r) => ({
      action: "calls.generate",
      entityType: "site",
      entityId: r.siteId,
      meta: { day: r.day, trigger, workingDay: r.workingDay, tasks: r.tasks, kept: r.kept, carried: r.carried, closed: r.closed },
    }));
}

/** Her sites and their local "today" at `now` (a site at UTC+3 at 00:30 is already on the next day). */
async function sitesToday(db: PrismaClient | Tx, actor: Actor, now: Date) {
  const sites = await db.site.findMany({ where: { id: { in: actor.siteIds }, active: true }, select: { id: true, timeZone: true } });
  return sites.map((s) => ({ siteId: s.id, day: localDate(s.timeZone, now) }));
}

/** Generates, inside `tx`, the lists of her sites whose local today has not been generated yet. */
export async function ensureTodayInTx(tx: Tx, actor: Actor, now: Date): Promise<EnsureResult> {
  const sites = await sitesToday(tx, actor, now);
  const generated: SiteRun[] = [];
  for (const day of [...new Set(sites.map((s) => s.day))]) {
    // onlyMissing re-checks under the site's lock: of two Mentor Mothers opening their queues at
    // once, the second finds the first one's run and does nothing.
    const runs = await generateSitesInTx(tx, { day, siteIds: sites.filter((s) => s.day === day).map((s) => s.siteId), onlyMissing: true });
    generated.push(...runs.filter((r) => !r.skipped));
  }
  return { day: sites[0]?.day ?? null, generated };
}

/**
 * For a Mentor Mother opening her queue: when her site's list for its local today was not generated
 * yet (the scheduled job runs shortly after midnight; this covers a job that has not run), generate
 * it now. Idempotent and safe when several of her colleagues arrive at once (per site+day advisory
 * lock, then the call_list_runs row). Cheap when there is nothing to do: one read.
 */
export async function ensureTodayGenerated(db: PrismaClient, actor: Actor, now: Date = new Date()): Promise<EnsureResult> {
  if (!can(actor, "queue.work") || actor.siteIds.length === 0) return { day: null, generated: [] };
  const sites = await sitesToday(db, actor, now);
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
  async run({ tx, actor }) {
    const result = await ensureTodayInTx(tx, actor, new Date());
    return { data: { day: result.day, generated: result.generated.length }, audit: runAudit(result.generated, "queue") };
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
  async run({ tx, input }) {
    const site = await tx.site.findFirst({
      where: { id: input.siteId, active: true },
      select: { id: true, name: true, timeZone: true, country: { select: { settings: true } } },
    });
    if (!site) throw notFound();
    const day = input.day ?? addDaysIso(localDate(site.timeZone), 1);
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
    };
    return {
      data,
      // The preview shows clients' first names and reasons: record who looked, when, at what.
      audit: { action: "calls.preview", entityType: "site", entityId: site.id, meta: { day, overridden, tasks: rows.length } },
    };
  },
});
