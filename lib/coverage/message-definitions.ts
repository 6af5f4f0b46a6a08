// What the message figures count (issue 17) - one definition for coverage's message log
// (lib/coverage/messages.ts, per site and month) and the reports (lib/reports/message-sql.ts, over
// the period and scope), as a pure function (countMessage, the reports' twin) and as the SQL it
// stands for (messageCountsSql). docs/reminders.md and docs/reports.md say the same in words.
//
// A message counts on the site-local day it was due to go (send_at; a reply: when it came,
// created_at), by its latest status (the latest message_events row, decision 040):
//   sent       outbound messages the provider accepted: latest status sent, delivered or read
//   delivered  of those, the ones the provider reported delivered (delivered or read)
//   failed     outbound messages that failed for good (after their retries)
//   unknown    outbound messages whose sending had no known outcome (never resent: a person looks)
//   replies    inbound messages other than STOP
//   optOuts    inbound STOP messages (and their equivalents), each opting the number out
// Outbound messages still waiting, retrying or cancelled count in none of them.
import { localDay } from "@/lib/site-clock";

export const MESSAGE_FIGURE_KEYS = ["sent", "delivered", "failed", "unknown", "replies", "optOuts"] as const;
export type MessageFigureKey = (typeof MESSAGE_FIGURE_KEYS)[number];
export type MessageFigures = Record<MessageFigureKey, number>;

export const SENT_STATUSES = ["sent", "delivered", "read"] as const;
export const DELIVERED_STATUSES = ["delivered", "read"] as const;

export function emptyMessageFigures(): MessageFigures {
  return { sent: 0, delivered: 0, failed: 0, unknown: 0, replies: 0, optOuts: 0 };
}

export type CountedMessage = {
  direction: "out" | "in";
  /** appointment ... (out), reply | stop (in) */
  reason: string;
  /** Latest status, null before the first event. */
  status: string | null;
  sendAt: Date | null;
  createdAt: Date;
};

/** The figures a message counts in (none, one, or sent and delivered). */
export function messageFiguresOf(m: Pick<CountedMessage, "direction" | "reason" | "status">): MessageFigureKey[] {
  if (m.direction === "in") return m.reason === "reply" ? ["replies"] : m.reason === "stop" ? ["optOuts"] : [];
  const out: MessageFigureKey[] = [];
  if ((SENT_STATUSES as readonly (string | null)[]).includes(m.status)) out.push("sent");
  if ((DELIVERED_STATUSES as readonly (string | null)[]).includes(m.status)) out.push("delivered");
  if (m.status === "failed") out.push("failed");
  if (m.status === "unknown") out.push("unknown");
  return out;
}

/** The site-local day a message counts on. */
export function messageDay(timeZone: string, m: Pick<CountedMessage, "sendAt" | "createdAt">): string {
  return localDay(timeZone, m.sendAt ?? m.createdAt);
}

/** Adds one message to the figures. */
export function countMessage(f: MessageFigures, m: CountedMessage): void {
  for (const k of messageFiguresOf(m)) f[k] += 1;
}

// ---- The same in SQL ---------------------------------------------------------------------------
const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(", ");

/** The instant message `m` counts at (its site-local day: `AT TIME ZONE` the site's zone). */
export const messageAtSql = (m: string) => `coalesce(${m}.send_at, ${m}.created_at)`;

/** `LEFT JOIN LATERAL ... AS <as>`: the latest status of message `m` (<as>.status). */
export const lastStatusJoinSql = (m: string, as = "last") =>
  `LEFT JOIN LATERAL (SELECT e.status FROM message_events e WHERE e.message_id = ${m}.id ORDER BY e.id DESC LIMIT 1) AS ${as} ON true`;

/** The six figures as aggregate columns named like MESSAGE_FIGURE_KEYS, over messages `m` with
 * their latest status in `<last>.status`. */
export function messageCountsSql(m: string, last = "last"): string {
  return [
    `count(*) FILTER (WHERE ${m}.direction = 'out' AND ${last}.status IN (${list(SENT_STATUSES)}))::int AS sent`,
    `count(*) FILTER (WHERE ${m}.direction = 'out' AND ${last}.status IN (${list(DELIVERED_STATUSES)}))::int AS delivered`,
    `count(*) FILTER (WHERE ${m}.direction = 'out' AND ${last}.status = 'failed')::int AS failed`,
    `count(*) FILTER (WHERE ${m}.direction = 'out' AND ${last}.status = 'unknown')::int AS unknown`,
    `count(*) FILTER (WHERE ${m}.direction = 'in' AND ${m}.reason = 'reply')::int AS replies`,
    `count(*) FILTER (WHERE ${m}.direction = 'in' AND ${m}.reason = 'stop')::int AS "optOuts"`,
  ].join(",\n    ");
}
