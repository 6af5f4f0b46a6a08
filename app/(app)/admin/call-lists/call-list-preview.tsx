"use client";
import { useState } from "react";
import { useFormatter, useTranslations } from "next-intl";
import type { FieldPath } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { Alert, Badge } from "@/components/ui/card";
import { Cell, DataTable } from "@/components/ui/table";
import { useCommandForm } from "@/components/forms/use-command-form";
import { useErrorText } from "@/components/forms/use-error-text";
import { PREVIEW_SETTING_KEYS, previewSchema, type PreviewResult, type PreviewSettingKey } from "@/lib/calls/preview-schema";
import { previewCallListsAction } from "@/lib/calls/actions";

export type PreviewSiteOption = {
  id: string;
  label: string;
  current: Record<PreviewSettingKey, number | boolean | number[]>;
};

type FormValues = { siteId: string; day: string; overrides: Record<PreviewSettingKey, string> };

const LIST_KEYS: ReadonlySet<PreviewSettingKey> = new Set(["infantTestAgesWeeks", "weekendDays"]);

function shown(v: number | boolean | number[] | undefined, yes: string, no: string): string {
  if (Array.isArray(v)) return v.join(", ");
  if (typeof v === "boolean") return v ? yes : no;
  return v === undefined ? "" : String(v);
}

export function CallListPreview({ sites, reasonLabels }: { sites: PreviewSiteOption[]; reasonLabels: Record<string, string> }) {
  const t = useTranslations("generation.preview");
  const ts = useTranslations("settings");
  const tt = useTranslations("generation.today");
  const errorText = useErrorText();
  const format = useFormatter();
  const [result, setResult] = useState<PreviewResult | null>(null);
  const emptyOverrides = Object.fromEntries(PREVIEW_SETTING_KEYS.map((k) => [k, ""])) as Record<PreviewSettingKey, string>;
  const { form, submit, pending, formError } = useCommandForm({
    schema: previewSchema,
    defaultValues: { siteId: sites[0]?.id ?? "", day: "", overrides: emptyOverrides },
    action: (values) => {
      setResult(null);
      return previewCallListsAction(values);
    },
    onSuccess: setResult,
  });
  const fieldError = (name: FieldPath<FormValues>) => errorText(form.getFieldState(name, form.formState).error?.message);
  const siteId = form.watch("siteId");
  const current = sites.find((s) => s.id === siteId)?.current;
  const label = (k: string) => reasonLabels[k] ?? k;

  return (
    <div className="space-y-6">
      <form onSubmit={submit} className="space-y-4" noValidate>
        <div className="grid gap-3 sm:grid-cols-2">
          <SelectField label={t("site")} error={fieldError("siteId")} {...form.register("siteId")}>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </SelectField>
          <TextField label={t("day")} hint={t("dayHint")} type="date" error={fieldError("day")} {...form.register("day")} />
        </div>
        <details className="rounded-md border border-slate-200 p-3">
          <summary className="min-h-11 cursor-pointer py-2 text-sm font-semibold">{t("overrides")}</summary>
          <p className="mb-3 text-xs text-slate-600">{t("overridesHint")}</p>
          <div className="grid gap-3 sm:grid-cols-2">
            {PREVIEW_SETTING_KEYS.map((k) => {
              const name = `overrides.${k}` as const;
              const now = t("current", { value: shown(current?.[k], t("yes"), t("no")) });
              if (k === "appointmentReminderOnDay") {
                return (
                  <SelectField key={k} label={ts(`rules.${k}.label`)} hint={now} error={fieldError(name)} {...form.register(name)}>
                    <option value="">{t("keep")}</option>
                    <option value="true">{t("yes")}</option>
                    <option value="false">{t("no")}</option>
                  </SelectField>
                );
              }
              return (
                <TextField
                  key={k}
                  label={ts(`rules.${k}.label`)}
                  hint={now}
                  inputMode={LIST_KEYS.has(k) ? "text" : "numeric"}
                  autoComplete="off"
                  error={fieldError(name)}
                  {...form.register(name)}
                />
              );
            })}
          </div>
        </details>
        {formError && <Alert>{errorText(formError)}</Alert>}
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? t("running") : t("submit")}
        </Button>
      </form>

      {result && (
        <section aria-labelledby="preview-result" className="space-y-4" data-testid="preview-result">
          <div role="status" className="space-y-1">
            <h2 id="preview-result" className="text-lg font-semibold">
              {t("resultTitle", { site: result.siteName, date: new Date(`${result.day}T00:00:00Z`) })}
            </h2>
            {!result.workingDay && <p className="text-sm">{t("notWorkingDay")}</p>}
            <p className="text-sm" data-testid="preview-generated">
              {result.generated
                ? tt("generatedAt", {
                    time: format.dateTime(new Date(result.generated.at), { dateStyle: "medium", timeStyle: "short", timeZone: result.generated.timeZone }),
                    trigger: tt(`triggers.${result.generated.trigger}`),
                    by: result.generated.byName ?? "",
                    hasBy: result.generated.byName ? "yes" : "no",
                  })
                : tt("notYet")}
            </p>
            <p className="text-sm">{t("total", { n: result.total })}</p>
            <p className="text-sm text-slate-600">{t("carried", { carried: result.carried, closed: result.closed })}</p>
            <p className="text-sm text-slate-600">
              {result.overridden.length
                ? t("overridden", { keys: result.overridden.map((k) => ts(`rules.${k}.label`)).join(", ") })
                : t("noneOverridden")}
            </p>
          </div>
          {result.total > 0 && (
            <div>
              <h3 className="mb-2 text-sm font-semibold">{t("byReason")}</h3>
              <ul className="flex flex-wrap gap-2">
                {Object.entries(result.byKind)
                  .filter(([, n]) => n > 0)
                  .map(([k, n]) => (
                    <li key={k}>
                      <Badge>
                        {label(k)}: {n}
                      </Badge>
                    </li>
                  ))}
              </ul>
            </div>
          )}
          {result.mentors.length === 0 ? (
            <p className="text-sm">{t("noMentors")}</p>
          ) : (
            <DataTable caption={t("mentors")} head={[t("mentor"), t("capacity"), t("calls"), t("byReason")]}>
              {result.mentors.map((m) => (
                <tr key={m.id}>
                  <Cell>
                    {m.name}
                    {!m.worksDay && <span className="block text-xs text-slate-600">{t("offThatDay")}</span>}
                  </Cell>
                  <Cell>{m.capacity}</Cell>
                  <Cell>{m.total}</Cell>
                  <Cell className="text-xs">
                    {Object.entries(m.byKind)
                      .filter(([, n]) => n > 0)
                      .map(([k, n]) => `${label(k)} ${n}`)
                      .join(" · ")}
                  </Cell>
                </tr>
              ))}
            </DataTable>
          )}
          {result.mentors
            .filter((m) => m.tasks.length > 0)
            .map((m) => (
              <div key={m.id} className="space-y-2">
                <h3 className="text-sm font-semibold">{t("firstCalls", { name: m.name, n: m.tasks.length })}</h3>
                <DataTable
                  caption={t("firstCalls", { name: m.name, n: m.tasks.length })}
                  head={[t("client"), t("reasons"), t("priority"), t("waitingSince")]}
                >
                {m.tasks.map((task) => (
                  <tr key={task.clientId}>
                    <Cell>{task.firstName}</Cell>
                    <Cell>
                      <span className="flex flex-wrap gap-1">
                        {task.reasons.map((r) => (
                          <Badge key={r}>{label(r)}</Badge>
                        ))}
                      </span>
                    </Cell>
                    <Cell>{task.priority}</Cell>
                    <Cell>{format.dateTime(new Date(`${task.firstDueDate}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" })}</Cell>
                  </tr>
                ))}
                </DataTable>
              </div>
            ))}
          {result.total === 0 && result.workingDay && <p className="text-sm">{t("noCalls")}</p>}
        </section>
      )}
    </div>
  );
}
