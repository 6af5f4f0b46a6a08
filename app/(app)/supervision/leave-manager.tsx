"use client";
// A Mentor Mother's leave ranges: list, add, remove. Used on the caseload page (supervisors,
// administrators) and on the administrator's user page. The server re-checks scope and overlaps and
// moves her calls of those days to colleagues (lib/assignment/commands.ts).
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Alert, Badge } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { useCommandForm } from "@/components/forms/use-command-form";
import { useErrorText } from "@/components/forms/use-error-text";
import { addLeaveSchema, type AddLeaveValues } from "@/lib/assignment/schemas";
import { addLeaveAction, removeLeaveAction } from "@/lib/assignment/actions";

export type LeaveRow = { id: string; start: string; end: string; reason: string | null };

type Props = { mentorId: string; mentorName: string; leaves: LeaveRow[]; today: string };

export function LeaveManager({ mentorId, mentorName, leaves, today }: Props) {
  const t = useTranslations("assignment");
  const format = useFormatter();
  const errorText = useErrorText();
  const router = useRouter();
  const [notice, setNotice] = useState<string>();
  const [removeError, setRemoveError] = useState<string>();
  const [removing, startRemove] = useTransition();
  const empty: AddLeaveValues = { mentorId, startDate: today, endDate: today, reason: "" };
  const { form, submit, pending, formError } = useCommandForm({
    schema: addLeaveSchema,
    defaultValues: empty,
    action: addLeaveAction,
    onSuccess: (d) => {
      setRemoveError(undefined);
      setNotice([t("leave.added", { moved: d.tasksMoved }), d.tasksUncovered ? t("leave.uncovered", { count: d.tasksUncovered }) : ""].join(" ").trim());
      form.reset(empty);
      router.refresh();
    },
  });
  const err = form.formState.errors;
  // Calendar dates, shown without any time-zone shift.
  const show = (iso: string) => format.dateTime(new Date(`${iso}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });

  function remove(leave: LeaveRow) {
    setNotice(undefined);
    setRemoveError(undefined);
    startRemove(async () => {
      try {
        const r = await removeLeaveAction({ leaveId: leave.id });
        if (!r.ok) return setRemoveError(r.error.message || r.error.code);
        setNotice(t("leave.removed"));
        router.refresh();
      } catch {
        setRemoveError("UNAVAILABLE");
      }
    });
  }

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">{t("leave.intro")}</p>
      {notice && <Alert kind="success">{notice}</Alert>}
      {removeError && <Alert>{errorText(removeError)}</Alert>}
      {leaves.length === 0 ? (
        <p className="text-sm text-slate-600">{t("leave.empty")}</p>
      ) : (
        <ul aria-label={t("leave.list", { name: mentorName })} className="divide-y divide-slate-100 rounded-md border border-slate-200">
          {leaves.map((l) => (
            <li key={l.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm">
              <span>
                {t("leave.range", { start: show(l.start), end: show(l.end) })}
                {l.start <= today && today <= l.end && (
                  <>
                    {" "}
                    <Badge tone="amber">{t("leave.now")}</Badge>
                  </>
                )}
                {l.reason && <span className="block text-slate-600">{l.reason}</span>}
              </span>
              <Button
                variant="ghost"
                disabled={removing}
                aria-label={t("leave.removeLabel", { start: show(l.start), end: show(l.end) })}
                onClick={() => remove(l)}
              >
                {t("leave.remove")}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} className="space-y-3" noValidate>
        {formError && <Alert>{errorText(formError)}</Alert>}
        <input type="hidden" {...form.register("mentorId")} />
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField label={t("leave.start")} type="date" required error={errorText(err.startDate?.message)} {...form.register("startDate")} />
          <TextField label={t("leave.end")} type="date" required error={errorText(err.endDate?.message)} {...form.register("endDate")} />
        </div>
        <TextField label={t("leave.reason")} maxLength={200} error={errorText(err.reason?.message as string | undefined)} {...form.register("reason")} />
        <Button type="submit" disabled={pending}>
          {pending ? t("leave.adding") : t("leave.add")}
        </Button>
      </form>
    </div>
  );
}
