"use client";
// The enrolment form: one client's facts in sections, validated in the browser with the server's
// schema (lib/clients/schemas.ts). On submit it first asks the server who may already be this
// person; when someone may be, the user chooses between opening that record and enrolling anyway
// (the server refuses a possible duplicate without that explicit choice).
import { useEffect, useMemo, useRef, useState } from "react";
import Link from "next/link";
import { useFieldArray, type DefaultValues } from "react-hook-form";
import { useTranslations } from "next-intl";
import { z } from "zod";
import { Button, ButtonLink } from "@/components/ui/button";
import { CheckboxField, SelectField, TextField } from "@/components/ui/field";
import { Alert } from "@/components/ui/card";
import { useCommandForm } from "@/components/forms/use-command-form";
import { useErrorText } from "@/components/forms/use-error-text";
import type { ActionResult } from "@/lib/action";
import { APPOINTMENT_KINDS, CLIENT_CATEGORIES, CLIENT_SEXES, clientFactsSchema, type ClientFacts } from "@/lib/clients/schemas";
import { enrolClientAction, findPossibleDuplicatesAction } from "@/lib/clients/actions";
import type { EnrolResult } from "@/lib/clients/commands";
import type { DuplicateCheck } from "@/lib/clients/duplicates";
import type { EnrolmentOptions } from "@/lib/clients/queries";

type PhoneValues = {
  number: string; sharedPhone: boolean; mayIdentifyCaller: boolean; consentSms: boolean; consentWhatsapp: boolean; safeFrom: string; safeTo: string;
};
type FormValues = {
  siteId: string;
  facilityNumber: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  sex: string;
  category: string;
  enrolmentDate: string;
  preferredLanguage: string;
  consentCalls: boolean;
  artStartDate: string;
  expectedDeliveryDate: string;
  breastfeeding: boolean;
  phones: PhoneValues[];
  infants: { firstName: string; dateOfBirth: string }[];
  appointments: { date: string; kind: string }[];
  viralLoad: { copies: string; sampleDate: string; resultDate: string };
};

const MAX_PHONES = 3;
const MAX_ROWS = 6;
/** Categories with a baby: the infants list and breastfeeding apply. */
const WITH_INFANTS = ["POSTNATAL", "INFANT_CAREGIVER"];
const blank = (v: unknown) => v === undefined || v === null || String(v).trim() === "";
const emptyPhone = (): PhoneValues => ({
  number: "", sharedPhone: false, mayIdentifyCaller: false, consentSms: false, consentWhatsapp: false, safeFrom: "", safeTo: "",
});

/** Sections hidden by the chosen category are not sent, and an empty viral-load block is "none". */
function cleanValues(v: FormValues): unknown {
  const vl = v.viralLoad;
  const noVl = !vl || (blank(vl.copies) && blank(vl.sampleDate) && blank(vl.resultDate));
  const withInfants = WITH_INFANTS.includes(v.category);
  // An empty required field reads as missing ("Required."), not as a malformed value.
  const given = (s: string | undefined) => (blank(s) ? undefined : s);
  return {
    ...v,
    dateOfBirth: given(v.dateOfBirth),
    enrolmentDate: given(v.enrolmentDate),
    expectedDeliveryDate: v.category === "PREGNANT" ? v.expectedDeliveryDate : undefined,
    breastfeeding: withInfants ? v.breastfeeding : false,
    phones: v.phones?.map((p) => ({ ...p, number: given(p.number) })),
    infants: withInfants ? v.infants?.map((i) => ({ ...i, dateOfBirth: given(i.dateOfBirth) })) : [],
    appointments: v.appointments?.map((a) => ({ ...a, date: given(a.date) })),
    // An empty copies field must read as missing, not as 0 ("undetectable").
    viralLoad: noVl ? undefined : { ...vl, copies: given(vl.copies), sampleDate: given(vl.sampleDate) },
  };
}

type Done = EnrolResult & { name: string; language: string };

export function EnrolForm({ options, openableBy }: { options: EnrolmentOptions; openableBy: string | null }) {
  const t = useTranslations("clients");
  const errorText = useErrorText();
  const confirmRef = useRef(false);
  const [duplicates, setDuplicates] = useState<DuplicateCheck | null>(null);
  /** She closed the duplicate choice to correct the form: the stale message goes too. */
  const [dismissed, setDismissed] = useState(false);
  const [done, setDone] = useState<Done | null>(null);
  const duplicatesRef = useRef<HTMLHeadingElement>(null);
  const doneRef = useRef<HTMLDivElement>(null);

  const firstSite = options.sites[0]!;
  const languageName = useMemo(() => new Map(options.languages.map((l) => [l.code.toLowerCase(), l.name])), [options.languages]);
  const defaults: DefaultValues<FormValues> = {
    siteId: firstSite.id,
    facilityNumber: "",
    firstName: "",
    lastName: "",
    dateOfBirth: "",
    sex: "",
    category: "",
    enrolmentDate: firstSite.today,
    preferredLanguage: languageName.has(firstSite.defaultLanguage.toLowerCase()) ? firstSite.defaultLanguage.toLowerCase() : "",
    consentCalls: false,
    artStartDate: "",
    expectedDeliveryDate: "",
    breastfeeding: false,
    phones: [emptyPhone()],
    infants: [],
    appointments: [],
    viralLoad: { copies: "", sampleDate: "", resultDate: "" },
  };
  // Built once per form: "in the future" is measured from when the page was opened.
  const schema = useMemo(() => z.preprocess((v: FormValues) => cleanValues(v), clientFactsSchema(new Date())), []);

  async function enrol(values: ClientFacts): Promise<ActionResult<EnrolResult>> {
    const confirmed = confirmRef.current;
    confirmRef.current = false;
    setDuplicates(null);
    setDismissed(false);
    if (!confirmed) {
      const check = await findPossibleDuplicatesAction(values);
      if (!check.ok) return check;
      if (check.data.matches.length > 0) {
        setDuplicates(check.data);
        return { ok: false, error: { code: "VALIDATION", message: "possibleDuplicate" } };
      }
    }
    const result = await enrolClientAction({ ...values, confirmNotDuplicate: confirmed });
    // Someone enrolled a match in the meantime: show it, as if the check had found it.
    if (!result.ok && result.error.message === "possibleDuplicate") {
      const again = await findPossibleDuplicatesAction(values);
      if (again.ok) setDuplicates(again.data);
    }
    return result;
  }

  const { form, submit, pending, formError } = useCommandForm({
    schema,
    defaultValues: defaults,
    action: enrol,
    onSuccess: (data) => {
      const v = form.getValues();
      setDone({ ...data, name: `${v.firstName.trim()} ${v.lastName.trim()}`, language: v.preferredLanguage });
    },
  });

  const phones = useFieldArray({ control: form.control, name: "phones" });
  const infants = useFieldArray({ control: form.control, name: "infants" });
  const appointments = useFieldArray({ control: form.control, name: "appointments" });

  // Move the reader to what just appeared: the duplicate choice, or the outcome.
  useEffect(() => {
    if (duplicates) duplicatesRef.current?.focus();
  }, [duplicates]);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  const err = form.formState.errors;
  const category = form.watch("category");
  const consentCalls = form.watch("consentCalls");
  // The consent wording follows the sex chosen above (he/him for a man, she/her otherwise).
  const sex = form.watch("sex");
  const siteId = form.watch("siteId");
  const site = options.sites.find((s) => s.id === siteId) ?? firstSite;
  const showInfants = WITH_INFANTS.includes(category);
  const phonesError = errorText(err.phones?.message ?? err.phones?.root?.message);

  if (done) {
    const mentorLine = done.mentor
      ? done.mentor.languageMatch
        ? t("result.assigned", { mentor: done.mentor.name, language: languageName.get(done.language) ?? done.language })
        : t("result.assignedNoLanguage", { mentor: done.mentor.name, language: languageName.get(done.language) ?? done.language })
      : done.reason === "all-full"
        ? t("result.allFull")
        : t("result.noMentor");
    const mayOpen = openableBy === null || done.mentor?.id === openableBy;
    return (
      <div ref={doneRef} tabIndex={-1} className="space-y-4 outline-none">
        <Alert kind="success">
          <p>{t("result.enrolled", { name: done.name, ref: done.ref })}</p>
          {done.mentor && <p className="mt-1 font-medium">{mentorLine}</p>}
        </Alert>
        {!done.mentor && <Alert kind="info">{mentorLine}</Alert>}
        <div className="flex flex-wrap gap-2">
          {mayOpen && (
            <ButtonLink href={`/clients/${done.id}`} variant="primary">
              {t("result.open")}
            </ButtonLink>
          )}
          <Button
            variant="secondary"
            onClick={() => {
              form.reset(defaults);
              setDone(null);
            }}
          >
            {t("result.another")}
          </Button>
          <ButtonLink href="/clients" variant="ghost">
            {t("result.list")}
          </ButtonLink>
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={submit} className="space-y-8" noValidate>
      {/* The duplicate choice below says it better than the bare message. */}
      {formError && !(formError === "possibleDuplicate" && (duplicates || dismissed)) && <Alert>{errorText(formError)}</Alert>}

      {duplicates && (
        <section aria-labelledby="duplicates-title" role="alert" className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-950">
          <h2 id="duplicates-title" ref={duplicatesRef} tabIndex={-1} className="text-base font-semibold outline-none">
            {t("duplicates.title")}
          </h2>
          <p className="text-sm">{t("duplicates.intro")}</p>
          {duplicates.matches.length > 0 && (
            <ul className="space-y-2">
              {duplicates.matches.map((m) => (
                <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-amber-200 bg-white p-3 text-sm">
                  <div>
                    <p className="font-medium">
                      {m.firstName} {m.lastName} · <span className="font-mono text-xs">{m.ref}</span>
                    </p>
                    <p className="text-slate-700">
                      {m.siteName} · {t("duplicates.born", { date: m.dateOfBirth })} ·{" "}
                      {m.reasons.map((r) => (r === "phone" ? t("duplicates.samePhone") : t("duplicates.sameNameAndBirth"))).join(", ")}
                    </p>
                  </div>
                  <Link href={`/clients/${m.id}`} className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800">
                    {t("duplicates.open")}
                  </Link>
                </li>
              ))}
            </ul>
          )}
          <div className="flex flex-wrap gap-2">
            <Button
              variant="primary"
              disabled={pending}
              onClick={() => {
                confirmRef.current = true;
                void submit();
              }}
            >
              {t("duplicates.enrolAnyway")}
            </Button>
            <Button
              variant="secondary"
              onClick={() => {
                setDuplicates(null);
                setDismissed(true);
              }}
            >
              {t("duplicates.goBack")}
            </Button>
          </div>
        </section>
      )}

      <fieldset className="space-y-4">
        <legend className="text-base font-semibold">{t("form.identity")}</legend>
        <div className="grid gap-4 md:grid-cols-2">
          <TextField label={t("form.firstName")} autoComplete="off" error={errorText(err.firstName?.message)} {...form.register("firstName")} />
          <TextField label={t("form.lastName")} autoComplete="off" error={errorText(err.lastName?.message)} {...form.register("lastName")} />
          <TextField label={t("form.dateOfBirth")} type="date" max={site.today} error={errorText(err.dateOfBirth?.message)} {...form.register("dateOfBirth")} />
          {!openableBy && (
            <TextField
              label={t("form.facilityNumber")}
              hint={t("form.facilityNumberHint")}
              autoComplete="off"
              error={errorText(err.facilityNumber?.message)}
              {...form.register("facilityNumber")}
            />
          )}
          <SelectField label={t("form.site")} hint={t("form.siteHint")} error={errorText(err.siteId?.message)} {...form.register("siteId")}>
            {options.sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} · {s.countryName}
              </option>
            ))}
          </SelectField>
          <TextField label={t("form.enrolmentDate")} type="date" max={site.today} error={errorText(err.enrolmentDate?.message)} {...form.register("enrolmentDate")} />
          <SelectField label={t("form.language")} hint={t("form.languageHint")} error={errorText(err.preferredLanguage?.message)} {...form.register("preferredLanguage")}>
            <option value="">{t("form.chooseOne")}</option>
            {options.languages.map((l) => (
              <option key={l.code} value={l.code.toLowerCase()}>
                {l.name}
              </option>
            ))}
          </SelectField>
        </div>
      </fieldset>

      <fieldset className="space-y-4">
        <legend className="text-base font-semibold">{t("form.categorySection")}</legend>
        <div className="grid gap-4 md:grid-cols-2">
          <SelectField label={t("form.sex")} error={errorText(err.sex?.message)} {...form.register("sex")}>
            <option value="">{t("form.chooseOne")}</option>
            {CLIENT_SEXES.map((s) => (
              <option key={s} value={s}>
                {t(`sexes.${s}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t("form.category")} error={errorText(err.category?.message)} {...form.register("category")}>
            <option value="">{t("form.chooseOne")}</option>
            {CLIENT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`categories.${c}`)}
              </option>
            ))}
          </SelectField>
          {category === "PREGNANT" && (
            <TextField label={t("form.expectedDeliveryDate")} type="date" error={errorText(err.expectedDeliveryDate?.message)} {...form.register("expectedDeliveryDate")} />
          )}
          {showInfants && <CheckboxField label={t("form.breastfeeding")} className="self-end" {...form.register("breastfeeding")} />}
        </div>
        {showInfants && (
          <fieldset className="space-y-3">
            <legend className="text-sm font-semibold">{t("form.infants")}</legend>
            <p className="text-xs text-slate-600">{t("form.infantsHint")}</p>
            {infants.fields.map((f, i) => (
              <div key={f.id} role="group" aria-label={t("form.infantN", { n: i + 1 })} className="grid gap-3 rounded-md border border-slate-200 p-3 md:grid-cols-[1fr_1fr_auto]">
                <TextField label={t("form.infantFirstName")} autoComplete="off" error={errorText(err.infants?.[i]?.firstName?.message)} {...form.register(`infants.${i}.firstName`)} />
                <TextField label={t("form.infantDateOfBirth")} type="date" max={site.today} error={errorText(err.infants?.[i]?.dateOfBirth?.message)} {...form.register(`infants.${i}.dateOfBirth`)} />
                <Button variant="ghost" className="self-end" onClick={() => infants.remove(i)}>
                  {t("form.removeInfant", { n: i + 1 })}
                </Button>
              </div>
            ))}
            {infants.fields.length < MAX_ROWS && (
              <Button variant="secondary" onClick={() => infants.append({ firstName: "", dateOfBirth: "" })}>
                {t("form.addInfant")}
              </Button>
            )}
          </fieldset>
        )}
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="text-base font-semibold">{t("form.phones")}</legend>
        <p className="text-xs text-slate-600">{t("form.phonesHint")}</p>
        {phonesError && (
          <p role="alert" className="text-sm text-red-700">
            {phonesError}
          </p>
        )}
        {phones.fields.map((f, i) => {
          const pe = err.phones?.[i];
          return (
            <div key={f.id} role="group" aria-label={t("form.phoneN", { n: i + 1 })} className="space-y-3 rounded-md border border-slate-200 p-3">
              <p className="text-sm font-medium">{t("form.phoneN", { n: i + 1 })}</p>
              <div className="grid gap-3 md:grid-cols-2">
                <TextField
                  label={t("form.phoneNumber")}
                  type="tel"
                  inputMode="tel"
                  autoComplete="off"
                  error={errorText(pe?.number?.message)}
                  {...form.register(`phones.${i}.number`)}
                />
                <div className="grid grid-cols-2 gap-3">
                  <TextField label={t("form.safeFrom")} type="time" error={errorText(pe?.safeFrom?.message)} {...form.register(`phones.${i}.safeFrom`)} />
                  <TextField label={t("form.safeTo")} type="time" error={errorText(pe?.safeTo?.message)} {...form.register(`phones.${i}.safeTo`)} />
                </div>
              </div>
              <p className="text-xs text-slate-600">{t("form.safeHoursHint")}</p>
              <div className="flex flex-wrap gap-x-6">
                <CheckboxField label={t("form.sharedPhone")} {...form.register(`phones.${i}.sharedPhone`)} />
                <CheckboxField label={t("form.mayIdentifyCaller")} {...form.register(`phones.${i}.mayIdentifyCaller`)} />
                <CheckboxField label={t("form.consentSms", { sex })} {...form.register(`phones.${i}.consentSms`)} />
                <CheckboxField label={t("form.consentWhatsapp", { sex })} {...form.register(`phones.${i}.consentWhatsapp`)} />
              </div>
              {phones.fields.length > 1 && (
                <Button variant="ghost" onClick={() => phones.remove(i)}>
                  {t("form.removePhone", { n: i + 1 })}
                </Button>
              )}
            </div>
          );
        })}
        {phones.fields.length < MAX_PHONES && (
          <Button variant="secondary" onClick={() => phones.append(emptyPhone())}>
            {t("form.addPhone")}
          </Button>
        )}
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="text-base font-semibold">{t("form.consent")}</legend>
        <CheckboxField label={t("form.consentCalls", { sex })} error={errorText(err.consentCalls?.message)} {...form.register("consentCalls")} />
        <p className="text-xs text-slate-600">{t("form.consentCallsHint", { sex })}</p>
        {!consentCalls && <Alert kind="info">{t("form.consentCallsOff", { sex })}</Alert>}
      </fieldset>

      <fieldset className="space-y-4">
        <legend className="text-base font-semibold">{t("form.treatment")}</legend>
        <div className="grid gap-4 md:grid-cols-2">
          <TextField label={t("form.artStartDate")} type="date" max={site.today} error={errorText(err.artStartDate?.message)} {...form.register("artStartDate")} />
        </div>
        <fieldset className="space-y-2">
          <legend className="text-sm font-semibold">{t("form.viralLoad")}</legend>
          <p className="text-xs text-slate-600">{t("form.viralLoadHint")}</p>
          <div className="grid gap-3 md:grid-cols-3">
            <TextField
              label={t("form.vlCopies")}
              type="number"
              inputMode="numeric"
              min={0}
              hint={t("form.vlCopiesHint")}
              error={errorText(err.viralLoad?.copies?.message)}
              {...form.register("viralLoad.copies")}
            />
            <TextField label={t("form.vlSampleDate")} type="date" max={site.today} error={errorText(err.viralLoad?.sampleDate?.message)} {...form.register("viralLoad.sampleDate")} />
            <TextField label={t("form.vlResultDate")} type="date" max={site.today} error={errorText(err.viralLoad?.resultDate?.message)} {...form.register("viralLoad.resultDate")} />
          </div>
        </fieldset>
        <fieldset className="space-y-3">
          <legend className="text-sm font-semibold">{t("form.appointments")}</legend>
          {appointments.fields.map((f, i) => (
            <div key={f.id} role="group" aria-label={t("form.appointmentN", { n: i + 1 })} className="grid gap-3 rounded-md border border-slate-200 p-3 md:grid-cols-[1fr_1fr_auto]">
              <TextField label={t("form.appointmentDate")} type="date" error={errorText(err.appointments?.[i]?.date?.message)} {...form.register(`appointments.${i}.date`)} />
              <SelectField label={t("form.appointmentKind")} error={errorText(err.appointments?.[i]?.kind?.message)} {...form.register(`appointments.${i}.kind`)}>
                {APPOINTMENT_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`appointmentKinds.${k}`)}
                  </option>
                ))}
              </SelectField>
              <Button variant="ghost" className="self-end" onClick={() => appointments.remove(i)}>
                {t("form.removeAppointment", { n: i + 1 })}
              </Button>
            </div>
          ))}
          {appointments.fields.length < MAX_ROWS && (
            <Button variant="secondary" onClick={() => appointments.append({ date: "", kind: "ART_REFILL" })}>
              {t("form.addAppointment")}
            </Button>
          )}
        </fieldset>
      </fieldset>

      <Button type="submit" disabled={pending}>
        {pending ? t("form.submitting") : t("form.submit")}
      </Button>
    </form>
  );
}
