// The reports' message figures (issue 17): sent, delivered, failed, unknown, replies and opt-outs
// of the sites in scope over a period of site-local days, with the delivery rate. What each counts
// is coverage's definition (lib/coverage/message-definitions.ts, one definition for both); this is
// the pure twin of lib/reports/message-sql.ts, compared on random message logs by
// tests/integration/reports-messages.test.ts. docs/reports.md says the same in words.
import {
  countMessage, emptyMessageFigures, messageDay, MESSAGE_FIGURE_KEYS, type CountedMessage, type MessageFigures,
} from "@/lib/coverage/message-definitions";
import type { ReportRow } from "@/lib/reports/call-rules";
import type { Period } from "@/lib/reports/enrolment-rules";

export type MessageSite = { timeZone: string; messages: readonly CountedMessage[] };

/** The figures of the messages of `sites` counted on a site-local day of `p`. */
export function messageReportFigures(sites: readonly MessageSite[], p: Period): MessageFigures {
  const out = emptyMessageFigures();
  for (const s of sites) {
    for (const m of s.messages) {
      const day = messageDay(s.timeZone, m);
      if (day >= p.from && day <= p.to) countMessage(out, m);
    }
  }
  return out;
}

export const MESSAGE_ROW_KEYS = [...MESSAGE_FIGURE_KEYS, "deliveryRate"] as const;

function messageValue(f: MessageFigures, key: (typeof MESSAGE_ROW_KEYS)[number]): number | null {
  if (key === "deliveryRate") return f.sent > 0 ? f.delivered / f.sent : null;
  return f[key];
}

/** The message table: one row per figure, and the delivery rate (delivered / sent, 0..1). */
export function messageRows(current: MessageFigures, previous: MessageFigures): ReportRow[] {
  return MESSAGE_ROW_KEYS.map((key) => ({ group: "messages", key, value: messageValue(current, key), previous: messageValue(previous, key) }));
}
