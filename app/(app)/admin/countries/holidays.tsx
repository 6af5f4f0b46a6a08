"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { Alert, Card, EmptyState } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useCommandForm } from "@/components/forms/use-command-form";
import { useErrorText } from "@/components/forms/use-error-text";
import { addHolidaySchema } from "@/lib/countries/schemas";
import { addHolidayAction, removeHolidayAction } from "@/lib/countries/actions";

type Holiday = { id: string; date: string; name: string };

/** A country's public holidays: the list by date, one remove button per row, and the add form. */
export function Holidays({ countryId, holidays }: { countryId: string; holidays: Holiday[] }) {
  const t = useTranslations("countries.holidays");
  const errorText = useErrorText();
  const format = useFormatter();
  const router = useRouter();
  const [status, setStatus] = useState<{ kind: "success" | "error"; text: string }>();
  const [removing, setRemoving] = useState<string>();

  const { form, submit, pending, formError } = useCommandForm({
    schema: addHolidaySchema,
    defaultValues: { countryId, date: "", name: "" },
    action: (values) => {
      setStatus(undefined);
      return addHolidayAction({ ...values, countryId });
    },
    onSuccess: () => {
      form.reset({ countryId, date: "", name: "" });
      setStatus({ kind: "success", text: t("added") });
      router.refresh();
    },
  });
  const err = form.formState.errors;

  async function remove(holidayId: string) {
    setRemoving(holidayId);
    setStatus(undefined);
    try {
      const r = await removeHolidayAction({ countryId, holidayId });
      setStatus(r.ok ? { kind: "success", text: t("removed") } : { kind: "error", text: errorText(r.error.message ?? r.error.code) ?? "" });
      router.refresh();
    } catch {
      setStatus({ kind: "error", text: errorText("UNAVAILABLE") ?? "" });
    }
    setRemoving(undefined);
  }

  return (
    <Card title={t("title")}>
      <p className="mb-3 text-sm text-slate-600">{t("intro")}</p>
      <div className="space-y-3">
        {status && <Alert kind={status.kind}>{status.text}</Alert>}
        {holidays.length === 0 ? (
          <EmptyState title={t("empty")} />
        ) : (
          // A list, not a table: on a 360 px phone the remove button must stay in view.
          <ul aria-label={t("caption")} className="divide-y divide-slate-100 rounded-lg border border-slate-200">
            {holidays.map((h) => {
              // Calendar dates: formatted in UTC so no time zone shifts them by a day.
              const shown = format.dateTime(new Date(`${h.date}T00:00:00Z`), { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
              return (
              <li key={h.id} className="flex items-center justify-between gap-3 px-3 py-2">
                <div className="min-w-0">
                  <time dateTime={h.date} className="block text-sm font-medium">
                    {shown}
                  </time>
                  <span className="block break-words text-sm text-slate-700">{h.name}</span>
                </div>
                <Button variant="secondary" onClick={() => remove(h.id)} disabled={removing !== undefined} aria-label={t("removeLabel", { date: shown })}>
                  {removing === h.id ? t("removing") : t("remove")}
                </Button>
              </li>
              );
            })}
          </ul>
        )}
        <form onSubmit={submit} className="space-y-3" noValidate>
          {formError && <Alert>{errorText(formError)}</Alert>}
          <div className="grid gap-3 sm:grid-cols-[12rem_1fr]">
            <TextField label={t("date")} type="date" error={errorText(err.date?.message)} {...form.register("date")} />
            <TextField label={t("name")} autoComplete="off" error={errorText(err.name?.message)} {...form.register("name")} />
          </div>
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? t("adding") : t("add")}
          </Button>
        </form>
      </div>
    </Card>
  );
}
