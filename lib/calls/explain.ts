// "Why is this client on my list today": a task's reasons as message keys of the "calls.explain"
// catalogue with their parameters, worked out by the same rules that made the task. Pure, so a
// page renders it with `getTranslations("calls.explain")` and `t(e.key, e.params)`.
// On-screen only: these sentences name viral loads and treatment and must never go into an SMS.
import type { CountrySettings } from "@/lib/settings/schemas";
import { daysBetween, type Calendar } from "@/lib/calls/calendar";
import { dueReasonDetails, isReasonKind, PRIORITY, type ClientRuleFacts, type DueReasonDetail, type ReasonKind } from "@/lib/calls/rules";
import { dateOnly } from "@/lib/dates";

export type ExplanationParams = Record<string, string | number | boolean | Date>;
export type Explanation = { key: string; params: ExplanationParams };

export type ExplainedTask = {
  /** Kinds stored on the task (call_tasks.reasons), in their stored order */
  reasons: readonly string[];
  /** The task's day (site-local) */
  taskDate: string;
  /** Earliest start among its reasons, carried over from earlier days */
  firstDueDate: string;
};

function detailParams(d: DueReasonDetail, day: string, s: Pick<CountrySettings, "vlSuppressedBelow" | "vlHighAbove">): ExplanationParams {
  const about: ExplanationParams = d.about ? { date: dateOnly(d.about) } : {};
  switch (d.kind) {
    case "missed":
      return { ...about, days: d.daysLate ?? 0, ltfu: d.ltfu ?? false, appointmentKind: d.appointmentKind ?? "other" };
    case "appointment":
      return { ...about, days: d.about ? daysBetween(day, d.about) : 0, appointmentKind: d.appointmentKind ?? "other" };
    case "visit_check":
      return { ...about, days: d.daysLate ?? 0, appointmentKind: d.appointmentKind ?? "other" };
    case "eac_high":
      return { ...about, copies: d.copies ?? 0, limit: s.vlHighAbove };
    case "eac_low":
      return { ...about, copies: d.copies ?? 0, low: s.vlSuppressedBelow, limit: s.vlHighAbove };
    case "adherence":
      return {
        newOnArt: d.newOnArt ?? false,
        interval: d.intervalDays ?? 0,
        reached: d.about !== null,
        // Days since last reached; 0 when never reached (the message then says so instead).
        days: d.about ? daysBetween(d.about, day) : 0,
      };
    case "infant_test":
      return { ...about, weeks: d.ageWeeks ?? 0, afterBreastfeeding: d.ageWeeks === null };
    case "vl_due": {
      const until = d.about ? daysBetween(day, d.about) : 0;
      return { ...about, days: Math.abs(until), late: until < 0 };
    }
    case "welcome":
    case "callback":
    case "reply":
      return about;
  }
}

/**
 * One sentence per reason of the task, in the task's order: with the details from the client's
 * facts when the reason is still due on the task's day, else a plain "still on the list" line for
 * that kind (e.g. she was reached since the task was made). A task waiting since an earlier day
 * says so first.
 */
export function explainTask(task: ExplainedTask, facts: ClientRuleFacts, settings: CountrySettings, cal: Calendar): Explanation[] {
  const out: Explanation[] = [];
  const waiting = daysBetween(task.firstDueDate, task.taskDate);
  if (waiting > 0) out.push({ key: "waiting", params: { days: waiting, date: dateOnly(task.firstDueDate) } });

  const details = new Map<ReasonKind, DueReasonDetail>();
  for (const d of dueReasonDetails(facts, task.taskDate, settings, cal)) details.set(d.kind, d);
  for (const kind of task.reasons) {
    if (!isReasonKind(kind)) continue; // a kind from a newer version: nothing sensible to say
    const d = details.get(kind);
    out.push(d ? { key: kind, params: detailParams(d, task.taskDate, settings) } : { key: "stillListed", params: { kind } });
    // Raised to the top because the call promised by the country's settings is late.
    if (d?.deadline && d.priority === PRIORITY.deadline_passed) out.push({ key: "deadline", params: { kind, deadline: dateOnly(d.deadline) } });
  }
  return out;
}


/** What explanationLines needs of next-intl's translator for the "calls" namespace. */
type CallsTranslator = { has(key: string): boolean; (key: string, values: Record<string, string | number | Date>): string };

/**
 * The explanation's sentences in the user's language (calls.explain.*), worded by the client's
 * recorded sex (he/him for MALE; she/her otherwise, as everywhere else); a key without a sentence
 * is left out.
 */
export function explanationLines(explanation: Explanation[], t: CallsTranslator, sex: string): string[] {
  return explanation.flatMap((e) => {
    const key = `explain.${e.key}`;
    // ICU `select` matches text: booleans go in as "true" / "false".
    const values = { ...Object.fromEntries(Object.entries(e.params).map(([k, v]) => [k, typeof v === "boolean" ? String(v) : v])), sex };
    return t.has(key) ? [t(key, values)] : [];
  });
}
