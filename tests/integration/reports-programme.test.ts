// The programme figures (infant testing, interruption in treatment by time on ART, returned to care
// after tracing): the SQL statement (lib/reports/programme-sql.ts) against its pure twin
// (lib/reports/programme-rules.ts) on random registers - infants around their 2- and 12-month
// birthdays, tests naming the infant or not, before and after those days; ART starts around the 3-
// and 6-month lines; flags before and after the period end; tracing around the sites' midnights.
import "./timeout";
import { Prisma } from "@/lib/generated/prisma/client";
import { addDaysIso, addMonthsIso } from "@/lib/calls/calendar";
import { dateOnly } from "@/lib/dates";
import { artBand, programmeFigures, type ProgrammeClient } from "@/lib/reports/programme-rules";
import { programmeFiguresSql } from "@/lib/reports/programme-sql";
import { actorFor, closeDb, createCountry, createSite, createUser, testDb, uid } from "../factories";
import { rng } from "../random";

afterAll(closeDb);

const D = "2026-08-31";
const STATUSES = ["ACTIVE", "ACTIVE", "ACTIVE", "LOST_TO_FOLLOW_UP", "TRANSFERRED_OUT", "DIED"] as const;
const A_STATUSES = ["ATTENDED", "ATTENDED", "MISSED", "SCHEDULED"] as const;

it("time on ART bands", () => {
  expect(artBand(null, D)).toBe("UNKNOWN");
  expect(artBand(addMonthsIso(D, -6), D)).toBe("6+");
  expect(artBand(addDaysIso(addMonthsIso(D, -6), 1), D)).toBe("3-5");
  expect(artBand(addMonthsIso(D, -3), D)).toBe("3-5");
  expect(artBand(addDaysIso(addMonthsIso(D, -3), 1), D)).toBe("<3");
});

it("programme figures: SQL and the pure twin agree on random registers", async () => {
  const r = rng(7);
  const country = await createCountry();
  const sites: { id: string; timeZone: string }[] = [];
  for (const timeZone of ["Africa/Maputo", "America/Sao_Paulo"]) sites.push(await createSite({ countryId: country.id, timeZone }));
  const recorder = await createUser("SUPERVISOR", { siteIds: sites.map((s) => s.id) });
  const mine: (ProgrammeClient & { siteId: string })[] = [];
  const appointments: Prisma.AppointmentCreateManyInput[] = [];
  const tracing: Prisma.TracingOutcomeCreateManyInput[] = [];
  for (let n = 0; n < 160; n++) {
    const site = r.pick(sites);
    const status = r.pick(STATUSES);
    const enrolmentDate = addDaysIso(D, -r.int(-20, 500));
    const statusDate = status === "ACTIVE" ? null : addDaysIso(D, -r.int(-20, 200));
    const artStartDate = r.chance(0.15) ? null : addDaysIso(D, -r.int(0, 400));
    const interruptionSince = r.chance(0.4) ? addDaysIso(D, -r.int(-30, 150)) : null;
    const c = await testDb().client.create({
      data: {
        ref: `PG-${uid()}${uid()}`, siteId: site.id, firstName: "Pro", lastName: `Gramme ${uid()}`, dateOfBirth: dateOnly("1995-03-03"),
        category: "POSTNATAL", enrolmentDate: dateOnly(enrolmentDate), preferredLanguage: "en", status, statusDate: statusDate ? dateOnly(statusDate) : null,
        artStartDate: artStartDate ? dateOnly(artStartDate) : null, interruptionSince: interruptionSince ? dateOnly(interruptionSince) : null,
      },
      select: { id: true },
    });
    const client: ProgrammeClient & { siteId: string } = {
      siteId: site.id, timeZone: site.timeZone, enrolmentDate, status, statusDate, artStartDate, interruptionSince, infants: [], appointments: [], tracing: [],
    };
    for (let k = r.chance(0.5) ? r.int(1, 2) : 0; k > 0; k--) {
      // Born so that the 2- or the 12-month birthday falls around the periods tested.
      const dob = addDaysIso(r.chance(0.5) ? addMonthsIso(D, -2) : addMonthsIso(D, -12), -r.int(-10, 100));
      const i = await testDb().infant.create({ data: { clientId: c.id, dateOfBirth: dateOnly(dob) }, select: { id: true } });
      client.infants.push({ id: i.id, dateOfBirth: dob });
      for (let t = r.int(0, 2); t > 0; t--) {
        // Sometimes exactly on the 2- or 12-month birthday (counted: by that day).
        const date = r.chance(0.3) ? addMonthsIso(dob, r.pick([2, 12])) : addDaysIso(dob, r.int(-5, 400));
        const infantId = r.chance(0.6) ? i.id : null;
        const aStatus = r.pick(["ATTENDED", "ATTENDED", "MISSED"] as const);
        client.appointments.push({ date, kind: "INFANT_TEST", status: aStatus, infantId });
        appointments.push({ clientId: c.id, infantId, date: dateOnly(date), kind: "INFANT_TEST", status: aStatus });
      }
    }
    for (let k = r.int(0, 2); k > 0; k--) {
      const date = addDaysIso(D, -r.int(-10, 80));
      const aStatus = r.pick(A_STATUSES);
      client.appointments.push({ date, kind: "ART_REFILL", status: aStatus, infantId: null });
      appointments.push({ clientId: c.id, date: dateOnly(date), kind: "ART_REFILL", status: aStatus });
    }
    for (let k = r.chance(0.4) ? r.int(1, 2) : 0; k > 0; k--) {
      const recordedAt = new Date(Date.parse(`${addDaysIso(D, -r.int(-5, 80))}T00:00:00Z`) + r.int(-4 * 60, 28 * 60) * 60_000);
      client.tracing.push({ recordedAt });
      tracing.push({ clientId: c.id, outcome: r.pick(["DE24", "DE26", "DE28"]), contactMethod: "DE16", recordedById: recorder.id, recordedAt });
    }
    mine.push(client);
  }
  await testDb().appointment.createMany({ data: appointments });
  await testDb().tracingOutcome.createMany({ data: tracing });

  const manager = await actorFor(await createUser("PROGRAMME_MANAGER", { countryId: country.id }));
  const periods = [{ from: "2026-08-01", to: D }, { from: "2026-06-01", to: D }, { from: "2026-04-01", to: "2026-06-30" }];
  for (const period of periods) {
    expect(await programmeFiguresSql(testDb(), manager, { period, countryId: null, siteId: null })).toEqual(programmeFigures(mine, period));
    const one = programmeFigures(mine.filter((c) => c.siteId === sites[1]!.id), period);
    expect(await programmeFiguresSql(testDb(), manager, { period, countryId: null, siteId: sites[1]!.id })).toEqual(one);
  }
  const q = programmeFigures(mine, periods[1]!);
  expect(q.turned2m).toBeGreaterThan(3);
  expect(q.tested2m).toBeGreaterThan(0);
  expect(q.turned12m).toBeGreaterThan(3);
  expect(q.interrupted.TOTAL).toBeGreaterThan(5);
  expect(q.returned).toBeGreaterThan(0);
  expect(q.returned).toBeLessThan(q.traced);
  const other = await actorFor(await createUser("PROGRAMME_MANAGER", { countryId: (await createCountry()).id }));
  expect((await programmeFiguresSql(testDb(), other, { period: periods[0]!, countryId: null, siteId: null })).activeAtEnd).toBe(0);
});
