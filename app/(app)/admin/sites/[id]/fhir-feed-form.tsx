"use client";
// The site's FHIR feed (lib/facility/feeds.ts): where the facility's FHIR R4 server is, which
// environment variable holds its token (never the token itself), which codes mean a viral load.
import { useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { CheckboxField, TextField } from "@/components/ui/field";
import { Alert } from "@/components/ui/card";
import { useCommandForm } from "@/components/forms/use-command-form";
import { useErrorText } from "@/components/forms/use-error-text";
import { saveFhirFeedSchema } from "@/lib/facility/schemas";
import { saveFhirFeedAction } from "@/lib/facility/actions";

type Feed = { baseUrl: string; tokenEnv: string | null; viralLoadCodes: string[]; enabled: boolean; version: number } | null;

export function FhirFeedForm({ siteId, feed, defaultCodes }: { siteId: string; feed: Feed; defaultCodes: readonly string[] }) {
  const t = useTranslations("sites");
  const errorText = useErrorText();
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const version = useRef(feed?.version ?? 0);
  const { form, submit, pending, formError } = useCommandForm({
    schema: saveFhirFeedSchema,
    defaultValues: {
      siteId,
      version: feed?.version ?? 0,
      baseUrl: feed?.baseUrl ?? "",
      tokenEnv: feed?.tokenEnv ?? "",
      viralLoadCodes: (feed?.viralLoadCodes ?? defaultCodes).join(", "),
      enabled: feed?.enabled ?? true,
    },
    action: (values) => {
      setSaved(false);
      return saveFhirFeedAction({ ...values, version: version.current });
    },
    onSuccess: (data) => {
      version.current = data.version;
      setSaved(true);
      router.refresh();
    },
  });
  const err = form.formState.errors;
  return (
    <form onSubmit={submit} className="space-y-3" noValidate>
      {formError && <Alert>{errorText(formError)}</Alert>}
      {saved && <Alert kind="success">{t("fhir.saved")}</Alert>}
      <TextField label={t("fhir.baseUrl")} hint={t("fhir.baseUrlHint")} type="url" error={errorText(err.baseUrl?.message)} {...form.register("baseUrl")} />
      <TextField label={t("fhir.tokenEnv")} hint={t("fhir.tokenEnvHint")} error={errorText(err.tokenEnv?.message)} {...form.register("tokenEnv")} />
      <TextField label={t("fhir.codes")} hint={t("fhir.codesHint")} error={errorText(err.viralLoadCodes?.message)} {...form.register("viralLoadCodes")} />
      <CheckboxField label={t("fhir.enabled")} {...form.register("enabled")} />
      <Button type="submit" disabled={pending}>{t("fhir.save")}</Button>
    </form>
  );
}
