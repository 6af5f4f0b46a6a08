// The reports' client-level call figures: the SQL statement (lib/reports/call-sql.ts) against its
// pure twin (lib/reports/call-rules.ts) on random call histories - tasks in every state, calls around
// the sites' midnights (two time zones), corrections, missed appointments with calls before and after
// them, tracing outcomes, opt-outs - for a country manager, a site filter and a supervisor.
import "./timeout";
import { Prisma } from "@/lib/generated/prisma/client";
import { addDaysIso } from "@/lib/calls/calendar";
import { dateOnly } from "@/lib/dates";
import type { Disposition } from "@/lib/calls/state-machine";
import type { TaskStatus } from "@/lib/calls/task-status";
import { COVERAGE_DISPOSITIONS } from "@/lib/coverage/definitions";
import { callClientFigures, median, TRACING_OUTCOMES, type CallClient } from "@/lib/reports/call-rules";
import { callClientFiguresSql } from "@/lib/reports/call-sql";
import { actorFor, closeDb, createCountry, createSite, createUser, testDb, uid } from "../factories";
import { rng } from "../random";

afterAll(closeDb);

const D = "2026-07-20";
const STATUSES: TaskStatus[] = ["PENDING", "DONE", "DONE", "ESCALATED", "CANCELLED", "CANCELLED", "CARRIED_OVER", "RETRY_LATER"];
const CLIENT_STATUSES = ["ACTIVE", "ACTIVE", "ACTIVE", "OPTED_OUT", "OPTED_OUT", "DIED"] as const;
const APPOINTMENT_STATUSES = ["MISSED", "MISSED", "ATTENDED", "SCHEDULED"] as const;

it("the median is percentile_cont(0.5)", () => {
  expect(median([])).toBeNull();
  expect(median([5])).toBe(5);
  expect(median([4, 1, 3])).toBe(3);
  expect(median([4, 1, 3, 10])).toBe(3.5);
});

it("client-level call figures: SQL and the pure twin agree on random histories", async () => {
  const r = rng(4242);
  const country = await createCountry();
  const zones = ["Africa/Nairobi", "Atlantic/Cape_Verde"];
  const sites: { id: string; timeZone: string }[] = [];
  for (const timeZone of zones) sites.push(await createSite({ countryId: country.id, timeZone }));
  const clients: (CallClient & { siteId: string })[] = [];
  const taskRows: Prisma.CallTaskCreateManyInput[] = [];
  const originals: Prisma.CallAttemptCreateManyInput[] = [];
  const fixes: Prisma.CallAttemptCreateManyInput[] = [];
  const appointmentRows: Prisma.AppointmentCreateManyInput[] = [];
  const tracingRows: Prisma.TracingOutcomeCreateManyInput[] = [];
  for (const site of sites) {
    const mentor = await createUser("MENTOR_MOTHER", { siteIds: [site.id] });
    for (let n = 0; n < 40; n++) {
      const status = r.pick(CLIENT_STATUSES);
      const statusDate = status === "ACTIVE" ? null : addDaysIso(D, -r.int(-5, 50));
      const c = await testDb().client.create({
        data: {
          ref: `RC-${uid()}${uid()}`, siteId: site.id, firstName: "Rep", lastName: `Calls ${uid()}`, dateOfBirth: dateOnly("1990-01-01"),
          category: "OTHER", enrolmentDate: dateOnly("2025-01-01"), preferredLanguage: "en", consentCalls: true, mentorId: mentor.id,
          status, statusDate: statusDate ? dateOnly(statusDate) : null,
        },
        select: { id: true },
      });
      const mine: CallClient & { siteId: string } = { id: c.id, siteId: site.id, timeZone: site.timeZone, status, statusDate, tasks: [], calls: [], appointments: [], tracing: [] };
      for (let back = 45; back >= -3; back--) {
        if (!r.chance(0.15)) continue;
        const day = addDaysIso(D, -back);
        const id = crypto.randomUUID();
        const tStatus = r.pick(STATUSES);
        mine.tasks.push({ id, day, status: tStatus });
        taskRows.push({ id, clientId: c.id, mentorId: mentor.id, taskDate: dateOnly(day), reasons: ["missed"], priority: 1, status: tStatus, firstDueDate: dateOnly(day) });
        for (let k = tStatus === "CANCELLED" ? r.pick([0, 0, 1]) : r.int(0, 3); k > 0; k--) {
          const createdAt = new Date(Date.parse(`${day}T00:00:00Z`) + r.int(-4 * 60, 28 * 60) * 60_000 + r.int(0, 59_999));
          const callId = crypto.randomUUID();
          const disposition = r.pick(COVERAGE_DISPOSITIONS) as Disposition;
          mine.calls.push({ id: callId, taskId: id, createdAt, disposition, correctsId: null });
          originals.push({ id: callId, taskId: id, clientId: c.id, mentorId: mentor.id, disposition, createdAt, idempotencyKey: `rc-${callId}` });
          if (r.chance(0.25)) {
            const fixId = crypto.randomUUID();
            const fixAt = new Date(createdAt.getTime() + r.int(1, 600) * 60_000);
            const fix = r.pick(["REACHED", "NO_ANSWER"] as const);
            mine.calls.push({ id: fixId, taskId: id, createdAt: fixAt, disposition: fix, correctsId: callId });
            fixes.push({ id: fixId, taskId: id, clientId: c.id, mentorId: mentor.id, disposition: fix, createdAt: fixAt, correctsId: callId, idempotencyKey: `rc-${fixId}` });
          }
        }
      }
      for (let k = r.int(0, 2); k > 0; k--) {
        const date = addDaysIso(D, -r.int(-3, 45));
        const aStatus = r.pick(APPOINTMENT_STATUSES);
        mine.appointments.push({ date, status: aStatus });
        appointmentRows.push({ clientId: c.id, date: dateOnly(date), kind: "ART_REFILL", status: aStatus });
      }
      for (let k = r.chance(0.3) ? r.int(1, 2) : 0; k > 0; k--) {
        const outcome = r.pick(TRACING_OUTCOMES);
        const recordedAt = new Date(Date.parse(`${addDaysIso(D, -r.int(-3, 45))}T00:00:00Z`) + r.int(-3 * 60, 27 * 60) * 60_000);
        mine.tracing.push({ outcome, recordedAt });
        tracingRows.push({ clientId: c.id, outcome, contactMethod: r.pick(["DE16", "DE14"]), recordedById: mentor.id, recordedAt });
      }
      clients.push(mine);
    }
  }
  await testDb().callTask.createMany({ data: taskRows });
  await testDb().callAttempt.createMany({ data: originals });
  await testDb().callAttempt.createMany({ data: fixes });
  await testDb().appointment.createMany({ data: appointmentRows });
  await testDb().tracingOutcome.createMany({ data: tracingRows });

  const manager = await actorFor(await createUser("PROGRAMME_MANAGER", { countryId: country.id }));
  const supervisor = await actorFor(await createUser("SUPERVISOR", { siteIds: [sites[1]!.id] }));
  const periods = [{ from: addDaysIso(D, -30), to: D }, { from: addDaysIso(D, -6), to: D }, { from: addDaysIso(D, -44), to: addDaysIso(D, -20) }];
  for (const period of periods) {
    const want = callClientFigures(clients, period);
    expect(await callClientFiguresSql(testDb(), manager, { period, countryId: null, siteId: null })).toEqual(want);
    const one = callClientFigures(clients.filter((c) => c.siteId === sites[0]!.id), period);
    expect(await callClientFiguresSql(testDb(), manager, { period, countryId: country.id, siteId: sites[0]!.id })).toEqual(one);
    const hers = callClientFigures(clients.filter((c) => c.siteId === sites[1]!.id), period);
    expect(await callClientFiguresSql(testDb(), supervisor, { period, countryId: null, siteId: null })).toEqual(hers);
  }
  // The data exercise every figure.
  const all = callClientFigures(clients, periods[0]!);
  expect(all.clientsDue).toBeGreaterThan(20);
  expect(all.clientsReached).toBeGreaterThan(5);
  expect(all.clientsReached).toBeLessThan(all.clientsDue);
  expect(all.reachedAfterMissed).toBeGreaterThan(2);
  expect(all.medianDaysToAttempt).not.toBeNull();
  expect(all.optedOut).toBeGreaterThan(2);
  expect(Object.values(all.tracing).reduce((a, b) => a + b, 0)).toBeGreaterThan(5);
  // Another country's manager sees none of it.
  const other = await actorFor(await createUser("PROGRAMME_MANAGER", { countryId: (await createCountry()).id }));
  expect((await callClientFiguresSql(testDb(), other, { period: periods[0]!, countryId: null, siteId: null })).clientsDue).toBe(0);
});
