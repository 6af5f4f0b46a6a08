"use client";
// The client edit page's forms: details, one form per phone (correct, flags, confirm working,
// retire), add a phone, propose or withdraw a transfer. Each sends the client's current version
// (the page refreshes after every change, so the version prop is the latest); the server re-checks
// everything (lib/clients/edit-commands.ts, lib/clients/transfers.ts).
import Link from "next/link";
import { useEffect, useState, useTransition } from "react";
import { usePathname, useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { DefaultValues, FieldValues } from "react-hook-form";
import type { z } from "zod";
import type { ActionResult } from "@/lib/action";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { CheckboxField, SelectField, TextField } from "@/components/ui/field";
import { useCommandForm } from "@/components/forms/use-command-form";
import { useErrorText } from "@/components/forms/use-error-text";
import { addPhoneSchema, editDetailsSchema, proposeTransferSchema, TRANSFER_DECIDED_PARAM, updatePhoneSchema, type TransferDecidedCode } from "@/lib/clients/edit-schemas";
import {
  addPhoneAction,
  decideTransferAction,
  editDetailsAction,
  proposeTransferAction,
  retirePhoneAction,
  updatePhoneAction,
} from "@/lib/clients/edit-actions";

type Target = { clientId: string; version: number };

/** A form of this page: sends the latest version, refreshes the page after a change, and on a
 * conflict refreshes too (the newer data shows under the kept input). */
function useEditForm<S extends z.ZodType<Target, FieldValues>, R>(opts: {
  schema: S;
  target: Target & Record<string, string | number>;
  defaultValues: DefaultValues<z.input<S>>;
  action: (input: z.output<S>) => Promise<ActionResult<R>>;
  resetTo?: DefaultValues<z.input<S>>;
}) {
  const router = useRouter();
  const [saved, setSaved] = useState<R | null>(null);
  const { form, submit, pending, formError } = useCommandForm({
    schema: opts.schema,
    defaultValues: opts.defaultValues,
    action: async (values) => {
      const result = await opts.action({ ...values, ...opts.target });
      if (!result.ok && result.error.code === "CONFLICT") router.refresh();
      return result;
    },
    onSuccess: (data) => {
      if (opts.resetTo) form.reset(opts.resetTo);
      setSaved(data);
      router.refresh();
    },
  });
  return {
    form,
    pending,
    formError,
    saved,
    submit: (e?: React.FormEvent) => {
      setSaved(null);
      return submit(e);
    },
  };
}

export type LanguageOption = { code: string; name: string };

export function DetailsForm(props: Target & {
  values: { firstName: string; lastName: string; facilityNumber: string; preferredLanguage: string; consentCalls: boolean };
  languages: LanguageOption[];
}) {
  const t = useTranslations("clientEdit.details");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const { form, submit, pending, formError, saved } = useEditForm({
    schema: editDetailsSchema,
    target: { clientId: props.clientId, version: props.version },
    defaultValues: { ...props.values, clientId: props.clientId, version: props.version },
    action: editDetailsAction,
  });
  const err = form.formState.errors;
  return (
    <form onSubmit={submit} className="space-y-3" noValidate aria-label={t("title")}>
      {formError && <Alert>{errorText(formError)}</Alert>}
      {saved && <Alert kind="success">{saved.fields.length ? t("saved") : t("nothingChanged")}</Alert>}
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label={t("firstName")} autoComplete="off" error={errorText(err.firstName?.message)} {...form.register("firstName")} />
        <TextField label={t("lastName")} autoComplete="off" error={errorText(err.lastName?.message)} {...form.register("lastName")} />
        <TextField label={t("facilityNumber")} hint={t("facilityNumberHint")} autoComplete="off" error={errorText(err.facilityNumber?.message)} {...form.register("facilityNumber")} />
        <SelectField label={t("language")} error={errorText(err.preferredLanguage?.message)} {...form.register("preferredLanguage")}>
          {props.languages.map((l) => (
            <option key={l.code} value={l.code}>{l.name}</option>
          ))}
        </SelectField>
      </div>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-800">{t("consents")}</legend>
        <CheckboxField label={t("consentCalls")} {...form.register("consentCalls")} />
        {/* Consent to messages is given per phone and channel, on the profile's own form. */}
        <p className="text-sm text-slate-700">
          <Link href={`/clients/${props.clientId}#messages`} className="inline-flex min-h-11 items-center font-medium text-brand-700 underline">
            {t("consentMessagesLink")}
          </Link>
        </p>
      </fieldset>
      <Button type="submit" disabled={pending}>{pending ? tc("saving") : t("submit")}</Button>
    </form>
  );
}

type PhoneValues = { number: string; sharedPhone: boolean; mayIdentifyCaller: boolean; safeFrom: string; safeTo: string };

function PhoneFields({ form, prefix, errors }: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- shared by two forms whose values both hold `phone`
  form: any;
  prefix: "phone";
  errors: Partial<Record<keyof PhoneValues, { message?: string }>> | undefined;
}) {
  const t = useTranslations("clientEdit.phones");
  const errorText = useErrorText();
  return (
    <>
      <TextField label={t("number")} type="tel" inputMode="tel" autoComplete="off" error={errorText(errors?.number?.message)} {...form.register(`${prefix}.number`)} />
      <div className="grid grid-cols-2 gap-3">
        <TextField label={t("safeFrom")} type="time" error={errorText(errors?.safeFrom?.message)} {...form.register(`${prefix}.safeFrom`)} />
        <TextField label={t("safeTo")} type="time" error={errorText(errors?.safeTo?.message)} {...form.register(`${prefix}.safeTo`)} />
      </div>
      <p className="text-xs text-slate-600">{t("safeHint")}</p>
      <CheckboxField label={t("shared")} {...form.register(`${prefix}.sharedPhone`)} />
      <CheckboxField label={t("mayIdentify")} {...form.register(`${prefix}.mayIdentifyCaller`)} />
    </>
  );
}

export function PhoneForm(props: Target & { phoneId: string; values: PhoneValues; isPrimary: boolean; flagged: boolean; canRetire: boolean; sex: string; label: string }) {
  const t = useTranslations("clientEdit.phones");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const router = useRouter();
  const [retiring, startRetire] = useTransition();
  const [retireError, setRetireError] = useState<string | null>(null);
  const defaults = { clientId: props.clientId, version: props.version, phoneId: props.phoneId, phone: props.values, primary: false, confirmWorking: false };
  const { form, submit, pending, formError, saved } = useEditForm({
    schema: updatePhoneSchema,
    // The phone's id goes with every submit: a corrected number is a new phone row, and this form
    // (kept by its place in the list, so its "saved" message survives the refresh) then edits it.
    target: { clientId: props.clientId, version: props.version, phoneId: props.phoneId },
    defaultValues: defaults,
    action: updatePhoneAction,
  });
  const { reset } = form;
  useEffect(() => {
    reset(defaults);
    // Only when another phone row takes this place (a correction, a retirement above it).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.phoneId, reset]);
  const retire = () =>
    startRetire(async () => {
      setRetireError(null);
      const r = await retirePhoneAction({ clientId: props.clientId, version: props.version, phoneId: props.phoneId });
      if (!r.ok) setRetireError(errorText(r.error.fieldErrors?._form?.[0] ?? r.error.message) ?? r.error.message);
      router.refresh();
    });
  return (
    <form onSubmit={submit} className="space-y-3" noValidate aria-label={props.label} data-testid="phone-form">
      {formError && <Alert>{errorText(formError)}</Alert>}
      {saved && <Alert kind="success">{saved.escalationsResolved.length ? `${t("saved")} ${t("escalationResolved")}` : t("saved")}</Alert>}
      <PhoneFields form={form} prefix="phone" errors={form.formState.errors.phone} />
      <p className="text-xs text-slate-600">{t("correctHint")}</p>
      {!props.isPrimary && <CheckboxField label={t("makePrimary")} {...form.register("primary")} />}
      {props.flagged && <CheckboxField label={t("confirmWorking")} {...form.register("confirmWorking")} />}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending || retiring}>{pending ? tc("saving") : t("save")}</Button>
        {props.canRetire && (
          <Button type="button" variant="secondary" disabled={pending || retiring} onClick={retire} aria-describedby={`${props.phoneId}-retire-hint`}>
            {t("retire")}
          </Button>
        )}
      </div>
      {props.canRetire && <p id={`${props.phoneId}-retire-hint`} className="text-xs text-slate-600">{t("retireHint", { sex: props.sex })}</p>}
      <p role="status" className="text-sm text-red-700">{retireError ?? ""}</p>
    </form>
  );
}

const EMPTY_PHONE: PhoneValues = { number: "", sharedPhone: false, mayIdentifyCaller: false, safeFrom: "", safeTo: "" };

export function AddPhoneForm(props: Target) {
  const t = useTranslations("clientEdit.phones");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const empty = { clientId: props.clientId, version: props.version, phone: EMPTY_PHONE, primary: false };
  const { form, submit, pending, formError, saved } = useEditForm({
    schema: addPhoneSchema,
    target: { clientId: props.clientId, version: props.version },
    defaultValues: empty,
    resetTo: empty,
    action: addPhoneAction,
  });
  return (
    <form onSubmit={submit} className="space-y-3" noValidate aria-label={t("add")}>
      {formError && <Alert>{errorText(formError)}</Alert>}
      {saved && <Alert kind="success">{saved.escalationsResolved.length ? `${t("added")} ${t("escalationResolved")}` : t("added")}</Alert>}
      <PhoneFields form={form} prefix="phone" errors={form.formState.errors.phone} />
      <CheckboxField label={t("makePrimary")} {...form.register("primary")} />
      <Button type="submit" disabled={pending}>{pending ? tc("saving") : t("addSubmit")}</Button>
    </form>
  );
}

export function TransferForm(props: Target & { sites: { id: string; label: string }[] }) {
  const t = useTranslations("clientEdit.transfer");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const { form, submit, pending, formError, saved } = useEditForm({
    schema: proposeTransferSchema,
    target: { clientId: props.clientId, version: props.version },
    defaultValues: { clientId: props.clientId, version: props.version, toSiteId: "" },
    action: proposeTransferAction,
  });
  return (
    <form onSubmit={submit} className="space-y-3" noValidate aria-label={t("title")}>
      {formError && <Alert>{errorText(formError)}</Alert>}
      {saved && <Alert kind="success">{t("proposed")}</Alert>}
      <SelectField label={t("site")} error={errorText(form.formState.errors.toSiteId?.message)} {...form.register("toSiteId")}>
        <option value="">{t("choose")}</option>
        {props.sites.map((s) => (
          <option key={s.id} value={s.id}>{s.label}</option>
        ))}
      </SelectField>
      <Button type="submit" disabled={pending}>{pending ? tc("saving") : t("submit")}</Button>
    </form>
  );
}

/** Accept, decline or withdraw one proposal (the edit page and the transfers page). */
export function TransferDecision({ transferId, version, decisions }: { transferId: string; version: number; decisions: readonly ("accept" | "decline" | "cancel")[] }) {
  const t = useTranslations("clientEdit.transfers");
  const errorText = useErrorText();
  const router = useRouter();
  const pathname = usePathname();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const decide = (decision: "accept" | "decline" | "cancel") =>
    start(async () => {
      setMessage(null);
      const r = await decideTransferAction({ transferId, version, decision });
      if (r.ok) {
        // The decided proposal leaves the page with this form in it: the page says what happened
        // (TransferDecided), from a code in its address - never a client's data.
        const code: TransferDecidedCode = r.data.status === "ACCEPTED" ? (r.data.reassigned ? "accepted" : "acceptedNoMentor") : "done";
        router.replace(`${pathname}?${TRANSFER_DECIDED_PARAM}=${code}`);
        router.refresh();
        return;
      }
      setMessage({ ok: false, text: errorText(r.error.fieldErrors?._form?.[0] ?? r.error.message) ?? r.error.message });
      router.refresh();
    });
  const label = { accept: t("accept"), decline: t("decline"), cancel: t("withdraw") };
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap gap-2">
        {decisions.map((d) => (
          <Button key={d} type="button" variant={d === "accept" ? "primary" : "secondary"} disabled={pending} onClick={() => decide(d)}>
            {label[d]}
          </Button>
        ))}
      </div>
      <p role="status" className={message?.ok ? "text-sm text-green-800" : "text-sm text-red-700"}>{message?.text ?? ""}</p>
    </div>
  );
}
