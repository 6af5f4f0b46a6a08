"use client";
// Consent to reminder messages per phone and channel, and the language of her messages (issue 17):
// a small form of its own, separate from the profile's other edits.
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { CheckboxField, TextField } from "@/components/ui/field";
import { Alert } from "@/components/ui/card";
import { useErrorText } from "@/components/forms/use-error-text";
import { messageConsentSchema } from "@/lib/messages/consent-schemas";
import { setMessageConsentAction } from "@/lib/messages/consent-actions";
import { useProfileForm } from "./use-profile-form";

type Phone = { id: string; number: string; consentSms: boolean; consentWhatsapp: boolean };

export function MessageConsentForm(props: { clientId: string; version: number; messageLanguage: string | null; phones: Phone[] }) {
  const t = useTranslations("messaging");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const { form, submit, pending, formError, saved } = useProfileForm({
    schema: messageConsentSchema,
    clientId: props.clientId,
    version: props.version,
    defaultValues: {
      clientId: props.clientId,
      version: props.version,
      messageLanguage: props.messageLanguage ?? "",
      phones: props.phones.map((p) => ({ phoneId: p.id, consentSms: p.consentSms, consentWhatsapp: p.consentWhatsapp })),
    },
    action: setMessageConsentAction,
  });
  return (
    <form onSubmit={submit} className="space-y-3" noValidate aria-label={t("consent.title")}>
      {formError && <Alert>{errorText(formError)}</Alert>}
      {saved && <Alert kind="success">{t("consent.saved")}</Alert>}
      {props.phones.map((p, i) => (
        <fieldset key={p.id} className="space-y-1">
          <legend className="font-mono text-sm">{p.number}</legend>
          <input type="hidden" {...form.register(`phones.${i}.phoneId`)} />
          <CheckboxField label={t("consent.sms")} {...form.register(`phones.${i}.consentSms`)} />
          <CheckboxField label={t("consent.whatsapp")} {...form.register(`phones.${i}.consentWhatsapp`)} />
        </fieldset>
      ))}
      <TextField
        label={t("consent.language")}
        hint={t("consent.languageHint")}
        error={errorText(form.formState.errors.messageLanguage?.message)}
        {...form.register("messageLanguage")}
      />
      <Button type="submit" disabled={pending}>
        {pending ? tc("saving") : t("consent.submit")}
      </Button>
    </form>
  );
}
