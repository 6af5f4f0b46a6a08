// Sending reminder messages, at most once (issue 17). The pg-boss job "messages-send"
// (scripts/worker.ts, one at a time across workers) calls dispatchDue every minute:
//   1. a "sending" event older than STALE_MINUTES with nothing after it (a killed worker, a hung
//      call) becomes "unknown": a person looks at it (supervision), it is never sent again;
//   2. waiting messages that may no longer go (no consent, opted out, she left, reached by a call
//      today for the same reason, or SEND_HORIZON_HOURS past their time: too late) are "cancelled";
//   3. per provider, due messages inside the phone's safe hours - read in (send_at, id) order a
//      window at a time, so each claim costs the same however many went before - are claimed one
//      by one by inserting
//      their "sending" event (unique per message and attempt: two dispatchers cannot both claim),
//      committed BEFORE the provider is called; then the outcome is recorded: sent, retry (a clear
//      failure, again after a backoff, at most MAX_ATTEMPTS), failed, or unknown.
// A WhatsApp message that fails for good falls back to SMS when she consented to SMS. Five failed
// messages in a row on one number open the phone-update escalation.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { localDay } from "@/lib/site-clock";
import { openEscalationWithoutTask } from "@/lib/calls/tasks";
import type { MessagingConfig, ProviderName } from "@/lib/messages/config";
import type { MessageProvider, SendOutcome } from "@/lib/messages/providers/types";
import { fillTemplate } from "@/lib/messages/templates";

export const MESSAGES_QUEUE = "messages-send";
export const MESSAGES_CRON = "* * * * *";
export const MAX_ATTEMPTS = 3;
export const STALE_MINUTES = 5;
/** A reminder that could not go within this many hours of its time is too late: cancelled, never
 * sent (the appointment it is about may be over). It also bounds what each run looks through. */
export const SEND_HORIZON_HOURS = 48;
/** Due messages read at a time, in (send_at, id) order, by the dispatcher's walk. */
export const CLAIM_WINDOW = 20;
/** Provider calls awaiting their answer at once, per provider. */
export const IN_FLIGHT = 8;
/** Consecutive failed messages on one number that open the phone-update escalation. */
export const FAILURES_TO_ESCALATE = 5;
/** Minutes before attempt n + 1 after a clear failure of attempt n: 5, 10, 20. */
export const backoffMinutes = (attempt: number) => 5 * 2 ** (attempt - 1);

export type DispatchOptions = {
  providers: Partial<Record<ProviderName, MessageProvider>>;
  /** Sends per second per provider. */
  rates: Record<ProviderName, number>;
  config: Pick<MessagingConfig, "MESSAGING_ROUTES" | "MESSAGING_PUBLIC_URL">;
  /** Stop claiming after this long (the job runs every minute). */
  budgetMs?: number;
  /** Provider calls of one provider awaiting their answer at once (default IN_FLIGHT). */
  inFlight?: number;
  /** `now` for each step (tests move it on); default: the wall clock. */
  clock?: () => Date;
};

export type DispatchResult = { sent: number; retry: number; failed: number; unknown: number; cancelled: number; staleUnknown: number };

/** 1: stale "sending" -> "unknown". */
export async function markStaleUnknown(db: PrismaClient, now: Date): Promise<number> {
  return db.$executeRaw`
    INSERT INTO message_events (message_id, status, attempt, error, at)
    SELECT e.message_id, 'unknown', e.attempt, 'no outcome recorded (worker stopped?)', ${now}
    FROM message_events e
    WHERE e.status = 'sending' AND e.at < ${new Date(now.getTime() - STALE_MINUTES * 60_000)}
      AND NOT EXISTS (SELECT 1 FROM message_events x WHERE x.message_id = e.message_id AND x.id > e.id)`;
}

/** 2: waiting messages that may no longer go -> "cancelled". */
export async function cancelIneligible(db: PrismaClient, now: Date): Promise<number> {
  return db.$executeRaw`
    INSERT INTO message_events (message_id, status, attempt, error, at)
    SELECT m.id, 'cancelled', coalesce(last.attempt, 0),
           CASE WHEN m.send_at <= ${new Date(now.getTime() - SEND_HORIZON_HOURS * 3_600_000)}::timestamptz THEN 'too late' ELSE 'no longer eligible' END, ${now}
    FROM messages m
    JOIN clients c ON c.id = m.client_id
    JOIN sites s ON s.id = m.site_id
    LEFT JOIN client_phones p ON p.id = m.phone_id
    LEFT JOIN LATERAL (SELECT e.status, e.attempt FROM message_events e WHERE e.message_id = m.id ORDER BY e.id DESC LIMIT 1) AS last ON true
    WHERE m.direction = 'out' AND m.reminder_key IS NOT NULL AND m.send_at <= ${now}
      -- a day past the horizon: what the runs before cancelled as too late stays behind (bounded work)
      AND m.send_at > ${new Date(now.getTime() - (SEND_HORIZON_HOURS + 24) * 3_600_000)}::timestamptz
      AND (last.status IS NULL OR last.status = 'retry')
      AND (m.send_at <= ${new Date(now.getTime() - SEND_HORIZON_HOURS * 3_600_000)}::timestamptz
           -- the confirmation of a STOP goes to a number that just opted out, by design
           OR (m.reason <> 'stop_confirm' AND (c.status <> 'ACTIVE' OR p.id IS NULL OR p.status <> 'OK' OR p.messages_opted_out_at IS NOT NULL
           OR NOT (CASE m.channel WHEN 'sms' THEN p.consent_sms ELSE p.consent_whatsapp END)
           OR EXISTS (
             SELECT 1 FROM call_attempts ca JOIN call_tasks t ON t.id = ca.task_id
             WHERE ca.client_id = m.client_id AND ca.disposition = 'REACHED'
               AND ca.created_at >= ((${now}::timestamptz AT TIME ZONE s.time_zone)::date::timestamp AT TIME ZONE s.time_zone)
               AND t.reasons && CASE m.reason WHEN 'missed' THEN ARRAY['missed', 'visit_check'] WHEN 'vl_due' THEN ARRAY['vl_due'] ELSE ARRAY['appointment'] END))))`;
}

type Claimed = {
  id: string; client_id: string; site_id: string; phone_id: string | null; channel: "sms" | "whatsapp"; reason: string; reminder_key: string | null;
  appointment_id: string | null; body: string; number: string; sender: string | null; template_key: string | null; language: string | null;
  attempt: number; tz: string; country: string; wa_window: boolean; about: string | null;
};

/** Where a run's walk through the due messages has got to: (send_at, id) of the last one read. */
type Cursor = { sendAt: Date; id: string };

/**
 * The next due messages of `provider` after `after`, in (send_at, id) order: a walk along the
 * index messages (send_at, id) with no joins, so that no claim wades again through the messages
 * this run already read - a claim costs the same with 10 or 10,000 messages behind it, however many
 * share one send_at (a site's reminders all go at 09:00). A retry that falls due behind the walk
 * waits for the next run (a minute).
 */
async function nextWindow(db: PrismaClient, provider: ProviderName, now: Date, after: Cursor): Promise<{ id: string; send_at: Date }[]> {
  return db.$queryRaw<{ id: string; send_at: Date }[]>`
    SELECT m.id::text AS id, m.send_at FROM messages m
    WHERE m.direction = 'out' AND m.provider = ${provider} AND m.send_at <= ${now}::timestamptz
      AND (m.send_at, m.id) > (${after.sendAt}::timestamptz, ${after.id}::uuid)
    ORDER BY m.send_at, m.id
    LIMIT ${CLAIM_WINDOW}`;
}

/** 3: claim the first due message of `provider` among `ids` (its "sending" event, committed), or null. */
async function claimOne(db: PrismaClient, provider: ProviderName, now: Date, ids: string[]): Promise<Claimed | null> {
  const rows = await db.$queryRaw<Claimed[]>`
    WITH cand AS (
      SELECT m.id, coalesce(last.attempt, 0) + 1 AS attempt
      FROM messages m
      JOIN sites s ON s.id = m.site_id
      LEFT JOIN client_phones p ON p.id = m.phone_id
      LEFT JOIN LATERAL (SELECT e.status, e.attempt, e.at FROM message_events e WHERE e.message_id = m.id ORDER BY e.id DESC LIMIT 1) AS last ON true
      CROSS JOIN LATERAL (SELECT (extract(hour FROM ${now}::timestamptz AT TIME ZONE s.time_zone) * 60
                                  + extract(minute FROM ${now}::timestamptz AT TIME ZONE s.time_zone))::int AS minute) AS lm
      WHERE m.id = ANY(${ids}::uuid[]) AND m.direction = 'out' AND m.provider = ${provider} AND m.send_at <= ${now}::timestamptz
        AND (last.status IS NULL
             OR (last.status = 'retry' AND last.attempt < ${MAX_ATTEMPTS}
                 AND last.at <= ${now}::timestamptz - make_interval(mins => 5 * (2 ^ (last.attempt - 1))::int)))
        -- never inside the phone's unsafe hours (lib/calls/queue-rules.ts inSafeWindow)
        AND (p.safe_from_minute IS NULL OR p.safe_to_minute IS NULL
             OR (p.safe_from_minute <= p.safe_to_minute AND lm.minute >= p.safe_from_minute AND lm.minute < p.safe_to_minute)
             OR (p.safe_from_minute > p.safe_to_minute AND (lm.minute >= p.safe_from_minute OR lm.minute < p.safe_to_minute)))
      ORDER BY m.send_at, m.id
      LIMIT 1
      FOR UPDATE OF m SKIP LOCKED
    ), claimed AS (
      INSERT INTO message_events (message_id, status, attempt, at)
      SELECT id, 'sending', attempt, ${now} FROM cand
      ON CONFLICT (message_id, attempt) WHERE status = 'sending' DO NOTHING
      RETURNING message_id, attempt
    )
    SELECT m.id::text AS id, m.client_id::text AS client_id, m.site_id::text AS site_id, m.phone_id::text AS phone_id, m.channel, m.reason,
           m.reminder_key, m.appointment_id::text AS appointment_id, m.body, m.number, m.sender, m.template_key, m.language, claimed.attempt,
           s.time_zone AS tz, co.code AS country,
           to_char(a.date, 'YYYY-MM-DD') AS about,
           EXISTS (SELECT 1 FROM messages i WHERE i.phone_id = m.phone_id AND i.direction = 'in' AND i.channel = 'whatsapp'
                     AND i.created_at > ${now}::timestamptz - interval '24 hours') AS wa_window
    FROM claimed
    JOIN messages m ON m.id = claimed.message_id
    JOIN sites s ON s.id = m.site_id
    JOIN countries co ON co.id = s.country_id
    LEFT JOIN appointments a ON a.id = m.appointment_id`;
  return rows[0] ?? null;
}

async function recordOutcome(db: PrismaClient, m: Claimed, outcome: SendOutcome, now: Date): Promise<"sent" | "retry" | "failed" | "unknown"> {
  let status: "sent" | "retry" | "failed" | "unknown";
  if (outcome.kind === "sent") status = "sent";
  else if (outcome.kind === "unknown") status = "unknown";
  else status = outcome.retryable && m.attempt < MAX_ATTEMPTS ? "retry" : "failed";
  await db.messageEvent.create({
    data: {
      messageId: m.id, status, attempt: m.attempt, at: now,
      providerMessageId: outcome.kind === "sent" ? outcome.providerMessageId.slice(0, 64) : null,
      error: outcome.kind === "sent" ? null : outcome.error.slice(0, 200),
    },
  });
  if (status === "failed") await afterFailure(db, { messageId: m.id, clientId: m.client_id, phoneId: m.phone_id, channel: m.channel, tz: m.tz }, now);
  return status;
}

/**
 * After a message failed for good (here or by a delivery report): a WhatsApp one falls back to SMS
 * when she consented to SMS on that number (a new message, same reminder, channel sms: at most one);
 * five failures in a row on the number open the phone-update escalation.
 */
export async function afterFailure(
  db: Pick<PrismaClient, "$executeRaw" | "$queryRaw">,
  m: { messageId: string; clientId: string; phoneId: string | null; channel: string; tz: string },
  now: Date,
): Promise<void> {
  if (m.channel === "whatsapp") {
    await db.$executeRaw`
      INSERT INTO messages (client_id, phone_id, site_id, direction, channel, reason, reminder_key, appointment_id, for_day, send_at,
                            template_key, language, body, provider, sender, number)
      SELECT o.client_id, o.phone_id, o.site_id, 'out', 'sms', o.reason, o.reminder_key, o.appointment_id, o.for_day, ${now},
             o.template_key, o.language, o.body, o.provider, o.sender, o.number
      FROM messages o JOIN client_phones p ON p.id = o.phone_id
      WHERE o.id = ${m.messageId}::uuid AND o.reminder_key IS NOT NULL AND p.consent_sms AND p.messages_opted_out_at IS NULL
      ON CONFLICT (phone_id, reminder_key, channel) WHERE direction = 'out' AND reminder_key IS NOT NULL DO NOTHING`;
  }
  if (!m.phoneId) return;
  const last = await db.$queryRaw<{ status: string | null }[]>`
    SELECT (SELECT e.status FROM message_events e WHERE e.message_id = o.id ORDER BY e.id DESC LIMIT 1) AS status
    FROM messages o
    WHERE o.phone_id = ${m.phoneId}::uuid AND o.direction = 'out'
    ORDER BY o.created_at DESC, o.id DESC
    LIMIT ${FAILURES_TO_ESCALATE}`;
  // Messages still on their way do not break the run: only the ones with an outcome count.
  const outcomes = last.filter((r) => r.status !== null && r.status !== "sending" && r.status !== "retry" && r.status !== "cancelled");
  if (outcomes.length >= FAILURES_TO_ESCALATE && outcomes.every((r) => r.status === "failed")) {
    const id = await openEscalationWithoutTask(db, { clientId: m.clientId, cause: "PHONE_UPDATE", reasons: ["messages"], day: localDay(m.tz, now), now });
    if (id) log("info", "messages.phone_escalated", { clientId: m.clientId, escalationId: id });
  }
}

/** A minimal pacer: at most `perSecond` starts per second for one provider. */
function pacer(perSecond: number) {
  const gap = 1000 / perSecond;
  let next = 0;
  return async () => {
    const t = performance.now();
    if (next > t) await new Promise((r) => setTimeout(r, next - t));
    next = Math.max(t, next) + gap;
  };
}

/** Sends what is due, provider by provider in parallel, each at its rate, until nothing is due or
 * the budget is spent. */
export async function dispatchDue(db: PrismaClient, opts: DispatchOptions): Promise<DispatchResult> {
  const clock = opts.clock ?? (() => new Date());
  const result: DispatchResult = { sent: 0, retry: 0, failed: 0, unknown: 0, cancelled: 0, staleUnknown: 0 };
  result.staleUnknown = await markStaleUnknown(db, clock());
  result.cancelled = await cancelIneligible(db, clock());
  const deadline = performance.now() + (opts.budgetMs ?? 50_000);
  await Promise.all(
    (Object.entries(opts.providers) as [ProviderName, MessageProvider][]).map(async ([name, provider]) => {
      const pace = pacer(opts.rates[name]);
      // From the horizon on: older messages that never went were cancelled as too late.
      let cursor: Cursor = { sendAt: new Date(clock().getTime() - SEND_HORIZON_HOURS * 3_600_000), id: "00000000-0000-0000-0000-000000000000" };
      let window: string[] = [];
      const inFlight = new Set<Promise<void>>();
      while (performance.now() < deadline) {
        if (window.length === 0) {
          const next = await nextWindow(db, name, clock(), cursor);
          if (next.length === 0) break;
          const last = next[next.length - 1]!;
          cursor = { sendAt: last.send_at, id: last.id };
          window = next.map((r) => r.id);
        }
        await pace();
        const now = clock();
        const m = await claimOne(db, name, now, window);
        // Nothing more to take among these (sent, waiting for a retry, outside safe hours): read on.
        if (!m) {
          window = [];
          continue;
        }
        window = window.filter((id) => id !== m.id);
        // The provider's answer is awaited in the background (at most IN_FLIGHT at once), so a slow
        // answer does not hold up the next claim: the pace, not the round trip, sets the rate.
        const send = sendClaimed(db, opts, name, provider, m).then((status) => {
          result[status]++;
        });
        const tracked = send.finally(() => inFlight.delete(tracked));
        inFlight.add(tracked);
        if (inFlight.size >= (opts.inFlight ?? IN_FLIGHT)) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    }),
  );
  return result;
}

/** Sends one claimed message and records its outcome. */
async function sendClaimed(db: PrismaClient, opts: DispatchOptions, name: ProviderName, provider: MessageProvider, m: Claimed) {
  const clock = opts.clock ?? (() => new Date());
  const publicUrl = opts.config.MESSAGING_PUBLIC_URL;
  const route = opts.config.MESSAGING_ROUTES[m.country];
  const whatsapp = m.channel === "whatsapp";
  let outcome: SendOutcome;
  if (!route || (whatsapp && !route.whatsappFrom)) {
    outcome = { kind: "failed", retryable: false, error: "no route for this country and channel" };
  } else {
    // WhatsApp outside the 24-hour window: only the pre-approved template (its name is in
    // the approved content); without one the message fails here and falls back to SMS.
    let whatsappTemplate: { name: string; variables: Record<string, string> } | undefined;
    if (whatsapp && !m.wa_window) {
      const name = await templateName(db, m.template_key, m.language);
      if (name) whatsappTemplate = { name, variables: { "1": fillTemplate("{date}", m.about) } };
    }
    if (whatsapp && !m.wa_window && !whatsappTemplate) {
      outcome = { kind: "failed", retryable: false, error: "no approved WhatsApp template" };
    } else {
      outcome = await provider.send({
        to: m.number, body: m.body, channel: m.channel, from: whatsapp ? route.whatsappFrom! : (m.sender ?? route.sender), whatsappTemplate,
        statusCallback: name === "twilio" && publicUrl ? new URL("/api/webhooks/twilio/status", publicUrl).href : null,
      });
    }
  }
  return recordOutcome(db, m, outcome, clock());
}

async function templateName(db: PrismaClient, key: string | null, language: string | null): Promise<string | null> {
  if (!key || !language) return null;
  const row = await db.contentText.findFirst({ where: { kind: "message", key, language }, select: { approved: true } });
  const approved = row?.approved as { whatsappTemplate?: unknown } | null | undefined;
  return typeof approved?.whatsappTemplate === "string" ? approved.whatsappTemplate : null;
}
