// Programme figure (issue 17): appointment attendance after a reminder message vs without one.
// Programme figures from the register, not the facilities' official ones, like the others of
// lib/reports/programme-rules.ts. Pure twin of lib/reports/programme-reminder-sql.ts;
// tests/integration/reports-programme-reminders.test.ts compares them on random registers.
// docs/reports.md says the same in words.
//
// Over a period P, among the appointments of the clients in scope dated in P with an outcome
// recorded (ATTENDED or MISSED - one still SCHEDULED has none yet):
//   reminded            those with a delivered reminder: an outbound appointment reminder message
//                       (reason appointment or appointment_day) for that appointment whose latest
//                       status is delivered or read (DELIVERED_STATUSES, as the message figures)
//   remindedAttended    of those, recorded ATTENDED
//   notReminded         the others (no reminder, or one that failed, was unknown, cancelled or
//                       never reported delivered)
//   notRemindedAttended of those, recorded ATTENDED
//   the attended shares remindedRate and notRemindedRate (0..1, null without appointments).
// A comparison, not a measured effect: who consents to messages differs from who does not.
import { DELIVERED_STATUSES } from "@/lib/coverage/message-definitions";
import type { ReportRow } from "@/lib/reports/call-rules";
import type { Period } from "@/lib/reports/enrolment-rules";

/** The messages that remind her of an appointment (lib/messages/rules.ts reasons). */
export const APPOINTMENT_REMINDER_REASONS = ["appointment", "appointment_day"] as const;

export type ReminderAttendance = { reminded: number; remindedAttended: number; notReminded: number; notRemindedAttended: number };

export function emptyReminderAttendance(): ReminderAttendance {
  return { reminded: 0, remindedAttended: 0, notReminded: 0, notRemindedAttended: 0 };
}

export type ReminderAppointment = {
  date: string;
  status: string;
  /** Outbound messages naming this appointment. */
  messages: { direction: "out" | "in"; reason: string; status: string | null }[];
};

export function hasDeliveredReminder(a: Pick<ReminderAppointment, "messages">): boolean {
  return a.messages.some((m) => m.direction === "out" && (APPOINTMENT_REMINDER_REASONS as readonly string[]).includes(m.reason)
    && (DELIVERED_STATUSES as readonly (string | null)[]).includes(m.status));
}

export function reminderAttendance(appointments: readonly ReminderAppointment[], p: Period): ReminderAttendance {
  const out = emptyReminderAttendance();
  for (const a of appointments) {
    if (a.date < p.from || a.date > p.to || (a.status !== "ATTENDED" && a.status !== "MISSED")) continue;
    const attended = a.status === "ATTENDED" ? 1 : 0;
    if (hasDeliveredReminder(a)) {
      out.reminded += 1;
      out.remindedAttended += attended;
    } else {
      out.notReminded += 1;
      out.notRemindedAttended += attended;
    }
  }
  return out;
}

export const REMINDER_ROW_KEYS = ["reminded", "remindedAttended", "remindedRate", "notReminded", "notRemindedAttended", "notRemindedRate"] as const;

function reminderValue(f: ReminderAttendance, key: (typeof REMINDER_ROW_KEYS)[number]): number | null {
  if (key === "remindedRate") return f.reminded > 0 ? f.remindedAttended / f.reminded : null;
  if (key === "notRemindedRate") return f.notReminded > 0 ? f.notRemindedAttended / f.notReminded : null;
  return f[key];
}

/** The programme table's reminder rows (group "reminders"). */
export function reminderRows(current: ReminderAttendance, previous: ReminderAttendance): ReportRow[] {
  return REMINDER_ROW_KEYS.map((key) => ({ group: "reminders", key, value: reminderValue(current, key), previous: reminderValue(previous, key) }));
}
