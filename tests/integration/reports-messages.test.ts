// The reports' message figures: the SQL statement (lib/reports/message-sql.ts) against its pure
// twin (lib/reports/message-rules.ts) on random message logs - outbound messages in every status
// (several events each, the latest counts), replies and STOPs, send times around the sites'
// midnights in two time zones - and coverage's message log (lib/coverage/messages.ts, per site and
// month) against the same twin: one counting definition for both.
import "./timeout";
import { Prisma } from "@/lib/generated/prisma/client";
import { addDaysIso } from "@/lib/calls/calendar";
import { dateOnly } from "@/lib/dates";
import { messageFiguresOf, type CountedMessage } from "@/lib/coverage/message-definitions";
import { messageLog } from "@/lib/coverage/messages";
import { messageReportFigures, messageRows, type MessageSite } from "@/lib/reports/message-rules";
import { messageFiguresSql } from "@/lib/reports/message-sql";
import { messageReport } from "@/lib/reports/queries";
import { resolveFilters } from "@/lib/reports/schemas";
import { actorFor, closeDb, createCountry, createSite, createUser, testDb, uid } from "../factories";
import { rng } from "../random";

afterAll(closeDb);

const D = "2026-09-30";
const OUT_STATUSES = [null, "sending", "sent", "delivered", "read", "retry", "failed", "unknown", "cancelled"] as const;

it("which figures a message counts in", () => {
  expect(messageFiguresOf({ direction: "out", reason: "appointment", status: "read" })).toEqual(["sent", "delivered"]);
  expect(messageFiguresOf({ direction: "out", reason: "appointment", status: "sent" })).toEqual(["sent"]);
  expect(messageFiguresOf({ direction: "out", reason: "missed", status: "retry" })).toEqual([]);
  expect(messageFiguresOf({ direction: "out", reason: "missed", status: null })).toEqual([]);
  expect(messageFiguresOf({ direction: "in", reason: "stop", status: "received" })).toEqual(["optOuts"]);
  expect(messageFiguresOf({ direction: "in", reason: "reply", status: "received" })).toEqual(["replies"]);
  expect(messageRows({ sent: 4, delivered: 3, failed: 0, unknown: 0, replies: 0, optOuts: 0 }, { sent: 0, delivered: 0, failed: 0, unknown: 0, replies: 0, optOuts: 0 })
    .find((r) => r.key === "deliveryRate")).toEqual({ group: "messages", key: "deliveryRate", value: 0.75, previous: null });
});

it("message figures: SQL, coverage's log and the pure twin agree on random message logs", async () => {
  const r = rng(17);
  const country = await createCountry();
  const sites: { id: string; timeZone: string; messages: CountedMessage[] }[] = [];
  for (const timeZone of ["Africa/Maputo", "America/Sao_Paulo"]) sites.push({ ...(await createSite({ countryId: country.id, timeZone })), timeZone, messages: [] });
  const events: Prisma.MessageEventCreateManyInput[] = [];
  for (let n = 0; n < 60; n++) {
    const site = r.pick(sites);
    const c = await testDb().client.create({
      data: {
        ref: `MS-${uid()}${uid()}`, siteId: site.id, firstName: "Mes", lastName: `Sage ${uid()}`, dateOfBirth: dateOnly("1993-02-02"),
        category: "OTHER", enrolmentDate: dateOnly("2026-01-05"), preferredLanguage: "en",
      },
      select: { id: true },
    });
    const number = `+2588${String(r.int(0, 9_999_999)).padStart(7, "0")}`;
    for (let k = r.int(1, 6); k > 0; k--) {
      // Around the sites' midnights, in this month, the one before and the one after.
      const at = new Date(Date.parse(`${addDaysIso(D, -r.int(-20, 75))}T00:00:00Z`) + r.int(-5 * 60, 27 * 60) * 60_000);
      const inbound = r.chance(0.25);
      const reason = inbound ? r.pick(["reply", "reply", "stop"]) : r.pick(["appointment", "appointment_day", "missed", "vl_due", "stop_confirm"]);
      const sendAt = inbound ? null : r.chance(0.9) ? at : null;
      const createdAt = inbound || !sendAt ? at : new Date(at.getTime() - r.int(0, 48) * 3_600_000);
      const m = await testDb().message.create({
        data: {
          clientId: c.id, siteId: site.id, direction: inbound ? "in" : "out", channel: r.pick(["sms", "whatsapp"]), reason,
          body: "x", provider: "twilio", number, sendAt, createdAt,
        },
        select: { id: true },
      });
      // Several events, the latest one counts (ids in insertion order).
      const history = inbound ? ["received"] : Array.from({ length: r.int(0, 3) }, () => r.pick(OUT_STATUSES.slice(1)));
      history.forEach((status, i) => events.push({ messageId: m.id, status: status!, attempt: i + 1, at }));
      site.messages.push({ direction: inbound ? "in" : "out", reason, status: history.at(-1) ?? null, sendAt, createdAt });
    }
  }
  await testDb().messageEvent.createMany({ data: events });

  const ids = sites.map((s) => s.id);
  const twin = (ss: MessageSite[], p: { from: string; to: string }) => messageReportFigures(ss, p);
  const periods = [{ from: "2026-09-01", to: D }, { from: "2026-07-01", to: "2026-09-30" }, { from: "2026-08-15", to: "2026-08-15" }];
  for (const p of periods) {
    expect(await messageFiguresSql(testDb(), ids, p)).toEqual(twin(sites, p));
    expect(await messageFiguresSql(testDb(), [ids[1]!], p)).toEqual(twin([sites[1]!], p));
  }
  const all = twin(sites, periods[1]!);
  for (const k of ["sent", "delivered", "failed", "unknown", "replies", "optOuts"] as const) expect(all[k]).toBeGreaterThan(0);

  // Coverage's log, per site and month, counts the same way.
  const admin = await actorFor(await createUser("ADMIN"));
  const log = await messageLog(testDb(), admin, { country: country.id }, new Date(`${D}T12:00:00Z`));
  for (const row of log) {
    const site = sites.find((s) => s.id === row.siteId)!;
    const last = `${row.month}-${new Date(Date.UTC(Number(row.month.slice(0, 4)), Number(row.month.slice(5, 7)), 0)).getUTCDate()}`;
    const { siteId: _s, siteName: _n, month: _m, ...counts } = row;
    expect(counts).toEqual(twin([site], { from: `${row.month}-01`, to: last }));
  }
  expect(log.length).toBeGreaterThanOrEqual(6);

  // The report function: scoped (a manager of another country sees nothing), current and previous.
  const manager = await actorFor(await createUser("PROGRAMME_MANAGER", { countryId: country.id }));
  const f = resolveFilters({ period: "month", month: "2026-09" }, D);
  const rep = await messageReport(testDb(), manager, f);
  expect(rep.current).toEqual(twin(sites, f.current));
  expect(rep.previous).toEqual(twin(sites, f.previous));
  const other = await actorFor(await createUser("PROGRAMME_MANAGER", { countryId: (await createCountry()).id }));
  expect((await messageReport(testDb(), other, f)).current.sent).toBe(0);
});
