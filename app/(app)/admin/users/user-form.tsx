"use client";
// One form for creating and editing a staff account. The role decides which parts show: sites for
// Mentor Mothers and supervisors, a country for programme managers, the profile for Mentor Mothers.
// The schema (lib/users/schemas.ts) is the server's, so the browser shows the same rules first.
import { useMemo } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { CheckboxField, CheckboxGroup, SelectField, TextField } from "@/components/ui/field";
import { Alert } from "@/components/ui/card";
import { useCommandForm } from "@/components/forms/use-command-form";
import { useErrorText } from "@/components/forms/use-error-text";
import type { ActionResult } from "@/lib/action";
import { ROLES } from "@/lib/authz";
import { LOCALES } from "@/i18n/config";
import { WEEKDAYS, makeUserFormSchema, type CreateUserValues } from "@/lib/users/schemas";
import { createUserAction, updateUserAction } from "@/lib/users/actions";
import type { UserDetail, UserFormOptions } from "@/lib/users/queries";

type Values = CreateUserValues;
type UserFormValues = z.output<ReturnType<typeof makeUserFormSchema>>;
type ArrayField = "siteIds" | "languages" | "workingDays";

// Empty number inputs mean "not set": null, which the schema reports as required where it is.
const numberOrNull = (v: unknown) => (v === "" || v === null || v === undefined ? null : Number(v));

export function UserForm({ options, user }: { options: UserFormOptions; user?: UserDetail }) {
  const t = useTranslations("users");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const router = useRouter();
  const editing = Boolean(user);

  const schema = useMemo(() => makeUserFormSchema(Boolean(user), options.minPasswordLength), [user, options.minPasswordLength]);
  const action = ({ password, confirmPassword, ...fields }: UserFormValues): Promise<ActionResult<{ id: string }>> =>
    user
      ? updateUserAction({ ...fields, id: user.id, version: user.version })
      : createUserAction({ ...fields, password: password ?? "", confirmPassword: confirmPassword ?? "" });

  const { form, submit, pending, formError } = useCommandForm({
    schema,
    action,
    defaultValues: user
      ? {
          name: user.name,
          username: user.username,
          phone: user.phone ?? "",
          role: user.role,
          siteIds: user.sites.map((s) => s.site.id),
          countryId: user.countryId ?? "",
          languages: user.mentorProfile?.languages ?? [],
          dailyCapacity: user.mentorProfile?.dailyCapacity ?? options.defaultDailyCapacity,
          caseloadCap: user.mentorProfile?.caseloadCap ?? null,
          workingDays: user.mentorProfile?.workingDays ?? [1, 2, 3, 4, 5],
          locale: (LOCALES as readonly string[]).includes(user.locale) ? (user.locale as Values["locale"]) : "en",
        }
      : {
          name: "",
          username: "",
          phone: "",
          role: "MENTOR_MOTHER",
          siteIds: [],
          countryId: "",
          languages: [],
          dailyCapacity: options.defaultDailyCapacity,
          caseloadCap: null,
          workingDays: [1, 2, 3, 4, 5],
          locale: "en",
          password: "",
          confirmPassword: "",
        },
    onSuccess: (data) => {
      // The status travels in the URL (a fixed word, nothing personal) so it survives the reload
      // that brings the new version into the page.
      if (editing) {
        router.replace(`/admin/users/${data.id}?status=saved`);
        router.refresh();
      } else {
        router.push(`/admin/users/${data.id}?status=created`);
      }
    },
  });

  const err = form.formState.errors;
  const role = form.watch("role");
  const selected = {
    siteIds: form.watch("siteIds") ?? [],
    languages: form.watch("languages") ?? [],
    workingDays: form.watch("workingDays") ?? [],
  };

  // Checkbox groups are kept as arrays by hand: react-hook-form turns a lone checkbox into a boolean.
  function toggle(name: ArrayField, value: string | number, on: boolean) {
    const current = (form.getValues(name) ?? []) as (string | number)[];
    const next = on ? [...current.filter((v) => v !== value), value] : current.filter((v) => v !== value);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    form.setValue(name, next as any, { shouldDirty: true, shouldValidate: form.formState.isSubmitted });
  }
  const arrayError = (name: ArrayField) => errorText((err[name] as { message?: string } | undefined)?.message);

  // A closed site is offered only where she already works.
  const siteChoices = options.sites.filter((s) => s.active || user?.sites.some((us) => us.site.id === s.id));
  const roleChanged = user && role !== user.role;
  const showSites = role === "MENTOR_MOTHER" || role === "SUPERVISOR" || role === "DATA_CLERK";

  return (
    <form onSubmit={submit} className="space-y-6" noValidate>
      {formError && <Alert>{errorText(formError)}</Alert>}

      <fieldset className="space-y-4">
        <legend className="text-base font-semibold">{t("form.account")}</legend>
        <div className="grid gap-4 md:grid-cols-2">
          <TextField label={t("form.name")} autoComplete="off" error={errorText(err.name?.message)} {...form.register("name")} />
          <TextField
            label={t("form.username")}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            hint={t("form.usernameHint")}
            error={errorText(err.username?.message)}
            {...form.register("username")}
          />
          <TextField
            label={t("form.phone")}
            type="tel"
            inputMode="tel"
            autoComplete="off"
            hint={t("form.phoneHint")}
            error={errorText(err.phone?.message)}
            {...form.register("phone")}
          />
          <SelectField label={t("form.locale")} error={errorText(err.locale?.message)} {...form.register("locale")}>
            {LOCALES.map((l) => (
              <option key={l} value={l}>
                {tc(`locales.${l}`)}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t("form.role")}
            hint={roleChanged ? t("form.roleChangeWarning") : undefined}
            error={errorText(err.role?.message)}
            {...form.register("role")}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {tc(`roles.${r}`)}
              </option>
            ))}
          </SelectField>
          {role === "PROGRAMME_MANAGER" && (
            <SelectField label={t("form.country")} hint={t("form.countryHint")} error={errorText(err.countryId?.message)} {...form.register("countryId")}>
              <option value="">{t("form.programmeWide")}</option>
              {options.countries.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </SelectField>
          )}
        </div>
        {role === "ADMIN" && <p className="text-sm text-slate-600">{t("form.adminHint")}</p>}
        {showSites && (
          <div className="space-y-1">
            <CheckboxGroup legend={t("form.sites")} error={arrayError("siteIds")}>
              {siteChoices.length === 0 ? (
                <p className="text-sm text-slate-600">{t("form.noSites")}</p>
              ) : (
                // Long site lists scroll inside their own box rather than push the rest of the form away.
                <div className="grid max-h-80 w-full gap-x-4 overflow-y-auto rounded-md border border-slate-200 px-3 sm:grid-cols-2">
                  {siteChoices.map((s) => (
                    <CheckboxField
                      key={s.id}
                      label={`${s.name} · ${s.countryName}${s.active ? "" : ` (${t("form.closedSite")})`}`}
                      checked={selected.siteIds.includes(s.id)}
                      onChange={(e) => toggle("siteIds", s.id, e.currentTarget.checked)}
                    />
                  ))}
                </div>
              )}
            </CheckboxGroup>
            {!err.siteIds && (
              <p className="text-xs text-slate-600">{role === "MENTOR_MOTHER" ? t("form.sitesHintMentor") : t("form.sitesHintSupervisor")}</p>
            )}
          </div>
        )}
      </fieldset>

      {role === "MENTOR_MOTHER" && (
        <fieldset className="space-y-4">
          <legend className="text-base font-semibold">{t("form.mentorProfile")}</legend>
          <CheckboxGroup legend={t("form.languages")} error={arrayError("languages")}>
            {options.languages.map((l) => (
              <CheckboxField
                key={l.code}
                label={l.name}
                checked={selected.languages.includes(l.code)}
                onChange={(e) => toggle("languages", l.code, e.currentTarget.checked)}
              />
            ))}
          </CheckboxGroup>
          <div className="grid gap-4 md:grid-cols-2">
            <TextField
              label={t("form.dailyCapacity")}
              type="number"
              inputMode="numeric"
              min={0}
              max={500}
              hint={t("form.dailyCapacityHint")}
              error={errorText(err.dailyCapacity?.message)}
              {...form.register("dailyCapacity", { setValueAs: numberOrNull })}
            />
            <TextField
              label={t("form.caseloadCap")}
              type="number"
              inputMode="numeric"
              min={1}
              max={5000}
              hint={t("form.caseloadCapHint")}
              error={errorText(err.caseloadCap?.message)}
              {...form.register("caseloadCap", { setValueAs: numberOrNull })}
            />
          </div>
          <CheckboxGroup legend={t("form.workingDays")} error={arrayError("workingDays")}>
            {WEEKDAYS.map((d) => (
              <CheckboxField
                key={d}
                label={tc(`weekdays.${d}`)}
                checked={selected.workingDays.includes(d)}
                onChange={(e) => toggle("workingDays", d, e.currentTarget.checked)}
              />
            ))}
          </CheckboxGroup>
        </fieldset>
      )}

      {!editing && (
        <div className="space-y-4">
          <div className="grid gap-4 md:grid-cols-2">
            <TextField
              label={t("form.password")}
              type="password"
              autoComplete="new-password"
              hint={t("form.passwordHint", { n: options.minPasswordLength })}
              error={errorText(err.password?.message)}
              {...form.register("password")}
            />
            <TextField
              label={t("form.confirmPassword")}
              type="password"
              autoComplete="new-password"
              error={errorText(err.confirmPassword?.message)}
              {...form.register("confirmPassword")}
            />
          </div>
        </div>
      )}

      <Button type="submit" disabled={pending}>
        {pending ? tc("saving") : editing ? t("form.save") : t("form.create")}
      </Button>
    </form>
  );
}
