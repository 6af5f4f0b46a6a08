// The assignment engine's operations against the real database: redistribution when a Mentor
// Mother is deactivated, leave cover for call tasks, and supervisors' manual and balanced moves.
import { execute } from "@/lib/action";
import type { Actor } from "@/lib/authz";
import { dateOnly } from "@/lib/dates";
import { localDay } from "@/lib/site-clock";
import { countrySettingsSchema } from "@/lib/settings/schemas";
import { deactivateUserCommand } from "@/lib/users/commands";
import { addLeaveCommand, moveClientsCommand, removeLeaveCommand } from "@/lib/assignment/commands";
import { listLeaves, listReassignClients, siteCaseloads, assignmentSites } from "@/lib/assignment/queries";
import { actorFor, auditFor, closeDb, createCountry, createSite, createUser, testDb, createClient } from "../factories";

const TZ = "Africa/Johannesburg";
const today = () => localDay(TZ, new Date());
/** YYYY-MM-DD `n` days from the site's today. */
const day = (n: number) => new Date(Date.parse(`${today()}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

type Mentor = Awaited<ReturnType<typeof createUser>>;

let admin: Mentor;
let adminActor: Actor;

beforeAll(async () => {
  admin = await createUser("ADMIN");
  adminActor = await actorFor(admin);
});

afterAll(closeDb);

async function siteWithCap(cap: number) {
  const country = await createCountry({ timeZone: TZ, settings: countrySettingsSchema.parse({ caseloadCap: cap }) });
  return createSite({ countryId: country.id, timeZone: TZ });
}

async function mentor(siteId: string, languages: string[], over: { cap?: number; dailyCapacity?: number; active?: boolean } = {}) {
  const m = await createUser("MENTOR_MOTHER", { siteIds: [siteId], languages, active: over.active });
  await testDb().mentorProfile.update({
    where: { userId: m.id },
    // Every day a working day, so the tests do not depend on the weekday they run on.
    data: { caseloadCap: over.cap ?? null, dailyCapacity: over.dailyCapacity ?? 40, workingDays: [1, 2, 3, 4, 5, 6, 7] },
  });
  return m;
}

/** `n` active clients held by `mentorId` (with their open assignment row), in `language`. */
async function clientsOf(siteId: string, mentorId: string | null, n: number, language = "en", status: "ACTIVE" | "OPTED_OUT" = "ACTIVE") {
  const out = [];
  for (let i = 0; i < n; i++) {
    const c = await createClient(siteId, { mentorId, status });
    await testDb().client.update({ where: { id: c.id }, data: { preferredLanguage: language } });
    if (mentorId) await testDb().assignment.create({ data: { clientId: c.id, mentorId, reason: "seed" } });
    out.push(c);
  }
  return out;
}

function task(clientId: string, mentorId: string, date: string, status: "PENDING" | "CLAIMED" | "RETRY_LATER" | "DONE" = "PENDING") {
  return testDb().callTask.create({
    data: {
      clientId, mentorId, taskDate: dateOnly(date), firstDueDate: dateOnly(date), reasons: ["adherence"], priority: 5, status,
      ...(status === "CLAIMED" ? { claimedById: mentorId, claimedAt: new Date() } : {}),
    },
  });
}

const taskRow = (id: string) => testDb().callTask.findUniqueOrThrow({ where: { id } });

/** Active clients per Mentor Mother of a site, with her cap (own or the country's), counted in SQL. */
async function loadsAtSite(siteId: string) {
  return testDb().$queryRaw<{ id: string; caseload: number; cap: number }[]>`
    SELECT u.id, (SELECT count(*)::int FROM clients c WHERE c.mentor_id = u.id AND c.status = 'ACTIVE') AS caseload,
           COALESCE(mp.caseload_cap, (co.settings->>'caseloadCap')::int) AS cap
    FROM users u JOIN user_sites us ON us.user_id = u.id AND us.site_id = ${siteId}::uuid
    JOIN mentor_profiles mp ON mp.user_id = u.id
    JOIN sites s ON s.id = us.site_id JOIN countries co ON co.id = s.country_id
    WHERE u.role = 'MENTOR_MOTHER'`;
}

async function deactivate(userId: string) {
  const u = await testDb().user.findUniqueOrThrow({ where: { id: userId } });
  return execute(testDb(), deactivateUserCommand, adminActor, { id: u.id, version: u.version });
}

describe("deactivating a Mentor Mother", () => {
  it("places her active clients with colleagues up to their caps, and reports the ones nobody can take", async () => {
    const site = await siteWithCap(10);
    const leaving = await mentor(site.id, ["en", "zu"]);
    const b = await mentor(site.id, ["en"]);
    const c = await mentor(site.id, ["zu"]);
    const inactive = await mentor(site.id, ["en"], { active: false });
    const onLeave = await mentor(site.id, ["en"]);
    await testDb().mentorLeave.create({ data: { userId: onLeave.id, startDate: dateOnly(day(-1)), endDate: dateOnly(day(3)) } });
    await clientsOf(site.id, b.id, 5);
    await clientsOf(site.id, c.id, 9, "zu");
    const hers = [...(await clientsOf(site.id, leaving.id, 4, "zu")), ...(await clientsOf(site.id, leaving.id, 4, "en"))];
    const [optedOut] = await clientsOf(site.id, leaving.id, 1, "en", "OPTED_OUT");

    const r = await deactivate(leaving.id);
    expect(r).toMatchObject({ ok: true });
    if (!r.ok) return;
    // Room: b 5, c 1 (inactive and on-leave colleagues take nobody): 6 placed, 2 left over.
    expect(r.data.redistribution).toMatchObject({ moved: 6, unplaced: 2, shortfall: { count: 2, reason: "all-full", siteId: site.id, siteName: site.name } });

    const loads = new Map((await loadsAtSite(site.id)).map((l) => [l.id, l]));
    for (const l of loads.values()) expect(l.caseload).toBeLessThanOrEqual(l.cap);
    expect(loads.get(b.id)!.caseload).toBe(10);
    expect(loads.get(c.id)!.caseload).toBe(10);
    expect(loads.get(inactive.id)!.caseload).toBe(0);
    expect(loads.get(onLeave.id)!.caseload).toBe(0);
    expect(loads.get(leaving.id)!.caseload).toBe(0);

    const after = await testDb().client.findMany({ where: { id: { in: hers.map((h) => h.id) } }, include: { assignments: true } });
    const placed = after.filter((x) => x.mentorId);
    const unplaced = after.filter((x) => !x.mentorId);
    expect(placed).toHaveLength(6);
    expect(unplaced).toHaveLength(2);
    for (const x of placed) {
      const open = x.assignments.filter((a) => !a.endAt);
      expect(open).toHaveLength(1);
      expect(open[0]).toMatchObject({ mentorId: x.mentorId, reason: "deactivation", changedById: admin.id });
      // Her own assignment is closed, not deleted: the history keeps who held the client before.
      expect(x.assignments.find((a) => a.mentorId === leaving.id)?.endAt).toBeInstanceOf(Date);
    }
    // The one isiZulu place left (c had 1) went to an isiZulu speaker.
    expect(placed.filter((x) => x.mentorId === c.id).every((x) => x.preferredLanguage === "zu")).toBe(true);
    for (const x of unplaced) expect(x.assignments.every((a) => a.endAt)).toBe(true);
    // A client who is no longer active is not anybody's caseload and is left as she was.
    expect((await testDb().client.findUniqueOrThrow({ where: { id: optedOut!.id } })).mentorId).toBe(leaving.id);

    expect(await testDb().assignment.count({ where: { clientId: { in: hers.map((h) => h.id) }, reason: "deactivation" } })).toBe(6);
    const audit = await auditFor(leaving.id);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["user.deactivated", "assignment.redistributed"]));
    expect(audit.find((a) => a.action === "assignment.redistributed")!.meta).toMatchObject({ moved: 6, unplaced: 2, reason: "all-full" });
  });

  it("prefers a colleague who speaks the client's language and balances the rest", async () => {
    const site = await siteWithCap(120);
    const leaving = await mentor(site.id, ["zu", "en"]);
    const english = await mentor(site.id, ["en"]);
    const zulu = await mentor(site.id, ["zu"]);
    const zuClients = await clientsOf(site.id, leaving.id, 3, "zu");
    const enClients = await clientsOf(site.id, leaving.id, 3, "en");
    expect(await deactivate(leaving.id)).toMatchObject({ ok: true, data: { redistribution: { moved: 6, unplaced: 0, shortfall: null } } });
    const holders = async (ids: string[]) =>
      (await testDb().client.findMany({ where: { id: { in: ids } }, select: { mentorId: true } })).map((x) => x.mentorId);
    expect(await holders(zuClients.map((x) => x.id))).toEqual([zulu.id, zulu.id, zulu.id]);
    expect(await holders(enClients.map((x) => x.id))).toEqual([english.id, english.id, english.id]);
  });

  it("moves her open calls from today on with each client, cancels those of clients nobody took", async () => {
    const site = await siteWithCap(3);
    const leaving = await mentor(site.id, ["en"]);
    const other = await mentor(site.id, ["en"]);
    await clientsOf(site.id, other.id, 2); // room for one more
    const [first, second] = await clientsOf(site.id, leaving.id, 2);
    const yesterday = await task(first!.id, leaving.id, day(-1));
    const todayTask = await task(first!.id, leaving.id, day(0));
    const claimed = await task(first!.id, leaving.id, day(1), "CLAIMED");
    const done = await task(first!.id, leaving.id, day(2), "DONE");
    const secondToday = await task(second!.id, leaving.id, day(0));
    const secondLater = await task(second!.id, leaving.id, day(4), "RETRY_LATER");

    const r = await deactivate(leaving.id);
    expect(r).toMatchObject({ ok: true, data: { redistribution: { moved: 1, unplaced: 1 } } });
    // Which client found the one place depends on the order; find out, then check both sides.
    const placedId = (await testDb().client.findFirstOrThrow({ where: { id: { in: [first!.id, second!.id] }, mentorId: other.id } })).id;
    const [moved, cancelled] = placedId === first!.id ? [[todayTask, claimed], [secondToday, secondLater]] : [[secondToday, secondLater], [todayTask, claimed]];
    // A claimed call goes back to pending for its new holder; a retry keeps its state.
    const expected: Record<string, string> = { [todayTask.id]: "PENDING", [claimed.id]: "PENDING", [secondToday.id]: "PENDING", [secondLater.id]: "RETRY_LATER" };
    for (const t of moved) expect(await taskRow(t.id)).toMatchObject({ mentorId: other.id, status: expected[t.id], claimedById: null });
    for (const t of cancelled) expect(await taskRow(t.id)).toMatchObject({ mentorId: leaving.id, status: "CANCELLED" });
    // The past and what is done stay as they were.
    expect(await taskRow(yesterday.id)).toMatchObject({ mentorId: leaving.id, status: "PENDING" });
    expect(await taskRow(done.id)).toMatchObject({ mentorId: leaving.id, status: "DONE" });
  });

  it("with no colleague at the site, leaves every client without a Mentor Mother and says why", async () => {
    const site = await siteWithCap(120);
    const alone = await mentor(site.id, ["en"]);
    await clientsOf(site.id, alone.id, 3);
    const r = await deactivate(alone.id);
    expect(r).toMatchObject({ ok: true, data: { redistribution: { moved: 0, unplaced: 3, shortfall: { reason: "no-mentor", count: 3 } } } });
    expect(await testDb().client.count({ where: { siteId: site.id, mentorId: null, status: "ACTIVE" } })).toBe(3);
    expect(await testDb().assignment.count({ where: { client: { siteId: site.id }, endAt: null } })).toBe(0);
  });
});

describe("leave", () => {
  it("moves only her open calls of the leave's days to colleagues free those days; her clients stay hers", async () => {
    const site = await siteWithCap(120);
    const away = await mentor(site.id, ["en"]);
    const cover = await mentor(site.id, ["en"]);
    const supervisor = await createUser("SUPERVISOR", { siteIds: [site.id] });
    const sup = await actorFor(supervisor);
    const [c1, c2, c3] = await clientsOf(site.id, away.id, 3);
    const before = await task(c1!.id, away.id, day(0));
    const in1 = await task(c1!.id, away.id, day(1));
    const in2 = await task(c2!.id, away.id, day(2), "RETRY_LATER");
    const inDone = await task(c3!.id, away.id, day(2), "DONE");
    const after = await task(c1!.id, away.id, day(5));

    const r = await execute(testDb(), addLeaveCommand, sup, { mentorId: away.id, startDate: day(1), endDate: day(3), reason: "Annual leave" });
    expect(r).toMatchObject({ ok: true, data: { tasksMoved: 2, tasksUncovered: 0 } });
    expect(await taskRow(in1.id)).toMatchObject({ mentorId: cover.id });
    expect(await taskRow(in2.id)).toMatchObject({ mentorId: cover.id, status: "RETRY_LATER" });
    for (const t of [before, inDone, after]) expect((await taskRow(t.id)).mentorId).toBe(away.id);
    // Leave cover is not an assignment: no history rows, the clients are still hers.
    expect(await testDb().client.count({ where: { id: { in: [c1!.id, c2!.id, c3!.id] }, mentorId: away.id } })).toBe(3);
    expect(await testDb().assignment.count({ where: { clientId: { in: [c1!.id, c2!.id, c3!.id] } } })).toBe(3);

    const audit = (await auditFor(away.id)).map((a) => [a.action, a.meta]);
    expect(audit).toEqual(
      expect.arrayContaining([
        ["leave.added", expect.objectContaining({ days: 3 })],
        ["tasks.moved_for_leave", expect.objectContaining({ moved: 2, uncovered: 0 })],
      ]),
    );
    expect((await listLeaves(testDb(), sup, away.id, new Date())).leaves.map((l) => [l.start, l.end, l.reason])).toEqual([[day(1), day(3), "Annual leave"]]);

    // Overlapping ranges and an end before the start are refused, with nothing written.
    expect(await execute(testDb(), addLeaveCommand, sup, { mentorId: away.id, startDate: day(3), endDate: day(6) })).toMatchObject({
      ok: false, error: { code: "VALIDATION", fieldErrors: { startDate: ["leaveOverlap"] } },
    });
    expect(await execute(testDb(), addLeaveCommand, sup, { mentorId: away.id, startDate: day(9), endDate: day(8) })).toMatchObject({
      ok: false, error: { code: "VALIDATION", fieldErrors: { endDate: ["endBeforeStart"] } },
    });
    expect(await testDb().mentorLeave.count({ where: { userId: away.id } })).toBe(1);

    const leaveId = r.ok ? r.data.id : "";
    expect(await execute(testDb(), removeLeaveCommand, sup, { leaveId })).toMatchObject({ ok: true });
    expect(await testDb().mentorLeave.count({ where: { userId: away.id } })).toBe(0);
    expect((await auditFor(away.id)).some((a) => a.action === "leave.removed")).toBe(true);
  });

  it("keeps a call with her when nobody has capacity that day, and picks the colleague who speaks the language", async () => {
    const site = await siteWithCap(120);
    const away = await mentor(site.id, ["en", "zu"]);
    const full = await mentor(site.id, ["zu"], { dailyCapacity: 1 });
    const english = await mentor(site.id, ["en"], { dailyCapacity: 1 });
    const [zu1, zu2] = await clientsOf(site.id, away.id, 2, "zu");
    const [other] = await clientsOf(site.id, full.id, 1, "zu");
    await task(other!.id, full.id, day(1)); // fills her only place on day 1
    const t1 = await task(zu1!.id, away.id, day(1));
    const t2 = await task(zu2!.id, away.id, day(1));
    const t3 = await task(zu1!.id, away.id, day(2));
    const r = await execute(testDb(), addLeaveCommand, adminActor, { mentorId: away.id, startDate: day(1), endDate: day(2) });
    expect(r).toMatchObject({ ok: true, data: { tasksMoved: 2, tasksUncovered: 1 } });
    // Day 1: the isiZulu speaker is full, so one call goes to the English speaker and one stays.
    const day1 = [await taskRow(t1.id), await taskRow(t2.id)].map((t) => t.mentorId).sort();
    expect(day1).toEqual([away.id, english.id].sort());
    // Day 2: the isiZulu speaker has room and speaks the client's language.
    expect((await taskRow(t3.id)).mentorId).toBe(full.id);
  });

  it("is refused for a Mentor Mother of another supervisor's site, with nothing written", async () => {
    const site = await siteWithCap(120);
    const elsewhere = await siteWithCap(120);
    const away = await mentor(site.id, ["en"]);
    const outsider = await actorFor(await createUser("SUPERVISOR", { siteIds: [elsewhere.id] }));
    expect(await execute(testDb(), addLeaveCommand, outsider, { mentorId: away.id, startDate: day(1), endDate: day(2) })).toMatchObject({
      ok: false, error: { code: "NOT_FOUND" },
    });
    const leave = await testDb().mentorLeave.create({ data: { userId: away.id, startDate: dateOnly(day(1)), endDate: dateOnly(day(2)) } });
    expect(await execute(testDb(), removeLeaveCommand, outsider, { leaveId: leave.id })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await testDb().mentorLeave.count({ where: { userId: away.id } })).toBe(1);
    await expect(listLeaves(testDb(), outsider, away.id, new Date())).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("manual moves", () => {
  async function setup(cap = 120) {
    const site = await siteWithCap(cap);
    const from = await mentor(site.id, ["en"]);
    const to = await mentor(site.id, ["en"]);
    const supervisor = await createUser("SUPERVISOR", { siteIds: [site.id] });
    return { site, from, to, sup: await actorFor(supervisor) };
  }

  it("moves ten selected clients to one Mentor Mother: ten history rows, their future calls follow", async () => {
    const { site, from, to, sup } = await setup();
    const clients = await clientsOf(site.id, from.id, 12);
    const ten = clients.slice(0, 10);
    const past = await task(ten[0]!.id, from.id, day(-1));
    const future = await Promise.all(ten.map((c, i) => task(c.id, from.id, day(i % 2))));
    const notMoved = await task(clients[11]!.id, from.id, day(0));

    const r = await execute(testDb(), moveClientsCommand, sup, { clientIds: ten.map((c) => c.id), target: to.id, note: "Rebalancing after training" });
    expect(r).toMatchObject({ ok: true, data: { moved: 10, unchanged: 0, unplaced: 0, tasksMoved: 10 } });

    const rows = await testDb().assignment.findMany({ where: { clientId: { in: ten.map((c) => c.id) }, reason: "manual" } });
    expect(rows).toHaveLength(10);
    for (const row of rows) expect(row).toMatchObject({ mentorId: to.id, changedById: sup.userId, note: "Rebalancing after training", endAt: null });
    expect(await testDb().assignment.count({ where: { clientId: { in: ten.map((c) => c.id) }, mentorId: from.id, endAt: null } })).toBe(0);
    expect(await testDb().client.count({ where: { id: { in: ten.map((c) => c.id) }, mentorId: to.id } })).toBe(10);
    for (const t of future) expect((await taskRow(t.id)).mentorId).toBe(to.id);
    expect((await taskRow(past.id)).mentorId).toBe(from.id);
    expect((await taskRow(notMoved.id)).mentorId).toBe(from.id);

    const audit = (await auditFor(to.id)).find((a) => a.action === "assignment.changed");
    expect(audit?.meta).toMatchObject({ count: 10, toMentorId: to.id });
    expect(JSON.stringify(audit?.meta)).not.toContain("Rebalancing");

    // The page's view agrees: her list is now these ten.
    const page = await listReassignClients(testDb(), sup, site.id, { mentor: to.id });
    expect(page.items.map((c) => c.id).sort()).toEqual(ten.map((c) => c.id).sort());
  });

  it("refuses an out-of-scope client or target with NOT_FOUND and writes nothing", async () => {
    const { site, from, to, sup } = await setup();
    const elsewhere = await siteWithCap(120);
    const foreignMentor = await mentor(elsewhere.id, ["en"]);
    const [mine] = await clientsOf(site.id, from.id, 1);
    const [foreign] = await clientsOf(elsewhere.id, foreignMentor.id, 1);
    const inactive = await mentor(site.id, ["en"], { active: false });
    const attempts = [
      { clientIds: [mine!.id, foreign!.id], target: to.id },
      { clientIds: [mine!.id], target: foreignMentor.id },
      { clientIds: [mine!.id], target: inactive.id },
      { clientIds: [mine!.id], target: sup.userId },
      { clientIds: [mine!.id, "00000000-0000-4000-8000-000000000000"], target: to.id },
    ];
    for (const input of attempts) {
      expect(await execute(testDb(), moveClientsCommand, sup, input)).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    }
    // An administrator may reach both sites, but a Mentor Mother of one site cannot take a client of another.
    expect(await execute(testDb(), moveClientsCommand, adminActor, { clientIds: [foreign!.id], target: to.id })).toMatchObject({
      ok: false, error: { code: "NOT_FOUND" },
    });
    // A Mentor Mother may not move anyone, not even her own clients.
    const mmActor = await actorFor(from);
    expect(await execute(testDb(), moveClientsCommand, mmActor, { clientIds: [mine!.id], target: to.id })).toMatchObject({
      ok: false, error: { code: "NOT_FOUND" },
    });
    expect(await testDb().client.findUniqueOrThrow({ where: { id: mine!.id } })).toMatchObject({ mentorId: from.id, version: 1 });
    expect(await testDb().assignment.count({ where: { clientId: { in: [mine!.id, foreign!.id] } } })).toBe(2);
    expect((await auditFor(to.id)).length).toBe(0);
  });

  it("refuses a target at her cap (never above it), writing nothing", async () => {
    const { site, from, to, sup } = await setup(5);
    await clientsOf(site.id, to.id, 4);
    const two = await clientsOf(site.id, from.id, 2);
    const r = await execute(testDb(), moveClientsCommand, sup, { clientIds: two.map((c) => c.id), target: to.id });
    expect(r).toMatchObject({ ok: false, error: { code: "VALIDATION", message: "mentorFull|1" } });
    expect(await testDb().client.count({ where: { id: { in: two.map((c) => c.id) }, mentorId: from.id } })).toBe(2);
    expect(await testDb().assignment.count({ where: { clientId: { in: two.map((c) => c.id) } } })).toBe(2);
    // Her own cap wins over the country's: with room for 2 the same move goes through.
    await testDb().mentorProfile.update({ where: { userId: to.id }, data: { caseloadCap: 6 } });
    expect(await execute(testDb(), moveClientsCommand, sup, { clientIds: two.map((c) => c.id), target: to.id })).toMatchObject({
      ok: true, data: { moved: 2 },
    });
    const loads = await loadsAtSite(site.id);
    for (const l of loads) expect(l.caseload).toBeLessThanOrEqual(l.cap);
  });

  it("two moves to the same Mentor Mother at the same moment cannot both pass her cap", async () => {
    const { site, from, to, sup } = await setup(4);
    const first = await clientsOf(site.id, from.id, 3);
    const second = await clientsOf(site.id, from.id, 3);
    // Room for 4: whichever runs second sees the first one's clients and is refused.
    const results = await Promise.all([
      execute(testDb(), moveClientsCommand, sup, { clientIds: first.map((c) => c.id), target: to.id }),
      execute(testDb(), moveClientsCommand, sup, { clientIds: second.map((c) => c.id), target: to.id }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: { message: "mentorFull|1" } });
    expect(await testDb().client.count({ where: { mentorId: to.id, status: "ACTIVE" } })).toBe(3);
  });

  it("the same clients moved to two Mentor Mothers at once end with exactly one open assignment each", async () => {
    const { site, from, to, sup } = await setup();
    const third = await mentor(site.id, ["en"]);
    const same = await clientsOf(site.id, from.id, 5);
    const ids = same.map((c) => c.id);
    const results = await Promise.all([
      execute(testDb(), moveClientsCommand, sup, { clientIds: ids, target: to.id }),
      execute(testDb(), moveClientsCommand, sup, { clientIds: ids, target: third.id }),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    const open = await testDb().assignment.findMany({ where: { clientId: { in: ids }, endAt: null } });
    expect(open).toHaveLength(5);
    const holders = await testDb().client.findMany({ where: { id: { in: ids } }, select: { id: true, mentorId: true } });
    for (const h of holders) expect(open.find((a) => a.clientId === h.id)?.mentorId).toBe(h.mentorId);
  });

  it("lists one preselected client for ?client=, and only within scope", async () => {
    const { site, from, sup } = await setup();
    const [one] = await clientsOf(site.id, from.id, 2);
    const page = await listReassignClients(testDb(), sup, site.id, { client: one!.id });
    expect(page.items.map((c) => c.id)).toEqual([one!.id]);
    const outsider = await actorFor(await createUser("SUPERVISOR", { siteIds: [(await siteWithCap(10)).id] }));
    expect((await listReassignClients(testDb(), outsider, site.id, { client: one!.id })).items).toHaveLength(0);
  });

  it("refuses clients who are no longer active", async () => {
    const { site, from, to, sup } = await setup();
    const [gone] = await clientsOf(site.id, from.id, 1, "en", "OPTED_OUT");
    expect(await execute(testDb(), moveClientsCommand, sup, { clientIds: [gone!.id], target: to.id })).toMatchObject({
      ok: false, error: { code: "VALIDATION", message: "clientsNotActive" },
    });
  });

  it("balances selected clients over all of the site's Mentor Mothers, never above a cap", async () => {
    const { site, from, to, sup } = await setup(120);
    const third = await mentor(site.id, ["en"], { cap: 3 });
    const selected = await clientsOf(site.id, from.id, 9);
    const r = await execute(testDb(), moveClientsCommand, sup, { clientIds: selected.map((c) => c.id), target: "balance" });
    expect(r).toMatchObject({ ok: true });
    if (!r.ok) return;
    expect(r.data.moved + r.data.unchanged).toBe(9);
    const counts = new Map((await loadsAtSite(site.id)).map((l) => [l.id, l.caseload]));
    // Ratios: cap 3 fills to 1 (1/3) while the others reach 4 (4/120): the lowest ratio goes first.
    expect([counts.get(from.id), counts.get(to.id), counts.get(third.id)]).toEqual([4, 4, 1]);
    expect(await testDb().assignment.count({ where: { clientId: { in: selected.map((c) => c.id) }, reason: "balance" } })).toBe(r.data.moved);
    const audit = await testDb().auditEvent.findFirst({ where: { actorId: sup.userId, action: "assignment.changed" } });
    expect(audit?.meta).toMatchObject({ count: r.data.moved, toMentorId: "balance" });
  });

  it("shows caseloads against caps, leave today, and the clients nobody holds", async () => {
    const { site, from, to, sup } = await setup(10);
    await clientsOf(site.id, from.id, 7);
    await clientsOf(site.id, null, 2);
    await testDb().mentorLeave.create({ data: { userId: to.id, startDate: dateOnly(day(0)), endDate: dateOnly(day(0)) } });
    const { current } = await assignmentSites(testDb(), sup, site.id);
    expect(current?.id).toBe(site.id);
    const view = await siteCaseloads(testDb(), sup, current!, new Date());
    expect(view.unassigned).toBe(2);
    const byId = new Map(view.mentors.map((m) => [m.id, m]));
    expect(byId.get(from.id)).toMatchObject({ caseload: 7, cap: 10, onLeaveToday: false });
    expect(byId.get(to.id)).toMatchObject({ caseload: 0, cap: 10, onLeaveToday: true });
    // A supervisor asking for another site gets her own.
    const elsewhere = await siteWithCap(10);
    expect((await assignmentSites(testDb(), sup, elsewhere.id)).current?.id).toBe(site.id);
  });
});
