import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { pageNotFound, requireActor } from "@/lib/auth";
import { isUuid } from "@/lib/validation";
import { AppError } from "@/lib/errors";
import { addDaysIso } from "@/lib/calls/calendar";
import { mentorDay } from "@/lib/coverage/queries";
import { mentorDayParamsSchema } from "@/lib/coverage/schemas";
import { Badge, EmptyState, PageHeader } from "@/components/ui/card";
import { Cell, DataTable } from "@/components/ui/table";
import { Button, ButtonLink } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("supervision"))("mentorDayTitle") };
}

export default async function MentorDayPage({
  params,
  searchParams,
}: {
  params: Promise<{ mentorId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireActor("coverage.view");
  const { mentorId } = await params;
  if (!isUuid(mentorId)) pageNotFound();
  const { day } = mentorDayParamsSchema.parse(await searchParams);
  const [t, tc, tr, format] = await Promise.all([getTranslations("supervision"), getTranslations("callscreen"), getTranslations("calls"), getFormatter()]);
  let view;
  try {
    view = await mentorDay(db, actor, mentorId, day, new Date());
  } catch (e) {
    if (e instanceof AppError && e.code === "NOT_FOUND") pageNotFound();
    throw e;
  }
  const time = (iso: string) => format.dateTime(new Date(iso), { hour: "2-digit", minute: "2-digit", timeZone: view.mentor.timeZone });
  const dayLink = (d: string) => `/supervision/coverage/mentors/${mentorId}?day=${d}`;
  return (
    <>
      <PageHeader
        title={t("mentorDayHeading", { name: view.mentor.name, day: view.day })}
        description={view.mentor.siteName}
        actions={<ButtonLink href="/supervision/coverage">{t("backToCoverage")}</ButtonLink>}
      />
      <div className="mb-4 flex flex-col gap-2 sm:flex-row sm:items-end">
        <ButtonLink href={dayLink(addDaysIso(view.day, -1))}>{t("previousDay")}</ButtonLink>
        {view.day < view.today && <ButtonLink href={dayLink(addDaysIso(view.day, 1))}>{t("nextDay")}</ButtonLink>}
        <form method="get" className="flex items-end gap-2">
          <TextField label={t("day")} name="day" type="date" defaultValue={view.day} max={view.today} />
          <Button type="submit" variant="secondary">{t("period.show")}</Button>
        </form>
      </div>
      {view.tasks.length === 0 ? (
        <EmptyState title={t("noTasksThatDay")} />
      ) : (
        <DataTable
          caption={t("mentorDayHeading", { name: view.mentor.name, day: view.day })}
          head={[...(view.showClients ? [t("client")] : []), t("reasons"), t("status"), t("figures.attempts"), t("calls")]}
        >
          {view.tasks.map((task) => (
            <tr key={task.id}>
              {view.showClients && (
                <Cell>
                  {task.client ? (
                    <Link href={`/clients/${task.client.id}`} className="text-brand-700 underline">
                      {task.client.firstName} · {task.client.ref}
                    </Link>
                  ) : (
                    <span className="text-slate-500">{t("clientElsewhere")}</span>
                  )}
                </Cell>
              )}
              <Cell>{task.reasons.map((r) => (tr.has(`reasons.${r}`) ? tr(`reasons.${r}`) : r)).join(", ")}</Cell>
              <Cell>
                <Badge tone={task.status === "DONE" ? "green" : task.status === "ESCALATED" ? "red" : "slate"}>{tc(`status.${task.status}`)}</Badge>
              </Cell>
              <Cell>{task.attempts}</Cell>
              <Cell>
                {task.calls.length === 0 ? (
                  "–"
                ) : (
                  <ul className="space-y-0.5">
                    {task.calls.map((c) => (
                      <li key={c.id}>
                        {time(c.at)} · {tc(`dispositions.${c.disposition}`)}
                        {c.corrected && <> ({t("corrected")})</>}
                        {c.byOther && <> ({t("byColleague")})</>}
                      </li>
                    ))}
                  </ul>
                )}
              </Cell>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
