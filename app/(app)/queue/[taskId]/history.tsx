// The client's recent history on the call screen (issue 5): her adherence answers of the last weeks
// as a week-by-week table (text, not colour only) and her last calls with their notes, with a
// "Correct" link on the attempts the Mentor Mother may still correct (lib/calls/call-history.ts).
// Server components: nothing here reaches the browser's JavaScript.
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { dateOnly } from "@/lib/dates";
import type { CallScreenTask } from "@/lib/calls/call-screen";
import { Cell, DataTable } from "@/components/ui/table";
import { CallFindingsList } from "@/components/call-findings";

export async function AdherenceTimeline({ weeks, sex }: { weeks: CallScreenTask["client"]["adherence"]; sex: string }) {
  const [t, format] = await Promise.all([getTranslations("callscreen"), getFormatter()]);
  const day = (d: string) => format.dateTime(dateOnly(d), { day: "numeric", month: "short", timeZone: "UTC" });
  const answered = weeks.some((w) => w.answers.length > 0);
  return (
    <div data-testid="adherence-timeline">
      <h3 className="mt-3 text-sm font-semibold">{t("adherenceTitle", { weeks: weeks.length })}</h3>
      {!answered ? (
        <p className="text-sm text-slate-700">{t("adherenceNone", { weeks: weeks.length })}</p>
      ) : (
        <DataTable caption={t("adherenceTitle", { weeks: weeks.length })} head={[t("adherenceWeek"), t("adherenceAnswer", { sex })]}>
          {weeks.map((w) => (
            <tr key={w.from} data-testid="adherence-week">
              <Cell className="whitespace-nowrap">{t("adherenceRange", { from: day(w.from), to: day(w.to) })}</Cell>
              <Cell>
                {w.answers.length === 0 ? (
                  <span className="text-slate-600">{t("adherenceNoAnswer")}</span>
                ) : (
                  <ul>
                    {w.answers.map((a) => (
                      <li key={a.attemptId} data-testid="adherence-answer">
                        <span aria-hidden="true" className={a.dosesMissed7d === 0 && !a.pillsRanOut ? "text-green-700" : "text-red-700"}>
                          {a.dosesMissed7d === 0 && !a.pillsRanOut ? "✓ " : "! "}
                        </span>
                        {t("adherenceOn", { date: day(a.date) })} {t("adherenceDoses", { n: a.dosesMissed7d })}
                        {a.pillsRanOut && <>, {t("adherencePillsRanOut")}</>}
                      </li>
                    ))}
                  </ul>
                )}
              </Cell>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}

export async function LastCalls({ calls, timeZone, sex }: { calls: CallScreenTask["client"]["lastCalls"]; timeZone: string; sex: string }) {
  const [t, format] = await Promise.all([getTranslations("callscreen"), getFormatter()]);
  return (
    <div data-testid="last-calls">
      <h3 className="mt-3 text-sm font-semibold">{t("lastCalls")}</h3>
      {calls.length === 0 ? (
        <p className="text-sm text-slate-700">{t("noCalls")}</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {calls.map((a) => {
            const when = format.dateTime(new Date(a.at), { dateStyle: "medium", timeStyle: "short", timeZone });
            return (
              <li key={a.id} className="py-2" data-testid="last-call">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span>
                    <span className="font-medium">{t(`dispositions.${a.disposition}`)}</span> · {when}
                    {a.isCorrection && <span className="ml-1 text-slate-600">({t("isCorrection")})</span>}
                    {a.corrected && <span className="ml-1 text-slate-600">({t("wasCorrected")})</span>}
                  </span>
                  {a.correctable && (
                    <Link
                      href={`/queue/${a.taskId}/correct/${a.id}`}
                      className="inline-flex min-h-11 items-center rounded-md px-2 font-medium text-brand-700 underline"
                      aria-label={t("correctLabel", { when })}
                      data-testid="correct-link"
                    >
                      {t("correct")}
                    </Link>
                  )}
                </div>
                <CallFindingsList findings={a.findings} sex={sex} />
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
