// Reminder messages, the pure rules (issue 17): which reminders are due for a client on a site-local
// day D, on which of her numbers and channel, and when (site-local) it may go. The SQL twin is the
// scheduling statement in lib/messages/schedule.ts; tests/integration/messages-schedule.test.ts
// checks the two agree client by client on random data. No database, no Next imports.
import { addDaysIso } from "@/lib/calls/calendar";
import { vlTestDueDate, type ClientRuleFacts, type ReasonKind } from "@/lib/calls/rules";
import { inSafeWindow } from "@/lib/calls/queue-rules";
import type { CountrySettings } from "@/lib/settings/schemas";

/** What a reminder is about. */
export const MESSAGE_REASONS = ["appointment", "appointment_day", "missed", "vl_due"] as const;
export type MessageReason = (typeof MESSAGE_REASONS)[number];

/** Latest statuses of a reminder message that hold the appointment-reminder call back: waiting
 * (no event yet), on its way or delivered. Failed, unknown and cancelled ones keep the call. The
 * same list is written out in the generation statement (lib/calls/generate.ts, CTE appt). */
export const HOLDING_STATUSES = ["queued", "sending", "sent", "delivered", "read"] as const;

export function messageHolds(latestStatus: string | null): boolean {
  return (HOLDING_STATUSES as readonly string[]).includes(latestStatus ?? "queued");
}

/** The call reasons that are "the same reason" as a message: a client reached by a call that day
 * for one of them gets no message. */
export const CALL_KINDS_OF: Record<MessageReason, readonly ReasonKind[]> = {
  appointment: ["appointment"],
  appointment_day: ["appointment"],
  missed: ["missed", "visit_check"],
  vl_due: ["vl_due"],
};

export type MessageSettings = CountrySettings;

export type MessagePhone = {
  id: string;
  isPrimary: boolean;
  status: "OK" | "WRONG_NUMBER" | "NOT_IN_SERVICE";
  consentSms: boolean;
  consentWhatsapp: boolean;
  optedOut: boolean;
  safeFromMinute: number | null;
  safeToMinute: number | null;
};

export type MessageFacts = Pick<ClientRuleFacts, "artStartDate" | "lastVlCopies" | "lastVlDate"> & {
  status: string;
  appointments: { id: string; date: string; status: string }[];
  phones: MessagePhone[];
  /** Call reasons of the tasks she was reached on, on D. */
  reachedToday: readonly string[];
};

export type DueMessage = {
  reason: MessageReason;
  reminderKey: string;
  appointmentId: string | null;
  /** The date the reminder is about (the appointment, the test). */
  about: string;
  phoneId: string;
  channel: "sms" | "whatsapp";
  /** Site-local day and minute it may go. */
  sendDay: string;
  sendMinute: number;
};

/** The number her messages go to: the primary first, then by id; working, not opted out, with
 * consent to a channel the country offers. Null = no message at all. */
export function messagePhone(phones: readonly MessagePhone[], whatsapp: boolean): { phone: MessagePhone; channel: "sms" | "whatsapp" } | null {
  const ok = phones
    .filter((p) => p.status === "OK" && !p.optedOut && (p.consentSms || (p.consentWhatsapp && whatsapp)))
    .sort((a, b) => (a.isPrimary === b.isPrimary ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.isPrimary ? -1 : 1));
  const phone = ok[0];
  if (!phone) return null;
  return { phone, channel: phone.consentWhatsapp && whatsapp ? "whatsapp" : "sms" };
}

/**
 * When a message planned for `hour`:00 on `day` may go, never inside the phone's unsafe hours: at
 * that minute when it is safe, else at the start of the safe window - the same day when the window
 * starts later that day, else the next day. A window of no length (from = to) is never safe: null.
 */
export function sendTime(day: string, hour: number, from: number | null, to: number | null): { day: string; minute: number } | null {
  const m = hour * 60;
  if (from !== null && to !== null && from === to) return null;
  if (inSafeWindow(m, from, to)) return { day, minute: m };
  const start = from!;
  return { day: start > m ? day : addDaysIso(day, 1), minute: start };
}

/** The reminders due for one client on D (site-local). */
export function dueMessages(f: MessageFacts, day: string, s: MessageSettings, opts: { whatsapp: boolean }): DueMessage[] {
  if (f.status !== "ACTIVE") return [];
  const pick = messagePhone(f.phones, opts.whatsapp);
  if (!pick) return [];
  const when = sendTime(day, s.messageLocalHour, pick.phone.safeFromMinute, pick.phone.safeToMinute);
  if (!when) return [];
  const out: DueMessage[] = [];
  const add = (reason: MessageReason, reminderKey: string, appointmentId: string | null, about: string) => {
    if (CALL_KINDS_OF[reason].some((k) => f.reachedToday.includes(k))) return;
    out.push({ reason, reminderKey, appointmentId, about, phoneId: pick.phone.id, channel: pick.channel, sendDay: when.day, sendMinute: when.minute });
  };
  for (const a of f.appointments) {
    if (a.status === "SCHEDULED" && a.date === addDaysIso(day, s.messageAppointmentDaysBefore)) add("appointment", `appt:${a.id}`, a.id, a.date);
    if (s.messageAppointmentOnDay && s.messageAppointmentDaysBefore > 0 && a.status === "SCHEDULED" && a.date === day) {
      add("appointment_day", `appt-day:${a.id}`, a.id, a.date);
    }
    if (
      s.messageMissedAppointment && (a.status === "SCHEDULED" || a.status === "MISSED") && a.date === addDaysIso(day, -1) &&
      !f.appointments.some((b) => b.status === "ATTENDED" && b.date > a.date)
    ) {
      add("missed", `missed:${a.id}`, a.id, a.date);
    }
  }
  if (s.messageVlDue) {
    const t = vlTestDueDate(f as unknown as ClientRuleFacts, s);
    if (t && t === addDaysIso(day, s.messageVlDueDaysBefore) && !(f.lastVlDate && f.lastVlDate >= addDaysIso(t, -30))) {
      add("vl_due", `vl:${t}`, null, t);
    }
  }
  return out;
}
