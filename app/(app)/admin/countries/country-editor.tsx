"use client";
// The country's details, call rules and deletion share one `version` (one row): whichever form
// saves moves it on for the others, so editing both in one visit never trips over itself while a
// change by someone else still answers "conflict".
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { Alert, Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { useErrorText } from "@/components/forms/use-error-text";
import type { CountryFormInput } from "@/lib/countries/schemas";
import type { CountrySettings } from "@/lib/settings/schemas";
import { deleteCountryAction } from "@/lib/countries/actions";
import { CountryForm } from "./country-form";
import { CountrySettingsForm } from "./country-settings-form";

type Props = {
  id: string;
  version: number;
  details: CountryFormInput;
  settings: CountrySettings;
  languages: { code: string; name: string }[];
  siteCount: number;
  holidays: React.ReactNode;
};

export function CountryEditor({ id, version: initialVersion, details, settings, languages, siteCount, holidays }: Props) {
  const t = useTranslations("countries");
  const ts = useTranslations("settings");
  const [version, setVersion] = useState(initialVersion);
  return (
    <div className="space-y-4">
      <Card title={t("details")}>
        <CountryForm initial={details} languages={languages} edit={{ id, version, onSaved: setVersion }} />
      </Card>
      {holidays}
      <Card title={ts("country.title")}>
        <p className="mb-3 text-sm text-slate-600">{ts("country.intro")}</p>
        <CountrySettingsForm countryId={id} settings={settings} version={version} onSaved={setVersion} />
      </Card>
      <Card title={t("delete.title")}>
        <DeleteCountry id={id} version={version} name={details.name} siteCount={siteCount} />
      </Card>
    </div>
  );
}

function DeleteCountry({ id, version, name, siteCount }: { id: string; version: number; name: string; siteCount: number }) {
  const t = useTranslations("countries");
  const errorText = useErrorText();
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();

  if (siteCount > 0) return <p className="text-sm text-slate-700">{t("delete.hasSites", { count: siteCount })}</p>;

  async function remove() {
    setPending(true);
    setError(undefined);
    try {
      const r = await deleteCountryAction({ id, version });
      if (r.ok) {
        router.push("/admin/countries?deleted=1");
        return;
      }
      setError(r.error.message ?? r.error.code);
    } catch {
      setError("UNAVAILABLE");
    }
    setPending(false);
    setConfirming(false);
  }

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">{t("delete.intro")}</p>
      {error && <Alert>{errorText(error)}</Alert>}
      {confirming ? (
        <div className="space-y-2" role="group" aria-label={t("delete.title")}>
          <p className="text-sm font-medium">{t("delete.confirmText", { name })}</p>
          <div className="flex flex-wrap gap-2">
            <Button variant="danger" onClick={remove} disabled={pending} autoFocus>
              {pending ? t("delete.deleting") : t("delete.confirm")}
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)} disabled={pending}>
              {t("delete.cancel")}
            </Button>
          </div>
        </div>
      ) : (
        <Button variant="danger" onClick={() => setConfirming(true)}>
          {t("delete.button")}
        </Button>
      )}
    </div>
  );
}
