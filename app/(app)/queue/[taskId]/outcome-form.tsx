"use client";
// The outcome of one call: disposition first, then only the fields it needs (lib/calls/record-schemas.ts
// fieldsFor). Sent with TanStack Query's useMutation: the idempotency key is made once per form and
// travels in the mutation variables, so TanStack's own retries, a mutation paused while the phone is
// offline and her Retry all reuse it - a double tap or a dropped connection stores one attempt. What
// she typed stays in React state and in the mutation (memory only, never localStorage: it is health
// data) until the server says it is saved. The queue cache is updated optimistically (saving), then
// from the server's answer, then refetched. With `correctsId` the form records a correction of that
// attempt instead (lib/calls/record.ts correctOutcomeCommand).
import { useCallback, useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { correctOutcomeAction, recordOutcomeAction } from "@/lib/calls/record-actions";
import { BARRIER_CODES, REFERRALS, TRACING_OUTCOME_CODES, type OutcomeInput } from "@/lib/calls/record-schemas";
import type { Disposition } from "@/lib/calls/state-machine";
import { QUEUE_QUERY_KEY, type Queue } from "@/lib/calls/queue-types";
import { applyOutcomeResult, markSaving, type OutcomeResult } from "@/lib/calls/outcome-cache";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { CheckboxField, CheckboxGroup, SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { useErrorText } from "@/components/forms/use-error-text";

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

export function OutcomeForm({ taskId, missed, phoneId, correctsId }: { taskId: string; missed: boolean; phoneId?: string; correctsId?: string }) {
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
  const [confirmed, setConfirmed] = useState(false);
  const [newDate, setNewDate] = useState("");
  const [tracing, setTracing] = useState("");
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
    mutationFn: async (vars) => {
      const res = await (vars.correctsId ? correctOutcomeAction(vars) : recordOutcomeAction(vars));
      if (!res.ok) throw new ActionFailure(res.error.code, res.error.message, res.error.fieldErrors);
      return res.data as OutcomeResult;
    },
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
        appointment: confirmed || newDate ? { confirmed, ...(newDate ? { newDate } : {}) } : undefined,
        ...(missed && tracing ? { tracingOutcome: tracing as (typeof TRACING_OUTCOME_CODES)[number] } : {}),
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
          {disposition === "REACHED" && (
            <>
              <SelectField label={t("dosesMissed")} value={dosesMissed} onChange={(e) => setDosesMissed(e.target.value)} name="dosesMissed" error={err("adherence")}>
                {Array.from({ length: 8 }, (_, n) => (
                  <option key={n} value={String(n)}>{n}</option>
                ))}
              </SelectField>
              <CheckboxField label={t("pillsRanOut")} checked={pillsRanOut} onChange={(e) => setPillsRanOut(e.target.checked)} name="pillsRanOut" />
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
              <fieldset className="space-y-2">
                <legend className="text-sm font-medium">{t("appointment")}</legend>
                <CheckboxField label={t("appointmentConfirmed")} checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} name="confirmed" />
                <TextField label={t("newDate")} type="date" value={newDate} onChange={(e) => setNewDate(e.target.value)} name="newDate" error={err("appointment")} />
              </fieldset>
              {missed && (
                <SelectField label={t("tracing")} value={tracing} onChange={(e) => setTracing(e.target.value)} name="tracing" error={err("tracingOutcome")}>
                  <option value="">{t("tracingNone")}</option>
                  {TRACING_OUTCOME_CODES.map((c) => (
                    <option key={c} value={c}>{t(`tracingCodes.${c}`)}</option>
                  ))}
                </SelectField>
              )}
              <CheckboxGroup legend={t("referrals")}>
                {REFERRALS.map((r) => (
                  <CheckboxField key={r} label={t(`referralCodes.${r}`)} checked={referrals.includes(r)} onChange={(e) => toggle(referrals, setReferrals, r, e.target.checked)} />
                ))}
              </CheckboxGroup>
            </>
          )}
          {(disposition === "REACHED" || disposition === "CALLBACK_REQUESTED") && (
          <TextField
            label={disposition === "REACHED" ? t("callback") : t("callbackAt")}
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
