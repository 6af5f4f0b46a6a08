// The programme figure "attendance after a reminder message vs without one": the SQL statement
// (lib/reports/programme-reminder-sql.ts) against its pure twin
// (lib/reports/programme-reminder-rules.ts) on random registers - appointments in every state in
// and around the periods, none to several messages per appointment (appointment reminders, the
// day's reminder, missed-visit messages, in every latest status, on several channels) - for a
// country manager, a site filter and a manager of another country.
import "./timeout";
import { Prisma } from "@/lib/generated/prisma/client";
import { addDaysIso } from "@/lib/calls/calendar";
import { dateOnly } from "@/lib/dates";
import { hasDeliveredReminder, reminderAttendance, reminderRows, type ReminderAppointment } from "@/lib/reports/programme-reminder-rules";
import { reminderAttendanceFiguresSql } from "@/lib/reports/programme-reminder-sql";
import { programmeReport } from "@/lib/reports/queries";
import { resolveFilters } from "@/lib/reports/schemas";
import { actorFor, closeDb, createCountry, createSite, createUser, testDb, uid } from "../factories";
import { rng } from "../random";

afterAll(closeDb);

const D = "2026-10-31";
const A_STATUSES = ["ATTENDED", "ATTENDED", "MISSED", "SCHEDULED", "CANCELLED"] as const;
const M_STATUSES = ["sending", "sent", "delivered", "read", "retry", "failed", "unknown", "cancelled"] as const;

it("a delivered appointment reminder", () => {
  expect(hasDeliveredReminder({ messages: [{ direction: "out", reason: "appointment", status: "delivered" }] })).toBe(true);
  expect(hasDeliveredReminder({ messages: [{ direction: "out", reason: "appointment_day", status: "read" }] })).toBe(true);
  expect(hasDeliveredReminder({ messages: [{ direction: "out", reason: "appointment", status: "sent" }] })).toBe(false);
  expect(hasDeliveredReminder({ messages: [{ direction: "out", reason: "missed", status: "delivered" }] })).toBe(false);
  const rows = reminderRows({ reminded: 4, remindedAttended: 3, notReminded: 0, notRemindedAttended: 0 }, { reminded: 0, remindedAttended: 0, notReminded: 2, notRemindedAttended: 1 });
  expect(rows.find((r) => r.key === "remindedRate")).toMatchObject({ value: 0.75, previous: null });
  expect(rows.find((r) => r.key === "notRemindedRate")).toMatchObject({ value: null, previous: 0.5 });
});

it("attendance after a reminder: SQL and the pure twin agree on random registers", async () => {
  const r = rng(41);
  const country = await createCountry();
  const sites = [await createSite({ countryId: country.id }), await createSite({ countryId: country.id })];
  const mine: (ReminderAppointment & { siteId: string })[] = [];
  const events: Prisma.MessageEventCreateManyInput[] = [];
  for (let n = 0; n < 70; n++) {
    const site = r.pick(sites);
    const c = await testDb().client.create({
      data: {
        ref: `PR-${uid()}${uid()}`, siteId: site.id, firstName: "Re", lastName: `Minder ${uid()}`, dateOfBirth: dateOnly("1991-05-05"),
        category: "OTHER", enrolmentDate: dateOnly("2026-01-05"), preferredLanguage: "en",
      },
      select: { id: true },
    });
    const phone = await testDb().clientPhone.create({ data: { clientId: c.id, number: `+2588${String(r.int(0, 9_999_999)).padStart(7, "0")}`, isPrimary: true }, select: { id: true, number: true } });
    for (let k = r.int(1, 4); k > 0; k--) {
      const date = addDaysIso(D, -r.int(-10, 80));
      const status = r.pick(A_STATUSES);
      const a = await testDb().appointment.create({ data: { clientId: c.id, date: dateOnly(date), kind: "ART_REFILL", status }, select: { id: true } });
      const appt: ReminderAppointment & { siteId: string } = { siteId: site.id, date, status, messages: [] };
      for (let j = r.chance(0.35) ? 0 : r.int(1, 3); j > 0; j--) {
        const reason = r.pick(["appointment", "appointment", "appointment_day", "missed"]);
        const channel = r.pick(["sms", "whatsapp"]);
        const m = await testDb().message.create({
          data: {
            clientId: c.id, phoneId: phone.id, siteId: site.id, direction: "out", channel, reason, reminderKey: `${reason}:${a.id}:${j}`,
            appointmentId: a.id, body: "x", provider: "twilio", number: phone.number, sendAt: new Date(`${addDaysIso(date, -2)}T07:00:00Z`),
          },
          select: { id: true },
        });
        const history = Array.from({ length: r.int(0, 3) }, () => r.pick(M_STATUSES));
        history.forEach((status, i) => events.push({ messageId: m.id, status, attempt: i + 1 }));
        appt.messages.push({ direction: "out", reason, status: history.at(-1) ?? null });
      }
      mine.push(appt);
    }
  }
  await testDb().messageEvent.createMany({ data: events });

  const manager = await actorFor(await createUser("PROGRAMME_MANAGER", { countryId: country.id }));
  const periods = [{ from: "2026-10-01", to: D }, { from: "2026-08-01", to: D }, { from: "2026-09-10", to: "2026-09-10" }];
  for (const period of periods) {
    expect(await reminderAttendanceFiguresSql(testDb(), manager, { period, countryId: null, siteId: null })).toEqual(reminderAttendance(mine, period));
    const one = reminderAttendance(mine.filter((a) => a.siteId === sites[1]!.id), period);
    expect(await reminderAttendanceFiguresSql(testDb(), manager, { period, countryId: null, siteId: sites[1]!.id })).toEqual(one);
  }
  const q = reminderAttendance(mine, periods[1]!);
  expect(q.reminded).toBeGreaterThan(3);
  expect(q.remindedAttended).toBeGreaterThan(0);
  expect(q.remindedAttended).toBeLessThan(q.reminded);
  expect(q.notReminded).toBeGreaterThan(q.notRemindedAttended);

  // In the programme report (page and download) as its own rows.
  const f = resolveFilters({ period: "month", month: "2026-10" }, D);
  const rep = await programmeReport(testDb(), manager, f);
  expect(rep.reminders.current).toEqual(reminderAttendance(mine, f.current));
  expect(rep.rows.filter((x) => x.group === "reminders").map((x) => x.key)).toEqual(["reminded", "remindedAttended", "remindedRate", "notReminded", "notRemindedAttended", "notRemindedRate"]);
  const other = await actorFor(await createUser("PROGRAMME_MANAGER", { countryId: (await createCountry()).id }));
  expect(await reminderAttendanceFiguresSql(testDb(), other, { period: periods[1]!, countryId: null, siteId: null })).toEqual({ reminded: 0, remindedAttended: 0, notReminded: 0, notRemindedAttended: 0 });
});
