// The set-based call-list generator (lib/calls/generate.ts) against the real database: the same
// reasons and priorities as the pure rules (lib/calls/rules.ts) client by client, idempotence,
// carry-over and closing, opt-outs, capacity and roll-over, weekends, holidays, leave, time zones,
// the schedule and a Mentor Mother's first visit of the day.
import { dateOnly } from "@/lib/dates";
import { localDay } from "@/lib/site-clock";
import { countrySettingsSchema, type CountrySettings } from "@/lib/settings/schemas";
import { addDaysIso, addMonthsIso, makeCalendar } from "@/lib/calls/calendar";
import { dueReasons, KIND_PRIORITY, mergeReasons } from "@/lib/calls/rules";
import { dueByClient, generateDay } from "@/lib/calls/generate";
import { explainMyTask, loadRuleFacts } from "@/lib/calls/queries";
import { myQueue } from "@/lib/calls/queue";
import { execute } from "@/lib/action";
import { ensureTodayGenerated, previewCallListsCommand } from "@/lib/calls/commands";
import { runScheduledCallLists } from "@/lib/jobs/call-lists";
import { actorFor, closeDb, createCountry, createSite, createUser, testDb, uid } from "../factories";
import { rng } from "@/tests/random";

afterAll(closeDb);

const NAIROBI = "Africa/Nairobi"; // UTC+3 all year
const SETTINGS: CountrySettings = countrySettingsSchema.parse({});
/** A Wednesday. Monday 2026-06-08 is a public holiday in the test countries. */
const D = "2026-06-10";
const HOLIDAY = "2026-06-08";

const db = () => testDb();
const at = (day: string, hhmm = "09:00", offset = "+03:00") => new Date(`${day}T${hhmm}:00${offset}`);

async function place(opts: { timeZone?: string; holidays?: string[]; settings?: object } = {}) {
  const timeZone = opts.timeZone ?? NAIROBI;
  const country = await createCountry({ timeZone, settings: countrySettingsSchema.parse(opts.settings ?? {}) });
  for (const h of opts.holidays ?? [HOLIDAY]) {
    await db().publicHoliday.create({ data: { countryId: country.id, date: dateOnly(h), name: "Holiday" } });
  }
  const site = await createSite({ countryId: country.id, timeZone });
  return { country, site };
}

async function mentor(siteId: string, over: { capacity?: number; workingDays?: number[] } = {}) {
  const m = await createUser("MENTOR_MOTHER", { siteIds: [siteId] });
  await db().mentorProfile.update({
    where: { userId: m.id },
    data: { dailyCapacity: over.capacity ?? 500, workingDays: over.workingDays ?? [1, 2, 3, 4, 5] },
  });
  return m;
}

type ClientOver = Partial<{
  mentorId: string | null;
  status: "ACTIVE" | "OPTED_OUT" | "EXITED" | "TRANSFERRED_OUT";
  consentCalls: boolean;
  phoneStatus: "OK" | "WRONG_NUMBER";
  enrolmentDate: string;
  artStartDate: string | null;
  category: "PREGNANT" | "POSTNATAL" | "INFANT_CAREGIVER" | "ADOLESCENT" | "PARTNER" | "OTHER";
  breastfeeding: boolean;
  breastfeedingEndDate: string | null;
  lastVlCopies: number | null;
  lastVlDate: string | null;
  lastReachedAt: Date | null;
  firstName: string;
}>;

async function client(siteId: string, over: ClientOver = {}) {
  const d = (s: string | null | undefined) => (s ? dateOnly(s) : null);
  return db().client.create({
    data: {
      ref: `T-${uid()}${uid()}`,
      siteId,
      firstName: over.firstName ?? "Amara",
      lastName: `Test ${uid()}`,
      dateOfBirth: dateOnly("1994-04-04"),
      category: over.category ?? "OTHER",
      enrolmentDate: dateOnly(over.enrolmentDate ?? "2025-01-15"),
      preferredLanguage: "en",
      consentCalls: over.consentCalls ?? true,
      mentorId: over.mentorId === undefined ? null : over.mentorId,
      status: over.status ?? "ACTIVE",
      artStartDate: over.artStartDate === undefined ? null : d(over.artStartDate),
      breastfeeding: over.breastfeeding ?? false,
      breastfeedingEndDate: d(over.breastfeedingEndDate),
      lastVlCopies: over.lastVlCopies ?? null,
      lastVlDate: d(over.lastVlDate),
      lastReachedAt: over.lastReachedAt ?? null,
      phones: { create: { number: `+2547${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`, status: over.phoneStatus ?? "OK" } },
    },
  });
}

async function tasksOn(day: string, siteId: string) {
  return db().callTask.findMany({
    where: { taskDate: dateOnly(day), client: { siteId } },
    orderBy: { clientId: "asc" },
  });
}

// ------------------------------------------------------------------------------------------------
// Consistency with the pure rules.


describe("the generation statement gives the reasons of lib/calls/rules.ts", () => {
  const r = rng(20260610);
  let siteId: string;
  let mentorId: string;
  let eligible: Set<string>;
  let holidays: string[];

  const messagesRng = rng(17);
  const MESSAGE_STATES = [null, "sending", "sent", "delivered", "read", "failed", "unknown", "cancelled"] as const;
  async function reminderMessage(clientId: string, appointmentId: string, latest: (typeof MESSAGE_STATES)[number]) {
    const m = await db().message.create({
      data: {
        clientId, siteId, appointmentId, direction: "out", channel: "sms", reason: messagesRng.pick(["appointment", "appointment_day"]),
        reminderKey: `appt:${appointmentId}:${uid()}`, body: "See you soon", provider: "fake", number: "+254700000000",
      },
    });
    // An earlier state first, so only the latest one decides.
    if (latest !== null) {
      await db().messageEvent.create({ data: { messageId: m.id, status: latest === "failed" ? "delivered" : "failed", attempt: 1 } });
      await db().messageEvent.create({ data: { messageId: m.id, status: latest, attempt: 1 } });
    }
  }

  beforeAll(async () => {
    const p = await place({ holidays: [HOLIDAY, "2026-06-16"] });
    siteId = p.site.id;
    holidays = [HOLIDAY, "2026-06-16"];
    mentorId = (await mentor(siteId)).id;
    eligible = new Set();
    const kinds = ["ART_REFILL", "CLINICAL_REVIEW", "VIRAL_LOAD_TEST", "INFANT_TEST", "ANC_PNC"] as const;
    const statuses = ["SCHEDULED", "SCHEDULED", "ATTENDED", "MISSED", "CANCELLED", "RESCHEDULED"] as const;
    const copiesSet = [null, 0, 20, 49, 50, 51, 999, 1000, 1001, 50000] as const;

    for (let i = 0; i < 200; i++) {
      // Mostly eligible; the rest are the ways a client gets no tasks.
      const kind = r.int(0, 19);
      const over: ClientOver = { mentorId };
      if (kind === 0) over.status = r.pick(["OPTED_OUT", "EXITED", "TRANSFERRED_OUT"] as const);
      if (kind === 1) over.consentCalls = false;
      if (kind === 2) over.phoneStatus = "WRONG_NUMBER";
      if (kind === 3) over.mentorId = null;
      over.enrolmentDate = addDaysIso(D, -r.int(-3, 420));
      over.category = r.pick(["PREGNANT", "POSTNATAL", "INFANT_CAREGIVER", "ADOLESCENT", "PARTNER", "OTHER"] as const);
      over.breastfeeding = r.chance(0.3);
      if (r.chance(0.85)) {
        // ART start near the boundaries that matter: 3 months (weekly adherence), 6 and 12 months
        // (viral-load tests), or anywhere in the last years.
        const anchor = r.pick([3, 6, 12, 24, 0]);
        over.artStartDate = anchor ? addDaysIso(addDaysIso(D, 0), -(anchor * 30 + r.int(-12, 12))) : addDaysIso(D, -r.int(0, 2000));
      } else {
        over.artStartDate = null;
      }
      const copies = r.pick(copiesSet);
      over.lastVlCopies = copies;
      over.lastVlDate = copies === null ? null : addDaysIso(D, -r.int(0, 500));
      if (over.lastVlDate && over.artStartDate && over.lastVlDate < over.artStartDate) over.lastVlDate = over.artStartDate;
      if (r.chance(0.15)) over.breastfeedingEndDate = addDaysIso(D, -r.int(0, 90));
      if (r.chance(0.6)) {
        // Any hour: 21:00-23:59 UTC is already the next day in Nairobi.
        const day = addDaysIso(D, -r.int(0, 60));
        over.lastReachedAt = new Date(`${day}T${String(r.int(0, 23)).padStart(2, "0")}:${String(r.int(0, 59)).padStart(2, "0")}:00Z`);
      }
      const c = await client(siteId, over);
      if (kind > 3) eligible.add(c.id);

      if (copies !== null && over.lastVlDate && r.chance(0.8)) {
        // The latest row matches clients.last_vl_*; sometimes an older one too.
        await db().viralLoadResult.create({
          data: { clientId: c.id, sampleDate: dateOnly(over.lastVlDate), resultDate: dateOnly(addDaysIso(over.lastVlDate, r.int(2, 20))), copies },
        });
        if (r.chance(0.3)) {
          const older = addDaysIso(over.lastVlDate, -r.int(60, 200));
          await db().viralLoadResult.create({ data: { clientId: c.id, sampleDate: dateOnly(older), resultDate: dateOnly(addDaysIso(older, 9)), copies: 0 } });
        }
      }
      for (let a = r.int(0, 3); a > 0; a--) {
        const status = r.pick(statuses);
        const appt = await db().appointment.create({
          data: {
            clientId: c.id, date: dateOnly(addDaysIso(D, r.int(-60, 10))), kind: r.pick(kinds), status,
            // Some missed ones were dealt with by a tracing outcome.
            resolvedAt: status === "MISSED" && r.chance(0.3) ? new Date() : null,
          },
        });
        // A reminder message about some of them (issue 17), in every state: one that holds (waiting,
        // on its way, delivered) keeps the reminder call off the list. Its own generator, so the
        // data above stay the same as before messages existed.
        if (messagesRng.chance(0.4)) await reminderMessage(c.id, appt.id, messagesRng.pick(MESSAGE_STATES));
      }
      // A reply to a reminder asks for a call like a callback, from the day it came.
      if (messagesRng.chance(0.15)) {
        const replyDay = addDaysIso(D, messagesRng.int(-10, 2));
        await db().message.create({
          data: {
            clientId: c.id, siteId, direction: "in", channel: "sms", reason: "reply", body: "Call me", provider: "fake", number: "+254700000000",
            createdAt: new Date(`${replyDay}T${String(messagesRng.int(0, 23)).padStart(2, "0")}:15:00Z`),
          },
        });
      }
      for (let n = r.chance(0.35) ? r.int(1, 2) : 0; n > 0; n--) {
        const weeks = r.pick([6, 39, 78]);
        await db().infant.create({ data: { clientId: c.id, dateOfBirth: dateOnly(addDaysIso(D, -(weeks * 7) + r.int(-35, 12))) } });
      }
      const callbacks = r.chance(0.2) ? r.int(1, 2) : 0;
      if (callbacks) {
        // call_attempts is append-only and needs a task: a finished task of an earlier day.
        const task = await db().callTask.create({
          data: { clientId: c.id, mentorId, taskDate: dateOnly(addDaysIso(D, -30)), firstDueDate: dateOnly(addDaysIso(D, -30)),
            reasons: ["adherence"], priority: 8, status: "DONE", attempts: callbacks },
        });
        for (let n = 0; n < callbacks; n++) {
          const cbDay = addDaysIso(D, r.int(-10, 2));
          await db().callAttempt.create({
            data: {
              taskId: task.id, clientId: c.id, mentorId, disposition: "CALLBACK_REQUESTED", idempotencyKey: `t-${uid()}${uid()}${n}`,
              callbackAt: new Date(`${cbDay}T${String(r.int(0, 23)).padStart(2, "0")}:30:00Z`),
            },
          });
        }
      }
    }
    await boundaryClients();
  }, 180_000); // hundreds of clients with their rows: minutes on a loaded machine

  /** Clients whose dates sit on the rules' boundaries (a day either side), so that an
   * off-by-one in the statement shows on one of the days compared. */
  async function boundaryClients() {
    const reachedAt = (day: string) => new Date(`${day}T07:00:00Z`);
    for (let j = 0; j < 200; j++) {
      const over: ClientOver = { mentorId, enrolmentDate: addDaysIso(D, -500), lastReachedAt: reachedAt(addDaysIso(D, -r.int(1, 10))) };
      let vlRow: { sample: string; result: string; copies: number } | null = null;
      const appts: { date: string; kind: "ART_REFILL" | "INFANT_TEST"; status: "SCHEDULED" | "ATTENDED" | "MISSED"; resolved?: boolean }[] = [];
      const infants: string[] = [];
      switch (j % 10) {
        case 0: // first viral-load test (6 months after ART start), no sample yet
          over.artStartDate = addDaysIso(addMonthsIso(D, -6), r.int(-9, 9));
          over.lastReachedAt = reachedAt(addDaysIso(D, -r.int(0, 12)));
          break;
        case 1: { // second test at 12 months; a sample near "6 (or 12) months - 30 days" decides which
          const art = addDaysIso(addMonthsIso(D, -12), r.int(-9, 9));
          over.artStartDate = art;
          over.lastVlCopies = r.pick([0, 49]);
          over.lastVlDate = addDaysIso(addMonthsIso(art, r.pick([6, 12])), -30 + r.int(-1, 1));
          over.lastReachedAt = reachedAt(addDaysIso(D, -r.int(0, 12)));
          break;
        }
        case 2: { // not suppressed: EAC from the result, repeat test 3 months after the sample
          over.artStartDate = "2023-01-01";
          const copies = r.pick([49, 50, 1000, 1001]);
          const sample = addDaysIso(addMonthsIso(D, -3), r.int(-9, 9));
          over.lastVlCopies = copies;
          over.lastVlDate = sample;
          const result = addDaysIso(sample, 5);
          vlRow = { sample, result, copies };
          // Reached just before, on or after the result; or some days before D.
          over.lastReachedAt = reachedAt(r.chance(0.6) ? addDaysIso(result, r.int(-1, 1)) : addDaysIso(D, r.int(-15, 1)));
          break;
        }
        case 3: // new on ART (weekly) or not, a week or so after the last reach
          over.artStartDate = addDaysIso(addMonthsIso(D, -3), r.int(-4, 4));
          over.lastReachedAt = reachedAt(addDaysIso(D, -7 + r.int(-3, 3)));
          break;
        case 4: { // appointment reminders across the weekend and the holiday; missed ones
          over.lastReachedAt = reachedAt(addDaysIso(D, -r.int(0, 6)));
          const date = addDaysIso(D, r.int(-6, 8));
          appts.push({ date, kind: "ART_REFILL", status: r.pick(["SCHEDULED", "SCHEDULED", "MISSED"] as const) });
          if (r.chance(0.3)) appts.push({ date: addDaysIso(date, r.int(-1, 2)), kind: "ART_REFILL", status: "ATTENDED" });
          break;
        }
        case 5: { // infant tests at the edges of their windows, some already done
          const weeks = r.pick([6, 39, 78]);
          const due = addDaysIso(D, r.pick([-28, -29, 7, 8, 0]) + r.int(-3, 3));
          infants.push(addDaysIso(due, -weeks * 7));
          over.lastReachedAt = r.chance(0.5) ? null : reachedAt(addDaysIso(due, -7 + r.int(-2, 2)));
          if (r.chance(0.4)) appts.push({ date: addDaysIso(due, -14 + r.int(-1, 1)), kind: "INFANT_TEST", status: "ATTENDED" });
          break;
        }
        case 6: { // no attendance recorded: visit check until lostToFollowUpAfterDays, then missed; a reach never closes it
          const date = addDaysIso(D, -SETTINGS.lostToFollowUpAfterDays + r.int(-8, 8));
          appts.push({ date, kind: "ART_REFILL", status: r.pick(["SCHEDULED", "SCHEDULED", "MISSED"] as const), resolved: r.chance(0.3) });
          over.lastReachedAt = reachedAt(addDaysIso(date, r.int(0, 3)));
          break;
        }
        case 7: // the welcome call around the promised day (2 working days), across the weekend and the holiday
          over.enrolmentDate = addDaysIso(D, r.int(-6, 3));
          over.lastReachedAt = r.chance(0.85) ? null : reachedAt(addDaysIso(D, -r.int(0, 3)));
          break;
        case 8: { // the first EAC call around its promised day (7 days high, 14 days low), not reached since the result
          over.artStartDate = "2023-01-01";
          const copies = r.pick([300, 5000]);
          const result = addDaysIso(D, -(copies > 1000 ? 7 : 14) + r.int(-8, 8));
          over.lastVlCopies = copies;
          over.lastVlDate = addDaysIso(result, -5);
          vlRow = { sample: over.lastVlDate, result, copies };
          over.lastReachedAt = r.chance(0.8) ? reachedAt(addDaysIso(result, -r.int(1, 20))) : reachedAt(addDaysIso(result, r.int(0, 5)));
          break;
        }
        case 9: { // an overdue viral-load test: episodes every 28 days, some answered by a reach
          const months = r.pick([6, 7, 9, 14, 20]);
          over.artStartDate = addDaysIso(addMonthsIso(D, -months), r.int(-20, 20));
          over.lastReachedAt = r.chance(0.5) ? reachedAt(addDaysIso(D, -r.int(0, 40))) : null;
          over.enrolmentDate = addDaysIso(D, -600);
          break;
        }
      }
      const c = await client(siteId, over);
      eligible.add(c.id);
      if (vlRow) {
        await db().viralLoadResult.create({
          data: { clientId: c.id, sampleDate: dateOnly(vlRow.sample), resultDate: dateOnly(vlRow.result), copies: vlRow.copies },
        });
      }
      for (const a of appts) {
        await db().appointment.create({
          data: { clientId: c.id, date: dateOnly(a.date), kind: a.kind, status: a.status, resolvedAt: a.resolved ? new Date() : null },
        });
      }
      for (const dob of infants) await db().infant.create({ data: { clientId: c.id, dateOfBirth: dateOnly(dob) } });
    }
  }

  async function expected(day: string) {
    const cal = makeCalendar({ weekendDays: SETTINGS.weekendDays, holidays });
    const facts = await loadRuleFacts(db(), [...eligible]);
    const out = new Map<string, { reasons: string[]; priority: number; firstDue: string }>();
    for (const [id, f] of facts) {
      const m = mergeReasons(dueReasons(f, day, SETTINGS, cal));
      if (m) out.set(id, { reasons: m.reasons, priority: m.priority, firstDue: m.firstDueDate });
    }
    return { out, facts };
  }

  test("client by client, on working days, weekends and holidays around D", async () => {
    let compared = 0;
    const kindsSeen = new Set<string>();
    const raised = new Set<string>();
    for (let n = -5; n <= 7; n++) {
      const day = addDaysIso(D, n);
      const { out, facts } = await expected(day);
      const rows = await dueByClient(db(), { day, siteIds: [siteId], holidays, settings: SETTINGS });
      const actual = new Map(rows.map((x) => [x.clientId, { reasons: x.reasons, priority: x.priority, firstDue: x.firstDue }]));
      const ids = new Set([...out.keys(), ...actual.keys()]);
      for (const id of ids) {
        const want = out.get(id) ?? null;
        const got = actual.get(id) ?? null;
        if (JSON.stringify(want) !== JSON.stringify(got)) {
          throw new Error(`day ${day}, client ${id}: rules ${JSON.stringify(want)} vs SQL ${JSON.stringify(got)}\nfacts ${JSON.stringify(facts.get(id))}`);
        }
        for (const k of want?.reasons ?? []) kindsSeen.add(k);
        // Reasons raised above their own level: a late promise (welcome, first EAC call), an overdue test.
        const f = facts.get(id);
        if (f) {
          for (const x of dueReasons(f, day, SETTINGS, makeCalendar({ weekendDays: SETTINGS.weekendDays, holidays }))) {
            if (x.priority !== KIND_PRIORITY[x.kind] && x.kind !== "adherence") raised.add(`${x.kind}:${x.priority}`);
          }
        }
        compared++;
      }
      // Ineligible clients never appear.
      for (const id of actual.keys()) expect(eligible.has(id)).toBe(true);
    }
    expect(compared).toBeGreaterThan(1000);
    // The data exercise every kind: all eleven must have come up (a reply to a reminder included), and every raise.
    expect([...kindsSeen].sort()).toEqual(
      ["adherence", "appointment", "callback", "eac_high", "eac_low", "infant_test", "missed", "reply", "visit_check", "vl_due", "welcome"],
    );
    expect([...raised].sort()).toEqual(["eac_high:1", "eac_low:1", "vl_due:5", "welcome:1"]);
  }, 180_000);

  test("the tasks written on D carry exactly those reasons, priorities and first due dates", async () => {
    const result = await generateDay(db(), { day: D, siteIds: [siteId] });
    const { out } = await expected(D);
    const rows = await tasksOn(D, siteId);
    expect(rows.length).toBe(out.size);
    expect(result.tasks).toBe(out.size);
    for (const t of rows) {
      expect(t.mentorId).toBe(mentorId);
      expect(t.status).toBe("PENDING");
      expect({ reasons: t.reasons, priority: t.priority, firstDue: t.firstDueDate.toISOString().slice(0, 10) }).toEqual(out.get(t.clientId));
    }
    // Per-kind counts: each task counted under each of its reasons.
    const perKind: Record<string, number> = {};
    for (const t of rows) for (const k of t.reasons) perKind[k] = (perKind[k] ?? 0) + 1;
    for (const [k, n] of Object.entries(result.created)) expect(n).toBe(perKind[k] ?? 0);
  });
});

// ------------------------------------------------------------------------------------------------
// Behaviour of a run.

describe("generateDay", () => {
  test("running the same day twice gives the same tasks", async () => {
    const { site } = await place();
    const m = await mentor(site.id, { capacity: 3 });
    for (let i = 0; i < 5; i++) await client(site.id, { mentorId: m.id, enrolmentDate: addDaysIso(D, -i) });
    const first = await generateDay(db(), { day: D, siteIds: [site.id] });
    const rows1 = await tasksOn(D, site.id);
    const second = await generateDay(db(), { day: D, siteIds: [site.id] });
    const rows2 = await tasksOn(D, site.id);
    expect(first.tasks).toBe(3);
    expect(second.tasks).toBe(0);
    expect(second.kept).toBe(3);
    expect(rows2).toEqual(rows1);
    const run = await db().callListRun.findUniqueOrThrow({ where: { siteId_day: { siteId: site.id, day: dateOnly(D) } } });
    expect(run.created).toBe(3);
    expect(run.kept).toBe(3);
  });

  test("carry-over: a reason still due moves the open task to D; a reason gone closes it", async () => {
    const { site } = await place();
    const m = await mentor(site.id);
    const yesterday = addDaysIso(D, -1);
    const still = await client(site.id, { mentorId: m.id, enrolmentDate: addDaysIso(D, -20) }); // welcome, never reached
    const answered = await client(site.id, { mentorId: m.id, enrolmentDate: addDaysIso(D, -20) });
    const optedOut = await client(site.id, { mentorId: m.id, enrolmentDate: addDaysIso(D, -20) });
    const claimed = await client(site.id, { mentorId: m.id, enrolmentDate: addDaysIso(D, -20) });
    const done = await client(site.id, { mentorId: m.id, enrolmentDate: addDaysIso(D, -20) });
    const mk = (clientId: string, status: "PENDING" | "CLAIMED" | "RETRY_LATER" | "DONE", firstDue: string) =>
      db().callTask.create({
        data: { clientId, mentorId: m.id, taskDate: dateOnly(yesterday), firstDueDate: dateOnly(firstDue), reasons: ["welcome"], priority: 5, status },
      });
    const tStill = await mk(still.id, "RETRY_LATER", addDaysIso(D, -25)); // older than the reason's own start
    const tAnswered = await mk(answered.id, "PENDING", addDaysIso(D, -20));
    const tOpted = await mk(optedOut.id, "PENDING", addDaysIso(D, -20));
    const tClaimed = await mk(claimed.id, "CLAIMED", addDaysIso(D, -20));
    const tDone = await mk(done.id, "DONE", addDaysIso(D, -20));
    // Since yesterday: one was reached, one opted out.
    await db().client.update({ where: { id: answered.id }, data: { lastReachedAt: at(yesterday, "16:00") } });
    await db().client.update({ where: { id: optedOut.id }, data: { status: "OPTED_OUT" } });

    const result = await generateDay(db(), { day: D, siteIds: [site.id] });
    expect(result.carried).toBe(2);
    expect(result.closed).toBe(2);
    const status = async (id: string) => (await db().callTask.findUniqueOrThrow({ where: { id } })).status;
    expect(await status(tStill.id)).toBe("CARRIED_OVER");
    expect(await status(tClaimed.id)).toBe("CARRIED_OVER");
    expect(await status(tAnswered.id)).toBe("CANCELLED");
    expect(await status(tOpted.id)).toBe("CANCELLED");
    expect(await status(tDone.id)).toBe("DONE"); // finished tasks are never touched

    const today = await tasksOn(D, site.id);
    const byClient = new Map(today.map((t) => [t.clientId, t]));
    expect([...byClient.keys()].sort()).toEqual([still.id, claimed.id, done.id].sort());
    // The waiting time survives the carry-over.
    expect(byClient.get(still.id)!.firstDueDate.toISOString().slice(0, 10)).toBe(addDaysIso(D, -25));
    expect(byClient.get(done.id)!.firstDueDate.toISOString().slice(0, 10)).toBe(addDaysIso(D, -20));

    // A second run changes nothing (the old tasks are no longer open).
    const again = await generateDay(db(), { day: D, siteIds: [site.id] });
    expect([again.tasks, again.carried, again.closed]).toEqual([0, 0, 0]);
  });

  test("opt-outs, exits, no consent, no working phone and no Mentor Mother get no tasks", async () => {
    const { site } = await place();
    const m = await mentor(site.id);
    const base = { mentorId: m.id, enrolmentDate: addDaysIso(D, -3) };
    const ok = await client(site.id, base);
    await client(site.id, { ...base, status: "OPTED_OUT" });
    await client(site.id, { ...base, status: "EXITED" });
    await client(site.id, { ...base, status: "TRANSFERRED_OUT" });
    await client(site.id, { ...base, consentCalls: false });
    await client(site.id, { ...base, phoneStatus: "WRONG_NUMBER" });
    await client(site.id, { ...base, mentorId: null });
    await generateDay(db(), { day: D, siteIds: [site.id] });
    expect((await tasksOn(D, site.id)).map((t) => t.clientId)).toEqual([ok.id]);
  });

  test("capacity: only what fits today, the rest on the next working day with the same priority", async () => {
    // A promise of 10 working days keeps the welcome calls at their own level all week.
    const { site } = await place({ settings: { welcomeWithinWorkingDays: 10 } });
    const m = await mentor(site.id, { capacity: 3 });
    const friday = "2026-06-12";
    const monday = "2026-06-15";
    // Five welcome calls (priority 5) and one missed appointment (priority 1).
    const welcome = [];
    for (let i = 0; i < 5; i++) welcome.push(await client(site.id, { mentorId: m.id, enrolmentDate: addDaysIso(friday, -2) }));
    const missed = await client(site.id, { mentorId: m.id, enrolmentDate: "2025-01-01", lastReachedAt: at("2025-01-02") });
    await db().appointment.create({ data: { clientId: missed.id, date: dateOnly(addDaysIso(friday, -3)), kind: "ART_REFILL", status: "MISSED" } });

    await generateDay(db(), { day: friday, siteIds: [site.id] });
    const fri = await tasksOn(friday, site.id);
    expect(fri).toHaveLength(3);
    const order = [...welcome.map((c) => c.id)].sort(); // never reached: ties broken by client id
    expect(new Set(fri.map((t) => t.clientId))).toEqual(new Set([missed.id, order[0], order[1]]));
    expect(fri.find((t) => t.clientId === missed.id)!.priority).toBe(1);

    // Friday's calls are made; the weekend has no lists.
    for (const t of fri) {
      await db().callTask.update({ where: { id: t.id }, data: { status: "DONE", attempts: 1 } });
      await db().client.update({ where: { id: t.clientId }, data: { lastReachedAt: at(friday, "11:00") } });
    }
    // The call about the missed appointment booked a new date (a reach alone would not deal with it).
    await db().appointment.updateMany({ where: { clientId: missed.id, status: "MISSED" }, data: { status: "RESCHEDULED" } });
    const sat = await generateDay(db(), { day: "2026-06-13", siteIds: [site.id] });
    expect(sat.sites[0]!.workingDay).toBe(false);
    expect(await tasksOn("2026-06-13", site.id)).toHaveLength(0);

    await generateDay(db(), { day: monday, siteIds: [site.id] });
    const mon = await tasksOn(monday, site.id);
    expect(new Set(mon.map((t) => t.clientId))).toEqual(new Set([order[2], order[3], order[4]]));
    for (const t of mon) {
      expect(t.priority).toBe(5);
      expect(t.reasons).toEqual(["welcome"]);
      expect(t.firstDueDate.toISOString().slice(0, 10)).toBe(addDaysIso(friday, -2));
    }
  });

  test("no lists on a public holiday, nor for a Mentor Mother on leave or off that weekday", async () => {
    const { site } = await place();
    const onLeave = await mentor(site.id);
    const partTime = await mentor(site.id, { workingDays: [1, 2] }); // Monday and Tuesday
    const working = await mentor(site.id);
    await db().mentorLeave.create({ data: { userId: onLeave.id, startDate: dateOnly(addDaysIso(D, -1)), endDate: dateOnly(addDaysIso(D, 2)) } });
    for (const m of [onLeave, partTime, working]) await client(site.id, { mentorId: m.id, enrolmentDate: addDaysIso(HOLIDAY, -5) });

    const holiday = await generateDay(db(), { day: HOLIDAY, siteIds: [site.id] });
    expect(holiday.tasks).toBe(0);
    expect(holiday.sites[0]!.workingDay).toBe(false);
    // The holiday still counts as generated (no list is the list).
    expect(await db().callListRun.count({ where: { siteId: site.id, day: dateOnly(HOLIDAY) } })).toBe(1);

    await generateDay(db(), { day: D, siteIds: [site.id] }); // a Wednesday
    expect((await tasksOn(D, site.id)).map((t) => t.mentorId)).toEqual([working.id]);
  });

  test("a weekend is not a working day, with the country's own weekend days", async () => {
    // A country that works Saturdays and rests on Friday and Sunday.
    const { site } = await place({ settings: { weekendDays: [5, 7] }, holidays: [] });
    const m = await mentor(site.id, { workingDays: [1, 2, 3, 4, 5, 6, 7] });
    await client(site.id, { mentorId: m.id, enrolmentDate: "2026-06-01" });
    const fri = await generateDay(db(), { day: "2026-06-12", siteIds: [site.id] });
    expect(fri.tasks).toBe(0);
    const sat = await generateDay(db(), { day: "2026-06-13", siteIds: [site.id] });
    expect(sat.tasks).toBe(1);
  });
});

// ------------------------------------------------------------------------------------------------
// Time zones, the schedule, the first visit of the day.

describe("the site's own day", () => {
  // 21:30 UTC on Tuesday 9 June is 00:30 on Wednesday 10 June in Nairobi.
  const instant = new Date("2026-06-09T21:30:00Z");

  test("a site at UTC+3 generating at 00:30 local time generates its local date", async () => {
    expect(localDay(NAIROBI, instant)).toBe(D);
    const { site } = await place();
    const m = await mentor(site.id);
    // Asked for a callback at 00:10 local on Wednesday (21:10 UTC on Tuesday): due on Wednesday,
    // not on Tuesday; reached at 23:50 local on Tuesday (20:50 UTC).
    const c = await client(site.id, { mentorId: m.id, enrolmentDate: "2026-01-05", lastReachedAt: new Date("2026-06-09T20:50:00Z") });
    const task = await db().callTask.create({
      data: { clientId: c.id, mentorId: m.id, taskDate: dateOnly("2026-06-09"), firstDueDate: dateOnly("2026-06-09"), reasons: ["welcome"], priority: 5, status: "DONE", attempts: 1 },
    });
    await db().callAttempt.create({
      data: { taskId: task.id, clientId: c.id, mentorId: m.id, disposition: "CALLBACK_REQUESTED", idempotencyKey: `tz-${uid()}${uid()}`, callbackAt: new Date("2026-06-09T21:10:00Z") },
    });

    const tick = await runScheduledCallLists(db(), instant, { siteIds: [site.id] });
    expect(tick.sites.map((s) => [s.siteId, s.day])).toEqual([[site.id, D]]);
    const rows = await tasksOn(D, site.id);
    expect(rows.map((t) => [t.clientId, t.reasons, t.firstDueDate.toISOString().slice(0, 10)])).toEqual([[c.id, ["callback"], D]]);
    expect(await db().callTask.count({ where: { clientId: c.id, taskDate: dateOnly("2026-06-09"), status: "PENDING" } })).toBe(0);

    // The next tick finds the day done.
    const again = await runScheduledCallLists(db(), new Date(instant.getTime() + 15 * 60_000), { siteIds: [site.id] });
    expect(again.sites).toEqual([]);
  });

  test("the schedule waits for 00:15 local time, and catches up a day whose run was missed", async () => {
    const { site: nairobi } = await place();
    const { site: accra } = await place({ timeZone: "Africa/Accra" }); // UTC+0: 21:30 on Tuesday
    await mentor(nairobi.id);
    // Accra's Tuesday was generated shortly after its midnight.
    await db().callListRun.create({ data: { siteId: accra.id, day: dateOnly("2026-06-09") } });
    const early = await runScheduledCallLists(db(), new Date("2026-06-09T21:10:00Z"), { siteIds: [nairobi.id, accra.id] });
    expect(early.sites).toEqual([]); // 00:10 in Nairobi; Accra's day is done
    const tick = await runScheduledCallLists(db(), instant, { siteIds: [nairobi.id, accra.id] });
    expect(tick.sites.map((s) => s.siteId)).toEqual([nairobi.id]);
    // A site whose run was missed (worker down at midnight) is generated by the next tick.
    const { site: late } = await place({ timeZone: "Africa/Accra" });
    const catchUp = await runScheduledCallLists(db(), instant, { siteIds: [late.id] });
    expect(catchUp.sites.map((s) => [s.siteId, s.day])).toEqual([[late.id, "2026-06-09"]]);
    const audit = await db().auditEvent.findMany({ where: { entityId: nairobi.id, action: "calls.generate" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.meta).toMatchObject({ day: D, trigger: "schedule" });
  });

  test("a Mentor Mother opening her queue before the job ran gets her list on the spot, once", async () => {
    const { site } = await place();
    const m = await mentor(site.id);
    const c = await client(site.id, { mentorId: m.id, enrolmentDate: "2026-06-01", firstName: "Zawadi" });
    const actor = await actorFor(m);

    // Two of her colleagues' requests at once: one run, one set of tasks.
    const [a, b] = await Promise.all([ensureTodayGenerated(db(), actor, instant), ensureTodayGenerated(db(), actor, instant)]);
    expect(a.generated.length + b.generated.length).toBe(1);
    expect(await db().callTask.count({ where: { clientId: c.id, taskDate: dateOnly(D) } })).toBe(1);
    const third = await ensureTodayGenerated(db(), actor, instant);
    expect(third).toEqual({ day: D, generated: [] });

    const myDay = await myQueue(db(), actor, { now: instant });
    expect(myDay.day).toBe(D);
    expect(myDay.worksToday).toBe(true);
    expect(myDay.items).toHaveLength(1);
    // Enrolled nine days ago and promised a welcome call within 2 working days: at the top level now.
    expect(myDay.items[0]).toMatchObject({ firstName: "Zawadi", reasons: ["welcome"], priority: 1 });
    const task = await db().callTask.findUniqueOrThrow({ where: { id: myDay.items[0]!.id } });
    expect(task.clientId).toBe(c.id);
    // Due since her enrolment nine days ago, then why.
    expect((await explainMyTask(db(), actor, task.id, instant)).explanation).toEqual([
      { key: "waiting", params: { days: 9, date: dateOnly("2026-06-01") } },
      { key: "welcome", params: { date: dateOnly("2026-06-01") } },
      { key: "deadline", params: { kind: "welcome", deadline: dateOnly("2026-06-03") } },
    ]);
    const audit = await db().auditEvent.findMany({ where: { entityId: site.id, action: "calls.generate" } });
    expect(audit.map((e) => [e.actorId, (e.meta as { trigger: string }).trigger])).toEqual([[m.id, "queue"]]);
  });
});

// ------------------------------------------------------------------------------------------------
// The administrators' preview.

describe("previewCallListsCommand", () => {
  test("shows a day's lists with other settings and writes nothing but its audit row", async () => {
    // A promise of 10 working days keeps the three welcome calls at one level.
    const { site } = await place({ settings: { welcomeWithinWorkingDays: 10 } });
    const m = await mentor(site.id, { capacity: 2 });
    const other = await mentor(site.id, { workingDays: [1] }); // not on Wednesdays
    for (let i = 0; i < 3; i++) await client(site.id, { mentorId: m.id, enrolmentDate: addDaysIso(D, -i), firstName: `C${i}` });
    await client(site.id, { mentorId: other.id, enrolmentDate: addDaysIso(D, -1) });
    // An appointment three days after D: a reminder only with appointmentReminderDaysBefore >= 3.
    const withAppt = await client(site.id, { mentorId: m.id, enrolmentDate: "2025-01-01", lastReachedAt: at(addDaysIso(D, -3)) });
    await db().appointment.create({ data: { clientId: withAppt.id, date: dateOnly(addDaysIso(D, 3)), kind: "ART_REFILL" } });
    const admin = await actorFor(await createUser("ADMIN"));
    const tasksBefore = await db().callTask.count();

    const plain = await execute(db(), previewCallListsCommand, admin, { siteId: site.id, day: D });
    expect(plain.ok).toBe(true);
    if (!plain.ok) return;
    expect(plain.data.workingDay).toBe(true);
    expect(plain.data.total).toBe(2);
    const mm = plain.data.mentors.find((x) => x.id === m.id)!;
    // Never reached, same priority: in client-id order, two of her three welcome calls.
    expect(mm.tasks).toHaveLength(2);
    for (const t of mm.tasks) expect(t).toMatchObject({ reasons: ["welcome"], priority: 5 });
    expect(mm).toMatchObject({ total: 2, capacity: 2, worksDay: true });
    expect(plain.data.mentors.find((x) => x.id === other.id)).toMatchObject({ total: 0, worksDay: false });

    const tried = await execute(db(), previewCallListsCommand, admin, {
      siteId: site.id, day: D, overrides: { appointmentReminderDaysBefore: "3", vlHighAbove: "" },
    });
    expect(tried.ok && tried.data.overridden).toEqual(["appointmentReminderDaysBefore"]);
    expect(tried.ok && tried.data.mentors.find((x) => x.id === m.id)!.tasks[0]!.clientId).toBe(withAppt.id);

    // Nothing generated was kept.
    expect(await db().callTask.count()).toBe(tasksBefore);
    expect(await db().callListRun.count({ where: { siteId: site.id } })).toBe(0);
    const audit = await db().auditEvent.findMany({ where: { entityId: site.id, action: "calls.preview" } });
    expect(audit).toHaveLength(2);
    expect(audit[1]!.meta).toEqual({ day: D, overridden: ["appointmentReminderDaysBefore"], tasks: 2 });

    // A value the country's settings would refuse is refused on its field.
    const bad = await execute(db(), previewCallListsCommand, admin, { siteId: site.id, day: D, overrides: { appointmentReminderDaysBefore: "99" } });
    expect(bad).toEqual({ ok: false, error: { code: "VALIDATION", message: "correctFields", fieldErrors: { "overrides.appointmentReminderDaysBefore": ["tooBig|14"] } } });
    // Only administrators.
    const mentorActor = await actorFor(m);
    expect(await execute(db(), previewCallListsCommand, mentorActor, { siteId: site.id })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });
});
