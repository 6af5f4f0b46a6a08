"use client";
// The outcome of one call: disposition first, then only the fields it allows - read off the same
// schemas the server validates with (lib/calls/record-schemas.ts fieldsFor). The call is recorded
// against the number she tapped (dial.tsx), or the one she picks here. Sent with TanStack Query's useMutation: the idempotency key is made once per form and
// travels in the mutation variables, so TanStack's own retries, a mutation paused while the phone is
// offline and her Retry all reuse it - a double tap or a dropped connection stores one attempt. What
// she typed stays in React state and in the mutation (memory only, never localStorage: it is health
// data) until the server says it is saved. The queue cache is updated optimistically (saving), then
// from the server's answer, then refetched. With `correctsId` the form records a correction of that
// attempt instead (lib/calls/record.ts correctOutcomeCommand). Both go to POST /api/queue/outcomes.
import { useCallback, useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  BARRIER_CODES, REFERRALS, TRACING_OUTCOME_CODES, fieldsFor, type AppointmentAnswer, type OutcomeInput,
} from "@/lib/calls/record-schemas";
import type { Disposition } from "@/lib/calls/state-machine";
import { QUEUE_QUERY_KEY, type Queue } from "@/lib/calls/queue-types";
import { applyOutcomeResult, markSaving, type OutcomeResult } from "@/lib/calls/outcome-cache";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { CheckboxField, CheckboxGroup, SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { useErrorText } from "@/components/forms/use-error-text";
import { useDialled } from "./dial";

/** One tap each, in this order; digits 1-6 choose them on a keyboard. */
const COMMON: Disposition[] = ["NO_ANSWER", "BUSY", "UNREACHABLE", "REACHED", "ANSWERED_BY_OTHER", "CALLBACK_REQUESTED"];
const MORE: Disposition[] = ["VOICEMAIL", "WRONG_NUMBER", "NOT_IN_SERVICE", "CALL_DROPPED", "DECLINED", "OPTED_OUT"];
/** Dispositions that need nothing more: they are stored on the tap (a correction asks for a Save). */
const AT_ONCE = new Set<Disposition>(["NO_ANSWER", "BUSY", "UNREACHABLE", "ANSWERED_BY_OTHER", "VOICEMAIL", "WRONG_NUMBER", "NOT_IN_SERVICE", "CALL_DROPPED", "DECLINED", "OPTED_OUT"]);

/** What the mutation sends: the outcome with its idempotency key, and for a correction the attempt it corrects. */
type Variables = OutcomeInput & { correctsId?: string };

/** The server answered, and not with a success: not retried (a conflict or not-found stays one). */
class ActionFailure extends Error {
  constructor(
    readonly code: string,
    readonly key: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(code);
    this.name = "ActionFailure";
  }
}

/**
 * Sends the outcome (or, with `correctsId`, the correction) to POST /api/queue/outcomes - a route
 * handler, measured cheaper per request than the server action (bench B4H, decision 026). The
 * server's refusal comes back as ActionFailure; no usable answer at all (a dropped connection, a
 * proxy's error page) as a plain Error, which is worth another try.
 */
async function sendOutcome(vars: Variables): Promise<OutcomeResult> {
  const res = await fetch("/api/queue/outcomes", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(vars),
  });
  let body: { ok?: boolean; data?: OutcomeResult; error?: { code?: string; message?: string; fieldErrors?: Record<string, string[]> } };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new Error(`HTTP ${res.status}`);
  }
  if (body.ok === true && body.data) return body.data;
  if (body.error?.code) throw new ActionFailure(body.error.code, body.error.message ?? body.error.code, body.error.fieldErrors);
  throw new Error(`HTTP ${res.status}`);
}

/** Worth another try by itself: the connection dropped (no answer at all) or the server was briefly unavailable. */
function transient(err: unknown): boolean {
  return !(err instanceof ActionFailure) || err.code === "UNAVAILABLE";
}

/** A datetime-local value (her local time) as an ISO instant with offset. */
function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** A number of hers the form may record the call against. */
export type PhoneChoice = { id: string; number: string };
/** One of her appointments the form asks about (lib/calls/call-screen.ts appointmentChoices), with
 * its label already in the user's language. */
export type AppointmentChoice = { id: string; label: string; state: "unrecorded" | "missed" | "coming" };

/** What she may answer about an appointment in each state. */
const ANSWERS: Record<AppointmentChoice["state"], AppointmentAnswer[]> = {
  unrecorded: ["attended", "missed", "reschedule"],
  missed: ["reschedule"],
  coming: ["confirmed", "reschedule"],
};

export function OutcomeForm({
  taskId,
  missed,
  phones = [],
  appointments = [],
  phoneId: fixedPhoneId,
  correctsId,
  sex = "FEMALE",
}: {
  /** The client's recorded sex: the labels say he/him for a man. */
  sex?: string;
  taskId: string;
  missed: boolean;
  phones?: PhoneChoice[];
  appointments?: AppointmentChoice[];
  /** A correction keeps the number of the call it corrects. */
  phoneId?: string;
  correctsId?: string;
}) {
  const t = useTranslations("callscreen");
  const router = useRouter();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const correction = Boolean(correctsId);
  // Generated once per form, reused on retry (a retry must not store a second attempt).
  const [key] = useState(() => crypto.randomUUID());
  const [disposition, setDisposition] = useState<Disposition | null>(null);
  const [dosesMissed, setDosesMissed] = useState("0");
  const [pillsRanOut, setPillsRanOut] = useState(false);
  const [barriers, setBarriers] = useState<string[]>([]);
  const [answers, setAnswers] = useState<Record<string, { answer: AppointmentAnswer | ""; newDate: string }>>({});
  const [tracing, setTracing] = useState("");
  const [returnDate, setReturnDate] = useState("");
  const missedAppointments = appointments.filter((a) => a.state === "missed" || a.state === "unrecorded");
  const [tracingAppointment, setTracingAppointment] = useState("");
  const dialled = useDialled();
  // The number she tapped, unless she picks another one here.
  const [pickedPhone, setPickedPhone] = useState<string | null>(null);
  const phoneId = fixedPhoneId ?? pickedPhone ?? dialled.phoneId ?? phones[0]?.id;
  const [referrals, setReferrals] = useState<string[]>([]);
  const [notes, setNotes] = useState("");
  const [callback, setCallback] = useState("");
  const [online, setOnline] = useState(true);

  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    update();
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);

  const mutation = useMutation<OutcomeResult, Error, Variables, { previous: Queue | undefined }>({
    mutationKey: ["call-outcome", taskId],
    mutationFn: sendOutcome,
    // Once more for a dropped connection (same variables, same key); a paused mutation (offline)
    // waits for the connection by itself. A refusal by the server is final.
    retry: (failures, err) => transient(err) && failures < 1,
    onMutate: async (vars) => {
      await queryClient.cancelQueries({ queryKey: QUEUE_QUERY_KEY });
      const previous = queryClient.getQueryData<Queue>(QUEUE_QUERY_KEY);
      queryClient.setQueryData<Queue>(QUEUE_QUERY_KEY, (q) => markSaving(q, vars.taskId, true));
      return { previous };
    },
    onSuccess: async (result, vars) => {
      queryClient.setQueryData<Queue>(QUEUE_QUERY_KEY, (q) => applyOutcomeResult(q, result, { correction: Boolean(vars.correctsId), now: new Date() }));
      void queryClient.invalidateQueries({ queryKey: QUEUE_QUERY_KEY });
      router.push("/queue");
      router.refresh();
    },
    onError: (_err, _vars, context) => {
      queryClient.setQueryData<Queue>(QUEUE_QUERY_KEY, context?.previous);
    },
  });

  const pending = mutation.isPending;
  const { mutate: submit, reset } = mutation;
  const error = mutation.error;
  const failure: "offline" | "failed" | "conflict" | "notFound" | null = !error
    ? null
    : !(error instanceof ActionFailure)
      ? "offline"
      : error.code === "CONFLICT"
        ? "conflict"
        : error.code === "NOT_FOUND"
          ? "notFound"
          : "failed";
  const fieldErrors = error instanceof ActionFailure ? error.fieldErrors : undefined;
  // Waiting for a connection: paused by TanStack (offline before or between tries) or offline now.
  const waiting = pending && (mutation.isPaused || !online);
  const retrying = pending && !waiting && mutation.failureCount > 0;

  const base = useCallback(
    () => ({ taskId, idempotencyKey: key, ...(phoneId ? { phoneId } : {}), ...(correctsId ? { correctsId } : {}) }),
    [taskId, key, phoneId, correctsId],
  );

  const choose = useCallback(
    (d: Disposition) => {
      if (pending) return;
      setDisposition(d);
      reset();
      if (AT_ONCE.has(d) && !correction) {
        submit({ ...base(), disposition: d as Exclude<Disposition, "REACHED" | "CALLBACK_REQUESTED">, ...(notes.trim() ? { notes } : {}) });
      }
    },
    [pending, submit, reset, base, notes, correction],
  );

  // Digits 1-6 on a desktop keyboard, unless she is typing in a field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const el = e.target as HTMLElement | null;
      if (el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName))) return;
      const n = Number(e.key);
      if (Number.isInteger(n) && n >= 1 && n <= COMMON.length) {
        e.preventDefault();
        choose(COMMON[n - 1]!);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [choose]);

  function saveDetailed(e: React.FormEvent) {
    e.preventDefault();
    if (pending) return;
    if (disposition === "REACHED") {
      submit({
        ...base(),
        disposition: "REACHED",
        adherence: { dosesMissed7d: Number(dosesMissed), pillsRanOut },
        barriers,
        appointments: Object.entries(answers)
          .filter(([, a]) => a.answer !== "")
          .map(([appointmentId, a]) => ({
            appointmentId,
            answer: a.answer as AppointmentAnswer,
            ...(a.answer === "reschedule" ? { newDate: a.newDate } : {}),
          })),
        ...(missed && tracing
          ? {
              tracing: {
                outcome: tracing as (typeof TRACING_OUTCOME_CODES)[number],
                ...(tracing === "DE24" && returnDate ? { returnDate } : {}),
                ...(tracingAppointment ? { appointmentId: tracingAppointment } : {}),
              },
            }
          : {}),
        referrals: referrals as (typeof REFERRALS)[number][],
        ...(notes.trim() ? { notes } : {}),
        ...(toIso(callback) ? { callback: toIso(callback) } : {}),
      });
    } else if (disposition === "CALLBACK_REQUESTED") {
      submit({ ...base(), disposition: "CALLBACK_REQUESTED", callbackAt: toIso(callback) ?? "", ...(notes.trim() ? { notes } : {}) });
    } else if (disposition && correction) {
      submit({ ...base(), disposition: disposition as Exclude<Disposition, "REACHED" | "CALLBACK_REQUESTED">, ...(notes.trim() ? { notes } : {}) });
    }
  }

  const toggle = (list: string[], set: (v: string[]) => void, v: string, on: boolean) => set(on ? [...list, v] : list.filter((x) => x !== v));
  const setAnswer = (id: string, change: Partial<{ answer: AppointmentAnswer | ""; newDate: string }>) =>
    setAnswers((all) => ({ ...all, [id]: { answer: "", newDate: "", ...all[id], ...change } }));
  // The fields this disposition allows, from the schema the server validates with.
  const allowed = new Set<string>(disposition ? fieldsFor(disposition).allowed : []);
  // Nested fields come back as "appointment.newDate": shown under their group's control.
  const err = (f: string) => errorText(Object.entries(fieldErrors ?? {}).find(([k]) => k === f || k.startsWith(`${f}.`))?.[1]?.[0]);

  const dispButton = (d: Disposition, i?: number) => (
    <Button
      key={d}
      variant={disposition === d ? "primary" : "secondary"}
      className="min-h-14 w-full text-base"
      aria-pressed={disposition === d}
      aria-keyshortcuts={i !== undefined ? String(i + 1) : undefined}
      disabled={pending}
      onClick={() => choose(d)}
      data-testid={`disposition-${d}`}
    >
      {i !== undefined && <span aria-hidden="true" className="hidden text-xs opacity-70 md:inline">{i + 1}</span>}
      {t(`dispositions.${d}`)}
    </Button>
  );

  return (
    <div className="space-y-4">
      {!fixedPhoneId && phones.length > 1 && (
        <SelectField label={t("calledNumber")} value={phoneId ?? ""} onChange={(e) => setPickedPhone(e.target.value)} name="phoneId" error={err("phoneId")}>
          {phones.map((p) => (
            <option key={p.id} value={p.id}>{p.number}</option>
          ))}
        </SelectField>
      )}
      <div role="group" aria-label={t("outcome")} className="grid grid-cols-2 gap-2 sm:grid-cols-3">
        {COMMON.map((d, i) => dispButton(d, i))}
      </div>
      <details>
        <summary className="min-h-11 cursor-pointer py-2 font-medium text-brand-700">{t("more")}</summary>
        <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">{MORE.map((d) => dispButton(d))}</div>
      </details>
      <p className="hidden text-xs text-slate-600 md:block">{t("shortcuts")}</p>

      {(disposition === "REACHED" || disposition === "CALLBACK_REQUESTED" || (correction && disposition)) && (
        <form onSubmit={saveDetailed} className="space-y-3" aria-label={t(`dispositions.${disposition}`)}>
          {allowed.has("adherence") && (
            <>
              <SelectField label={t("dosesMissed")} value={dosesMissed} onChange={(e) => setDosesMissed(e.target.value)} name="dosesMissed" error={err("adherence")}>
                {Array.from({ length: 8 }, (_, n) => (
                  <option key={n} value={String(n)}>{n}</option>
                ))}
              </SelectField>
              <CheckboxField label={t("pillsRanOut", { sex })} checked={pillsRanOut} onChange={(e) => setPillsRanOut(e.target.checked)} name="pillsRanOut" />
            </>
          )}
          {allowed.has("barriers") && (
            <CheckboxGroup legend={t("barriers")} error={err("barriers")}>
              {BARRIER_CODES.map((code) => (
                <CheckboxField
                  key={code}
                  label={t(`barrierCodes.${code}`)}
                  checked={barriers.includes(code)}
                  onChange={(e) => toggle(barriers, setBarriers, code, e.target.checked)}
                />
              ))}
            </CheckboxGroup>
          )}
          {allowed.has("appointments") && appointments.length > 0 && (
            <div className="space-y-3" data-testid="appointment-answers">
              <p className="text-sm font-medium">{t("appointmentsLegend", { sex })}</p>
              {appointments.map((a, i) => {
                const current = answers[a.id] ?? { answer: "", newDate: "" };
                return (
                  <fieldset key={a.id} className="space-y-2 rounded-md border border-slate-200 p-2" data-testid="appointment-answer" data-appointment-id={a.id}>
                    <legend className="px-1 text-sm">
                      {a.label} <span className="text-slate-600">({t(`appointmentState.${a.state}`)})</span>
                    </legend>
                    <SelectField
                      label={t("appointmentAnswer", { sex })}
                      value={current.answer}
                      onChange={(e) => setAnswer(a.id, { answer: e.target.value as AppointmentAnswer | "" })}
                      name={`appointment-${a.id}`}
                      error={err(`appointments.${i}`)}
                    >
                      <option value="">{t("answerNotAsked")}</option>
                      {ANSWERS[a.state].map((x) => (
                        <option key={x} value={x}>{t(`answers.${x}`, { sex })}</option>
                      ))}
                    </SelectField>
                    {current.answer === "reschedule" && (
                      <TextField
                        label={t("newDate")}
                        type="date"
                        value={current.newDate}
                        onChange={(e) => setAnswer(a.id, { newDate: e.target.value })}
                        name={`newDate-${a.id}`}
                        required
                        error={err(`appointments.${i}.newDate`)}
                      />
                    )}
                  </fieldset>
                );
              })}
            </div>
          )}
          {allowed.has("tracing") && missed && (
            <>
              <SelectField label={t("tracing")} value={tracing} onChange={(e) => setTracing(e.target.value)} name="tracing" error={err("tracing")}>
                <option value="">{t("tracingNone")}</option>
                {TRACING_OUTCOME_CODES.map((c) => (
                  <option key={c} value={c}>{t(`tracingCodes.${c}`)}</option>
                ))}
              </SelectField>
              {tracing && missedAppointments.length > 1 && (
                <SelectField
                  label={t("tracingAppointment")}
                  value={tracingAppointment}
                  onChange={(e) => setTracingAppointment(e.target.value)}
                  name="tracingAppointment"
                >
                  <option value="">{t("tracingOldest")}</option>
                  {missedAppointments.map((a) => (
                    <option key={a.id} value={a.id}>{a.label}</option>
                  ))}
                </SelectField>
              )}
              {tracing === "DE24" && (
                <TextField label={t("tracingReturnDate", { sex })} type="date" value={returnDate} onChange={(e) => setReturnDate(e.target.value)} name="returnDate" error={err("tracing.returnDate")} />
              )}
            </>
          )}
          {allowed.has("referrals") && (
            <CheckboxGroup legend={t("referrals")}>
              {REFERRALS.map((r) => (
                <CheckboxField key={r} label={t(`referralCodes.${r}`)} checked={referrals.includes(r)} onChange={(e) => toggle(referrals, setReferrals, r, e.target.checked)} />
              ))}
            </CheckboxGroup>
          )}
          {(allowed.has("callback") || allowed.has("callbackAt")) && (
          <TextField
            label={disposition === "REACHED" ? t("callback", { sex }) : t("callbackAt")}
            type="datetime-local"
            value={callback}
            onChange={(e) => setCallback(e.target.value)}
            name="callback"
            required={disposition === "CALLBACK_REQUESTED"}
            error={err(disposition === "REACHED" ? "callback" : "callbackAt")}
          />
          )}
          <TextAreaField label={t("notes")} value={notes} onChange={(e) => setNotes(e.target.value)} name="notes" rows={3} error={err("notes")} />
          <Button type="submit" disabled={pending} className="w-full sm:w-auto" data-testid="save-outcome">
            {pending ? t("saving") : correction ? t("saveCorrection") : t("save")}
          </Button>
        </form>
      )}

      {pending && !waiting && !retrying && <p role="status" className="text-sm">{t("saving")}</p>}
      {(waiting || retrying) && (
        <div role="status">
          <Alert kind="info">
            <span data-testid="outcome-offline">{waiting ? t("offlineQueued") : t("retrying")}</span>
          </Alert>
        </div>
      )}
      {failure && (
        <Alert>
          <span data-testid="outcome-error">
            {failure === "failed" && error instanceof ActionFailure && error.key !== "correctFields" ? (errorText(error.key) ?? t(failure)) : t(failure)}
          </span>
          {(failure === "offline" || (failure === "failed" && error instanceof ActionFailure && error.code !== "VALIDATION")) && mutation.variables && (
            <Button
              variant="secondary"
              className="ml-2"
              disabled={pending}
              onClick={() => mutation.variables && submit(mutation.variables)}
              data-testid="outcome-retry"
            >
              {t("retry")}
            </Button>
          )}
        </Alert>
      )}
    </div>
  );
}
