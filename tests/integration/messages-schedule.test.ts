// Scheduling reminder messages (lib/messages/schedule.ts) against the real database: the statement
// gives the reminders of lib/messages/rules.ts client by client on random data (convention 11), it
// is idempotent (one message per reminder per phone), it fills in the live template of her language,
// and a reminder that holds keeps the appointment-reminder call off the list, a failed one does not.
import { dateOnly } from "@/lib/dates";
import { countrySettingsSchema } from "@/lib/settings/schemas";
import { addDaysIso } from "@/lib/calls/calendar";
import { dueMessages, type MessageFacts } from "@/lib/messages/rules";
import { dueMessagesSql } from "@/lib/messages/schedule";
import { generateDay } from "@/lib/calls/generate";
import { closeDb, createCountry, createSite, createUser, testDb, uid } from "../factories";
import { rng } from "@/tests/random";
import { approveTemplates } from "../support/message-templates";

const db = () => testDb();
const NAIROBI = "Africa/Nairobi";
const D = "2026-06-10";
const SETTINGS = countrySettingsSchema.parse({ messageAppointmentOnDay: true });
const savedRoutes = process.env.MESSAGING_ROUTES;

afterAll(async () => {
  if (savedRoutes === undefined) delete process.env.MESSAGING_ROUTES;
  else process.env.MESSAGING_ROUTES = savedRoutes;
  await closeDb();
});

async function place(settings: object = {}) {
  const country = await createCountry({ timeZone: NAIROBI, settings: countrySettingsSchema.parse(settings) });
  const site = await createSite({ countryId: country.id, timeZone: NAIROBI });
  return { country, site };
}

describe("the scheduling statement gives the reminders of lib/messages/rules.ts", () => {
  const r = rng(1709);
  let siteId: string;
  let mentorId: string;

  beforeAll(async () => {
    const p = await place({ messageAppointmentOnDay: true });
    siteId = p.site.id;
    mentorId = (await createUser("MENTOR_MOTHER", { siteIds: [siteId] })).id;
    for (let i = 0; i < 250; i++) {
      const art = r.chance(0.8) ? addDaysIso(D, -r.pick([183, 190, 365, 372, 700, r.int(0, 1500)]) + r.int(-8, 8)) : null;
      const copies = r.pick([null, 0, 20, 50, 1000, 5000]);
      const lastVl = copies === null ? null : addDaysIso(D, -r.int(0, 400));
      const c = await db().client.create({
        data: {
          ref: `M-${uid()}${uid()}`, siteId, firstName: "Amara", lastName: `T ${uid()}`, dateOfBirth: dateOnly("1994-04-04"),
          category: "OTHER", enrolmentDate: dateOnly("2024-01-15"), preferredLanguage: r.pick(["en", "pt", "zu"]), consentCalls: true,
          messageLanguage: r.chance(0.2) ? "fr" : null, mentorId,
          status: r.chance(0.1) ? "OPTED_OUT" : "ACTIVE",
          artStartDate: art ? dateOnly(art) : null, lastVlCopies: copies, lastVlDate: lastVl ? dateOnly(lastVl) : null,
        },
      });
      for (let n = r.int(0, 2); n >= 0; n--) {
        const from = r.chance(0.5) ? null : r.pick([0, 360, 480, 540, 600, 1200, 1320]);
        const to = from === null ? null : r.pick([360, 540, 600, 1080, 1320, from]);
        await db().clientPhone.create({
          data: {
            clientId: c.id, number: `+2547${String(r.int(0, 99999999)).padStart(8, "0")}`, isPrimary: n === 0 ? r.chance(0.7) : r.chance(0.3),
            status: r.chance(0.1) ? "WRONG_NUMBER" : "OK", consentSms: r.chance(0.6), consentWhatsapp: r.chance(0.4),
            messagesOptedOutAt: r.chance(0.1) ? new Date() : null, safeFromMinute: from, safeToMinute: to,
          },
        });
      }
      for (let a = r.int(0, 3); a > 0; a--) {
        await db().appointment.create({
          data: { clientId: c.id, date: dateOnly(addDaysIso(D, r.int(-5, 6))), kind: "ART_REFILL", status: r.pick(["SCHEDULED", "SCHEDULED", "MISSED", "ATTENDED", "CANCELLED"]) },
        });
      }
      if (r.chance(0.15)) {
        // reached by a call for some reason on one of the days compared
        const day = addDaysIso(D, r.int(-3, 3));
        const task = await db().callTask.create({
          data: { clientId: c.id, mentorId, taskDate: dateOnly(day), firstDueDate: dateOnly(day), reasons: [r.pick(["appointment", "missed", "vl_due", "adherence"])], priority: 4, status: "DONE" },
        });
        await db().callAttempt.create({
          data: { taskId: task.id, clientId: c.id, mentorId, disposition: "REACHED", idempotencyKey: `m-${uid()}${uid()}`, createdAt: new Date(`${day}T${String(r.int(0, 20)).padStart(2, "0")}:30:00Z`) },
        });
      }
    }
  }, 180_000); // 250 clients with their phones and appointments: minutes on a loaded machine

  async function facts(day: string): Promise<Map<string, MessageFacts>> {
    const rows = await db().client.findMany({
      where: { siteId },
      select: {
        id: true, status: true, artStartDate: true, lastVlCopies: true, lastVlDate: true,
        appointments: { select: { id: true, date: true, status: true } },
        phones: true,
        attempts: { where: { disposition: "REACHED" }, select: { createdAt: true, task: { select: { reasons: true } } } },
      },
    });
    const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
    const local = (d: Date) => new Date(d.getTime() + 3 * 3600_000).toISOString().slice(0, 10);
    return new Map(rows.map((c) => [c.id, {
      status: c.status, artStartDate: iso(c.artStartDate), lastVlCopies: c.lastVlCopies, lastVlDate: iso(c.lastVlDate),
      appointments: c.appointments.map((a) => ({ id: a.id, date: iso(a.date)!, status: a.status })),
      phones: c.phones.map((p) => ({
        id: p.id, isPrimary: p.isPrimary, status: p.status, consentSms: p.consentSms, consentWhatsapp: p.consentWhatsapp,
        optedOut: p.messagesOptedOutAt !== null, safeFromMinute: p.safeFromMinute, safeToMinute: p.safeToMinute,
      })),
      reachedToday: c.attempts.filter((a) => local(a.createdAt) === day).flatMap((a) => a.task.reasons),
    } as MessageFacts]));
  }

  test.each([true, false])("client by client around D (WhatsApp offered: %s)", async (whatsapp) => {
    const seen = new Set<string>();
    let compared = 0;
    for (let n = -3; n <= 3; n++) {
      const day = addDaysIso(D, n);
      const f = await facts(day);
      const want = [...f].flatMap(([id, x]) => dueMessages(x, day, SETTINGS, { whatsapp }).map((m) => ({ clientId: id, ...m })));
      const got = await dueMessagesSql(db(), { day, siteIds: [siteId], settings: SETTINGS, whatsapp });
      const key = (m: { clientId: string; reminderKey: string }) => `${m.clientId} ${m.reminderKey}`;
      const norm = (m: { clientId: string; phoneId: string; channel: string; reason: string; reminderKey: string; appointmentId: string | null; about: string; sendDay: string; sendMinute: number }) =>
        JSON.stringify([m.clientId, m.phoneId, m.channel, m.reason, m.reminderKey, m.appointmentId, m.about, m.sendDay, m.sendMinute]);
      const w = new Map(want.map((m) => [key(m), norm(m)]));
      const g = new Map(got.map((m) => [key(m), norm(m)]));
      for (const k of new Set([...w.keys(), ...g.keys()])) {
        if (w.get(k) !== g.get(k)) throw new Error(`day ${day}: rules ${w.get(k)} vs SQL ${g.get(k)}\nfacts ${JSON.stringify(f.get(k.split(" ")[0]!))}`);
        compared++;
      }
      for (const m of want) seen.add(`${m.reason}:${m.channel}:${m.sendDay === day ? "same" : "next"}:${m.sendMinute === 540 ? "hour" : "window"}`);
    }
    expect(compared).toBeGreaterThan(40);
    // Every reason came up, and moved send times both ways.
    for (const reason of ["appointment", "appointment_day", "missed", "vl_due"]) expect([...seen].some((s) => s.startsWith(reason))).toBe(true);
    expect([...seen].some((s) => s.endsWith(":next:window"))).toBe(true);
    expect([...seen].some((s) => s.endsWith(":same:window"))).toBe(true);
    if (whatsapp) expect([...seen].some((s) => s.includes(":whatsapp:"))).toBe(true);
  }, 180_000);
});

describe("scheduling with the call lists", () => {
  test("one neutral message per reminder per phone at 09:00 site time, idempotent; it keeps the reminder call off; a failed one does not", async () => {
    const { country, site } = await place();
    process.env.MESSAGING_ROUTES = JSON.stringify({ [country.code]: { provider: "twilio", sender: "+15550001111" } });
    await approveTemplates();
    const m = await createUser("MENTOR_MOTHER", { siteIds: [site.id] });
    await db().mentorProfile.update({ where: { userId: m.id }, data: { dailyCapacity: 100, workingDays: [1, 2, 3, 4, 5] } });
    const mk = async (consentSms: boolean, language = "en") => {
      const c = await db().client.create({
        data: {
          ref: `S-${uid()}${uid()}`, siteId: site.id, firstName: "Amara", lastName: `T ${uid()}`, dateOfBirth: dateOnly("1994-04-04"), category: "OTHER",
          enrolmentDate: dateOnly("2024-01-15"), preferredLanguage: language, consentCalls: true, mentorId: m.id, lastReachedAt: new Date("2026-06-01T08:00:00Z"),
          phones: { create: { number: `+2547${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`, consentSms } },
        },
      });
      const a = await db().appointment.create({ data: { clientId: c.id, date: dateOnly(addDaysIso(D, 2)), kind: "ART_REFILL" } });
      return { c, a };
    };
    const withConsent = await mk(true);
    const noConsent = await mk(false);
    const noTemplateLanguage = await mk(true, "xx");
    await generateDay(db(), { day: D, siteIds: [site.id] });
    await generateDay(db(), { day: D, siteIds: [site.id], regenerate: true });
    const msgs = await db().message.findMany({ where: { siteId: site.id } });
    // the client without a template in her language gets the country's default language (en)
    expect(msgs.map((x) => x.clientId).sort()).toEqual([withConsent.c.id, noTemplateLanguage.c.id].sort());
    const mine = msgs.find((x) => x.clientId === withConsent.c.id)!;
    expect(mine.sendAt!.toISOString()).toBe(`${D}T06:00:00.000Z`); // 09:00 in Nairobi
    expect(mine.body).toBe(`A reminder of your visit on ${addDaysIso(D, 2).split("-").reverse().join("/")}. Reply if you need us to call you.`);
    expect(mine.reminderKey).toBe(`appt:${withConsent.a.id}`);
    const tasks = await db().callTask.findMany({ where: { taskDate: dateOnly(D), client: { siteId: site.id } } });
    const reasonsOf = (id: string) => tasks.find((t) => t.clientId === id)?.reasons ?? [];
    expect(reasonsOf(withConsent.c.id)).not.toContain("appointment");
    expect(reasonsOf(noConsent.c.id)).toContain("appointment");
    // The message failed: the next day's list has the call again.
    await db().messageEvent.create({ data: { messageId: mine.id, status: "failed", attempt: 1, error: "rejected" } });
    const next = addDaysIso(D, 1);
    await generateDay(db(), { day: next, siteIds: [site.id] });
    const t2 = await db().callTask.findFirst({ where: { taskDate: dateOnly(next), clientId: withConsent.c.id } });
    expect(t2?.reasons).toContain("appointment");
    expect(await db().message.count({ where: { clientId: withConsent.c.id } })).toBe(1);
  });
});
