// What one call recorded, in words: doses missed, barriers (WHO HIV.H.DE53 plain labels), her
// answers about appointments, the follow-up outcome (HIV.H.DE23), referrals and notes. Shared by
// the client profile's call history and the call screen's last calls. A server component.
import { getFormatter, getTranslations } from "next-intl/server";
import { dateOnly } from "@/lib/dates";
import { hasFindings, type CallFindings } from "@/lib/calls/call-history";

export async function CallFindingsList({ findings, sex }: { findings: CallFindings; sex: string }) {
  if (!hasFindings(findings)) return null;
  const [t, format] = await Promise.all([getTranslations("callscreen"), getFormatter()]);
  const day = (d: string) => format.dateTime(dateOnly(d), { dateStyle: "medium", timeZone: "UTC" });
  const label = (group: string, code: string) => (t.has(`${group}.${code}`) ? t(`${group}.${code}`) : code);
  const f = findings;
  return (
    <dl className="mt-1 grid grid-cols-1 gap-x-3 gap-y-0.5 text-sm sm:grid-cols-[auto_1fr]" data-testid="call-findings">
      {f.adherence && (
        <>
          <dt className="text-slate-600">{t("dosesMissed")}</dt>
          <dd data-testid="finding-doses">
            {f.adherence.dosesMissed7d}
            {f.adherence.pillsRanOut && <>, {t("adherencePillsRanOut")}</>}
          </dd>
        </>
      )}
      {f.barriers.length > 0 && (
        <>
          <dt className="text-slate-600">{t("barriers")}</dt>
          <dd data-testid="finding-barriers">{f.barriers.map((c) => label("barrierCodes", c)).join(", ")}</dd>
        </>
      )}
      {f.appointments.length > 0 && (
        <>
          <dt className="text-slate-600">{t("appointmentAnswer", { sex })}</dt>
          <dd data-testid="finding-appointments">
            {f.appointments
              .map((a) => (a.newDate ? `${t.has(`answers.${a.answer}`) ? t(`answers.${a.answer}`, { sex }) : a.answer}: ${day(a.newDate)}` : t.has(`answers.${a.answer}`) ? t(`answers.${a.answer}`, { sex }) : a.answer))
              .join("; ")}
          </dd>
        </>
      )}
      {f.tracing && (
        <>
          <dt className="text-slate-600">{t("tracing")}</dt>
          <dd data-testid="finding-tracing">
            {label("tracingCodes", f.tracing.outcome)}
            {f.tracing.returnDate && <> ({day(f.tracing.returnDate)})</>}
          </dd>
        </>
      )}
      {f.referrals.length > 0 && (
        <>
          <dt className="text-slate-600">{t("referrals")}</dt>
          <dd data-testid="finding-referrals">{f.referrals.map((r) => label("referralCodes", r)).join(", ")}</dd>
        </>
      )}
      {f.notes && (
        <>
          <dt className="text-slate-600">{t("notes")}</dt>
          <dd className="whitespace-pre-line" data-testid="finding-notes">{f.notes}</dd>
        </>
      )}
    </dl>
  );
}
