// B8: reminder messages (issue 17, docs/bench.md).
//
// (a) Scheduling one day's reminders for every site (1M clients). App: the call-list run's
// scheduling (lib/messages/schedule.ts scheduleMessagesInTx), one set-based statement per country
// (loadBatches of lib/calls/generate.ts), templates loaded from content as the app loads them.
// Baseline: ONE hand-written INSERT ... SELECT writing the same messages for all sites at once, the
// default country settings written in as constants (as B1's baseline does). Both run in one
// transaction, each round under a savepoint that is rolled back, three rounds each alternating;
// the median of each counts. The two must write the same number of messages per reason. The
// setup the synthetic data lacks - SMS consent on the working phones of the clients who agreed to
// messages, a live template per reason in every language with a forbidden-word list, a messaging
// route per country - is made inside that transaction (not timed), which is rolled back at the end.
//
// (b) Sending 10,000 messages through the test suite's fake provider (tests/support/fake-provider.ts,
// Twilio's and Africa's Talking's APIs, no de-duplication, here with a rate limit of RATE sends per
// second per provider) by the app's dispatcher in a real worker process (bench/b8-worker.ts) paced
// at that limit. Once 40% have gone the worker is killed with SIGKILL and a new one started, which
// sends the rest. Printed: sent, duplicates (the same message accepted twice by the provider: must
// be 0), unknown (messages whose outcome the killed worker never recorded, after the next
// dispatcher's stale check), refused for going too fast, and the time against the floor the rate
// limit sets. The bench's messages, their events and the consents it set are deleted afterwards.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type pg from "pg";
import type { PrismaClient } from "@/lib/prisma-client";
import { loadBatches, STATEMENT_SETTINGS } from "@/lib/calls/generate";
import { countrySettingsSchema } from "@/lib/settings/schemas";
import { readMessagingConfig } from "@/lib/messages/config";
import { scheduleMessagesInTx } from "@/lib/messages/schedule";
import { markStaleUnknown, STALE_MINUTES } from "@/lib/messages/send";
import { TEMPLATE_KEYS, TEMPLATE_KIND, TEMPLATE_VARIANT } from "@/lib/messages/templates";
import { HEALTH_WORD_LISTS } from "@/lib/content/rules";
import { startFakeProvider } from "../tests/support/fake-provider";
import { formatMs, repoRoot, timed, type BenchContext, type Benchmark } from "./lib";
import { withTriggersOff } from "./calls-day";

const NEUTRAL = "A reminder from us about {date}. Reply if you would like a call.";
export const SEND_COUNT = 10_000;
/** Sends per second per provider: the fake provider's limit and the dispatcher's pace. */
export const RATE = 100;
const KILL_AT = 0.4;
const SID = "AC0000000000000000000000000000b8b8";
const TOKEN = "bench-auth-token-b8";
const AT_USER = "bench";
const AT_KEY = "bench-at-key";
const SENDER = "REMIND";

// ---- (a) scheduling ----------------------------------------------------------------------------

// The default settings (countrySettingsSchema) as constants: reminder 2 days before at 09:00 (540
// minutes), none on the day, the missed-visit message, the viral-load reminder 7 days before (tests
// at 6 and 12 months then every 12, repeat after 3 above 50 copies). SMS only (no WhatsApp sender).
export const BASELINE_SQL = `
INSERT INTO messages (client_id, phone_id, site_id, direction, channel, reason, reminder_key, appointment_id, for_day, send_at,
                      template_key, language, body, provider, sender, number)
WITH tpl AS (
  SELECT key, language, approved->>'text' AS text FROM content_texts
  WHERE kind = '${TEMPLATE_KIND}' AND variant = '${TEMPLATE_VARIANT}' AND approved IS NOT NULL
),
cand AS (
  SELECT client_id, 'appointment' AS reason, 'appt:' || id AS reminder_key, id AS appointment_id, date AS about
  FROM appointments WHERE status = 'SCHEDULED' AND date = $1::date + 2
  UNION ALL
  SELECT a.client_id, 'missed', 'missed:' || a.id, a.id, a.date FROM appointments a
  WHERE a.status IN ('SCHEDULED', 'MISSED') AND a.date = $1::date - 1
    AND NOT EXISTS (SELECT 1 FROM appointments b WHERE b.client_id = a.client_id AND b.date > a.date AND b.status = 'ATTENDED')
  UNION ALL
  SELECT id, 'vl_due', 'vl:' || to_char(t, 'YYYY-MM-DD'), NULL, t FROM (
    SELECT id, last_vl_date, CASE
      WHEN last_vl_copies >= 50 THEN (last_vl_date + interval '3 months')::date
      WHEN last_vl_date IS NULL OR last_vl_date < (art_start_date + interval '6 months')::date - 30 THEN (art_start_date + interval '6 months')::date
      WHEN last_vl_date < (art_start_date + interval '12 months')::date - 30 THEN (art_start_date + interval '12 months')::date
      ELSE (last_vl_date + interval '12 months')::date END AS t
    FROM clients WHERE status = 'ACTIVE' AND art_start_date IS NOT NULL
  ) AS v
  WHERE t = $1::date + 7 AND (last_vl_date IS NULL OR last_vl_date < t - 30)
)
SELECT c.id, ph.id, c.site_id, 'out', 'sms', cand.reason, cand.reminder_key, cand.appointment_id, $1::date,
       ((CASE WHEN ph.safe OR ph.sf > 540 THEN $1::date ELSE $1::date + 1 END) + (CASE WHEN ph.safe THEN 540 ELSE ph.sf END) * interval '1 minute')
         AT TIME ZONE s.time_zone,
       tp.key, tp.language, replace(tp.text, '{date}', to_char(cand.about, 'DD/MM/YYYY')), 'africastalking', '${SENDER}', ph.number
FROM cand
JOIN clients c ON c.id = cand.client_id AND c.status = 'ACTIVE'
JOIN sites s ON s.id = c.site_id AND s.active
JOIN countries co ON co.id = s.country_id
CROSS JOIN LATERAL (
  SELECT p.id, p.number, p.safe_from_minute AS sf, p.safe_to_minute AS st,
         (p.safe_from_minute IS NULL OR p.safe_to_minute IS NULL
          OR (p.safe_from_minute <= p.safe_to_minute AND 540 >= p.safe_from_minute AND 540 < p.safe_to_minute)
          OR (p.safe_from_minute > p.safe_to_minute AND (540 >= p.safe_from_minute OR 540 < p.safe_to_minute))) AS safe
  FROM client_phones p
  WHERE p.client_id = c.id AND p.status = 'OK' AND p.messages_opted_out_at IS NULL AND p.consent_sms
  ORDER BY p.is_primary DESC, p.id LIMIT 1
) AS ph
CROSS JOIN LATERAL (SELECT split_part(split_part(lower(coalesce(c.message_language, c.preferred_language)), '-', 1), '_', 1) AS lang) AS l
CROSS JOIN LATERAL (
  SELECT t.key, t.language, t.text FROM tpl t
  WHERE t.key = cand.reason AND t.language IN (l.lang, lower(co.default_language))
  ORDER BY (t.language = l.lang) DESC LIMIT 1
) AS tp
WHERE NOT (ph.sf IS NOT NULL AND ph.st IS NOT NULL AND ph.sf = ph.st)
  AND NOT EXISTS (
    SELECT 1 FROM call_attempts ca JOIN call_tasks t ON t.id = ca.task_id
    WHERE ca.client_id = c.id AND ca.disposition = 'REACHED'
      AND ca.created_at >= ($1::date::timestamp AT TIME ZONE s.time_zone) AND ca.created_at < (($1::date + 1)::timestamp AT TIME ZONE s.time_zone)
      AND t.reasons && CASE cand.reason WHEN 'missed' THEN ARRAY['missed', 'visit_check'] WHEN 'vl_due' THEN ARRAY['vl_due'] ELSE ARRAY['appointment'] END)
ON CONFLICT (phone_id, reminder_key, channel) WHERE direction = 'out' AND reminder_key IS NOT NULL DO NOTHING`;

class Rollback extends Error {}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

type Counts = Record<string, number>;

async function scheduling(ctx: BenchContext, db: PrismaClient): Promise<{ app: number; baseline: number; written: Counts }> {
  const day = ctx.plan.anchor;
  const defaults = JSON.stringify(countrySettingsSchema.parse({}));
  const { rows: countries } = await ctx.pool.query<{ code: string; settings: unknown }>("SELECT code, settings FROM countries");
  if (countries.some((c) => JSON.stringify(countrySettingsSchema.parse(c.settings ?? {})) !== defaults)) {
    throw new Error("the baseline assumes every country has the default settings");
  }
  const { rows: [pre] } = await ctx.pool.query<{ m: string; t: string }>(
    `SELECT (SELECT count(*) FROM messages WHERE for_day = $1::date) AS m, (SELECT count(*) FROM content_texts WHERE kind = $2) AS t`, [day, TEMPLATE_KIND]);
  if (Number(pre!.m) > 0 || Number(pre!.t) > 0) throw new Error("B8 needs a bench database without messages of its day and without message templates");
  const config = { ...readMessagingConfig({}), MESSAGING_ROUTES: Object.fromEntries(countries.map((c) => [c.code, { provider: "africastalking" as const, sender: SENDER }])) };
  const batches = await loadBatches(db, { day });
  const app: number[] = [];
  const base: number[] = [];
  let appCounts: Counts = {};
  let baseCounts: Counts = {};
  const counts = async (tx: Pick<PrismaClient, "$queryRawUnsafe">): Promise<Counts> => {
    const rows = await tx.$queryRawUnsafe<{ reason: string; n: number }[]>(
      "SELECT reason, count(*)::int AS n FROM messages WHERE for_day = $1::date GROUP BY reason ORDER BY reason", day);
    return Object.fromEntries(rows.map((r) => [r.reason, r.n]));
  };
  try {
    await db.$transaction(async (tx) => {
      ctx.log(`  B8 day ${day}: setup (consent, templates), not timed ...`);
      const languages = Object.keys(HEALTH_WORD_LISTS);
      await tx.$executeRawUnsafe(
        `INSERT INTO content_texts (kind, key, language, variant, approved, approved_at)
         SELECT $1, k, l, $2, jsonb_build_object('text', $3::text), now() FROM unnest($4::text[]) AS k CROSS JOIN unnest($5::text[]) AS l`,
        TEMPLATE_KIND, TEMPLATE_VARIANT, NEUTRAL, [...TEMPLATE_KEYS], languages);
      const consented = await tx.$executeRawUnsafe(
        "UPDATE client_phones p SET consent_sms = true FROM clients c WHERE c.id = p.client_id AND c.consent_messages AND p.status = 'OK'");
      ctx.log(`  SMS consent on ${consented} phones; templates in ${languages.join(", ")}`);
      // The same session settings for both (the app sets them itself too, as the generation does).
      await tx.$queryRawUnsafe(STATEMENT_SETTINGS);
      await tx.$executeRawUnsafe("SAVEPOINT b8");
      for (let round = 0; round < 3; round++) {
        app.push(await timed(async () => {
          for (const b of batches) await scheduleMessagesInTx(tx, b, day, config);
        }));
        appCounts = await counts(tx);
        await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT b8");
        base.push(await timed(() => tx.$executeRawUnsafe(BASELINE_SQL, day)));
        baseCounts = await counts(tx);
        await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT b8");
        ctx.log(`  round ${round + 1}: app ${formatMs(app.at(-1)!)}, baseline ${formatMs(base.at(-1)!)}; ${JSON.stringify(appCounts)}`);
      }
      throw new Rollback();
    }, { timeout: 30 * 60_000, maxWait: 60_000 });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  await ctx.pool.query("VACUUM client_phones, content_texts, messages");
  if (JSON.stringify(appCounts) !== JSON.stringify(baseCounts)) {
    throw new Error(`app and baseline differ: ${JSON.stringify(appCounts)} vs ${JSON.stringify(baseCounts)}`);
  }
  return { app: median(app), baseline: median(base), written: appCounts };
}

// ---- (b) sending, a worker killed mid-run -------------------------------------------------------

const BENCH_KEY = "b8-send:%";

/** Deletes the sending run's messages and events (append-only: triggers off, as the synthetic reset
 * does) and the SMS consents it set (the synthetic data has none). */
async function cleanupSending(pool: pg.Pool): Promise<void> {
  await withTriggersOff(pool, async (c) => {
    await c.query("DELETE FROM message_events WHERE message_id IN (SELECT id FROM messages WHERE reminder_key LIKE $1)", [BENCH_KEY]);
    await c.query("DELETE FROM messages WHERE reminder_key LIKE $1", [BENCH_KEY]);
    await c.query("UPDATE client_phones SET consent_sms = false WHERE consent_sms");
  });
  await pool.query("VACUUM messages, message_events, client_phones");
}

function startWorker(ctx: BenchContext, env: Record<string, string>): { child: ChildProcess; done: Promise<number | null> } {
  // The same Node and the same TypeScript loader (tsx) as this process.
  const child = spawn(process.execPath, [...process.execArgv, path.join(repoRoot, "bench", "b8-worker.ts")], {
    cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"],
  });
  child.stdout!.on("data", (d: Buffer) => ctx.log(`  worker ${child.pid}: ${d.toString().trim()}`));
  const done = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, done };
}

type Sending = { ms: number; floorMs: number; sent: number; duplicates: number; unknown: number; rateLimited: number; killedAt: number };

async function sending(ctx: BenchContext, db: PrismaClient): Promise<Sending> {
  await cleanupSending(ctx.pool);
  const fake = await startFakeProvider({ twilioSid: SID, twilioToken: TOKEN, atUsername: AT_USER, atApiKey: AT_KEY, ratePerSecond: RATE });
  try {
    const { rows: countries } = await ctx.pool.query<{ code: string }>("SELECT code FROM countries");
    // SEND_COUNT working primary phones of active clients without unsafe hours (the worker sends
    // now, whatever the hour), with SMS consent; one message each, half by each provider.
    await ctx.pool.query(`
      WITH ph AS (
        SELECT p.id FROM client_phones p JOIN clients c ON c.id = p.client_id
        WHERE p.is_primary AND p.status = 'OK' AND c.status = 'ACTIVE' AND p.messages_opted_out_at IS NULL
          AND p.safe_from_minute IS NULL AND p.safe_to_minute IS NULL
        ORDER BY p.id LIMIT $1
      )
      UPDATE client_phones SET consent_sms = true WHERE id IN (SELECT id FROM ph)`, [SEND_COUNT]);
    const { rowCount } = await ctx.pool.query(`
      INSERT INTO messages (client_id, phone_id, site_id, direction, channel, reason, reminder_key, send_at, body, provider, sender, number)
      SELECT c.id, p.id, c.site_id, 'out', 'sms', 'appointment', 'b8-send:' || n, now() - interval '1 minute',
             'B8 message ' || n, CASE WHEN n % 2 = 0 THEN 'twilio' ELSE 'africastalking' END, $1, p.number
      FROM (SELECT p.*, row_number() OVER (ORDER BY p.id) AS n FROM client_phones p WHERE p.consent_sms) AS p
      JOIN clients c ON c.id = p.client_id`, [SENDER]);
    if (rowCount !== SEND_COUNT) throw new Error(`B8: ${rowCount} messages to send, wanted ${SEND_COUNT}`);
    await ctx.pool.query("ANALYZE messages");
    const env = {
      DATABASE_URL: ctx.databaseUrl,
      MESSAGING_ROUTES: JSON.stringify(Object.fromEntries(countries.map((c) => [c.code, { provider: "africastalking", sender: SENDER }]))),
      MESSAGING_PUBLIC_URL: "",
      TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_API_BASE_URL: fake.url, TWILIO_RATE_PER_SECOND: String(RATE),
      AT_USERNAME: AT_USER, AT_API_KEY: AT_KEY, AT_BASE_URL: fake.url, AT_RATE_PER_SECOND: String(RATE),
      LOG_LEVEL: "warn",
    };
    ctx.log(`  sending ${SEND_COUNT} messages at ${RATE}/s per provider; SIGKILL at ${KILL_AT * 100}% ...`);
    const t0 = performance.now();
    const first = startWorker(ctx, env);
    let exited = false;
    void first.done.then(() => { exited = true; });
    while (!exited && fake.sent.length < SEND_COUNT * KILL_AT) await new Promise((r) => setTimeout(r, 20));
    first.child.kill("SIGKILL");
    await first.done;
    const killedAt = fake.sent.length;
    ctx.log(`  worker ${first.child.pid} killed after ${killedAt} sends; starting another`);
    const second = startWorker(ctx, env);
    const code = await second.done;
    const ms = performance.now() - t0;
    if (code !== 0) throw new Error(`B8: the second worker exited with ${code}`);
    // What the next dispatcher does STALE_MINUTES later: a "sending" with nothing after it is unknown.
    await markStaleUnknown(db, new Date(Date.now() + (STALE_MINUTES + 1) * 60_000));
    const { rows: [st] } = await ctx.pool.query<{ unknown: number; waiting: number }>(`
      SELECT count(*) FILTER (WHERE last.status = 'unknown')::int AS unknown, count(*) FILTER (WHERE last.status IS NULL)::int AS waiting
      FROM messages m LEFT JOIN LATERAL (SELECT e.status FROM message_events e WHERE e.message_id = m.id ORDER BY e.id DESC LIMIT 1) AS last ON true
      WHERE m.reminder_key LIKE $1`, [BENCH_KEY]);
    const bodies = fake.sent.filter((s) => s.body?.startsWith("B8 message ")).map((s) => s.body);
    const duplicates = bodies.length - new Set(bodies).size;
    if (st!.waiting > 0) ctx.log(`  ${st!.waiting} messages never sent`);
    return { ms, floorMs: (SEND_COUNT / (2 * RATE)) * 1000, sent: bodies.length, duplicates, unknown: st!.unknown, rateLimited: fake.rateLimited, killedAt };
  } finally {
    await fake.close();
    await cleanupSending(ctx.pool);
  }
}

export const B8: Benchmark = {
  id: "B8",
  name: "B8 reminder messages",
  target: "scheduling <= 1.5x; sending 10,000 with a worker killed: duplicates 0",
  async run(ctx) {
    const db = await ctx.prisma();
    // B8_PART=schedule or =send runs one half (while working on it); the other shows as 0.
    const part = process.env.B8_PART;
    const s = part === "send" ? { app: 0, baseline: 0, written: {} } : await scheduling(ctx, db);
    const total = Object.values(s.written).reduce((a, b) => a + b, 0);
    const x = part === "schedule"
      ? { ms: 0, floorMs: 0, sent: 0, duplicates: 0, unknown: 0, rateLimited: 0, killedAt: 0 }
      : await sending(ctx, db);
    if (x.duplicates > 0) throw new Error(`B8: ${x.duplicates} duplicate sends`);
    return {
      app: s.app,
      baseline: s.baseline,
      show: {
        app: `scheduling ${total} messages ${formatMs(s.app)}; sending ${SEND_COUNT} (worker SIGKILLed after ${x.killedAt}, restarted) `
          + `sent ${x.sent}, duplicates ${x.duplicates}, unknown ${x.unknown}, refused as too fast ${x.rateLimited}, `
          + `${formatMs(x.ms)} vs ${formatMs(x.floorMs)} at the limit (${RATE}/s per provider)`,
        baseline: `INSERT ... SELECT ${formatMs(s.baseline)}`,
      },
    };
  },
};
