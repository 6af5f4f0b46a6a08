// The Mentor Mother's queue against the real database (lib/calls/queue.ts): order, the per-task
// flags, progress, scope; the SQL safe-hours rule agrees with the pure one; "next call" skips tasks
// that cannot be called now.
import { randomUUID } from "node:crypto";
import { execute } from "@/lib/action";
import type { Actor } from "@/lib/authz";
import { dateOnly } from "@/lib/dates";
import { localDay, minuteOfDay } from "@/lib/site-clock";
import { addDaysIso } from "@/lib/calls/calendar";
import { myQueue } from "@/lib/calls/queue";
import { safeNowSql } from "@/lib/calls/queue-sql";
import { inSafeWindow } from "@/lib/calls/queue-rules";
import { claimNextTaskCommand } from "@/lib/calls/claim";
import type { TaskStatus } from "@/lib/generated/prisma/enums";
import { actorFor, closeDb, createClient, createSite, createUser, testDb } from "../factories";

const TZ = "Africa/Johannesburg"; // UTC+2 all year
const db = testDb();
const at = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));

let siteId: string;

async function newMentor(): Promise<Actor> {
  return actorFor(await createUser("MENTOR_MOTHER", { siteIds: [siteId] }));
}

type PhoneSpec = { from?: number; to?: number; primary?: boolean; status?: "OK" | "WRONG_NUMBER" };

async function clientWith(m: Actor, opts: { phones?: PhoneSpec[]; lastReachedAt?: Date; firstName?: string } = {}) {
  const c = await createClient(siteId, { mentorId: m.userId });
  if (opts.lastReachedAt || opts.firstName) {
    await db.client.update({ where: { id: c.id }, data: { lastReachedAt: opts.lastReachedAt, firstName: opts.firstName } });
  }
  for (const p of opts.phones ?? [{}]) {
    await db.clientPhone.create({
      data: {
        clientId: c.id,
        number: `+2782${Math.floor(1e6 + Math.random() * 8e6)}`,
        isPrimary: p.primary ?? true,
        safeFromMinute: p.from ?? null,
        safeToMinute: p.to ?? null,
        status: p.status ?? "OK",
      },
    });
  }
  return c;
}

async function task(
  m: Actor,
  day: string,
  over: { priority: number; status?: TaskStatus; reasons?: string[]; phones?: PhoneSpec[]; lastReachedAt?: Date; attempts?: number; nextAttemptAt?: Date; claimedBy?: Actor; claimedAt?: Date },
) {
  const c = await clientWith(m, { phones: over.phones, lastReachedAt: over.lastReachedAt });
  return db.callTask.create({
    data: {
      clientId: c.id,
      mentorId: m.userId,
      taskDate: dateOnly(day),
      reasons: over.reasons ?? ["adherence"],
      priority: over.priority,
      status: over.status ?? "PENDING",
      attempts: over.attempts ?? 0,
      nextAttemptAt: over.nextAttemptAt ?? null,
      claimedById: over.claimedBy?.userId ?? null,
      claimedAt: over.claimedAt ?? null,
      firstDueDate: dateOnly(day),
    },
  });
}

beforeAll(async () => {
  siteId = (await createSite({ timeZone: TZ })).id;
});
afterAll(closeDb);

describe("myQueue", () => {
  // 10:00 at the site.
  const day = localDay(TZ, new Date());
  const now = new Date(`${day}T08:00:00.000Z`);

  it("lists her day in order with the flags and the progress; nobody else's tasks, nothing carried over", async () => {
    const m = await newMentor();
    const colleague = await newMentor();
    const evening = { from: at("18:00"), to: at("21:00") };
    const A = await task(m, day, { priority: 3 });
    const I = await task(m, day, { priority: 3, reasons: ["callback", "adherence"], lastReachedAt: new Date(`${addDaysIso(day, -20)}T09:00:00Z`) });
    // Primary phone only in the evening, a second phone in the morning: the morning phone is the one to call.
    const C = await task(m, day, { priority: 5, phones: [{ ...evening, primary: true }, { from: at("08:00"), to: at("12:00"), primary: false }] });
    // A window across midnight that holds 10:00.
    const J = await task(m, day, { priority: 6, phones: [{ from: at("22:00"), to: at("11:00") }] });
    const B = await task(m, day, { priority: 1, phones: [evening] });
    const F = await task(m, day, { priority: 2, status: "CLAIMED", claimedBy: colleague, claimedAt: new Date(now.getTime() - 5 * 60_000) });
    const D = await task(m, day, { priority: 4, status: "RETRY_LATER", attempts: 1, nextAttemptAt: new Date(now.getTime() + 3600_000) });
    await db.callAttempt.create({
      data: { taskId: D.id, clientId: D.clientId, mentorId: m.userId, disposition: "CALLBACK_REQUESTED", idempotencyKey: `k_${randomUUID()}`, createdAt: new Date(now.getTime() - 3600_000) },
    });
    const E = await task(m, day, { priority: 8, phones: [] });
    const K = await task(m, day, { priority: 9, phones: [{ status: "WRONG_NUMBER" }] });
    const G = await task(m, day, { priority: 1, status: "DONE", attempts: 1 });
    const carried = await task(m, day, { priority: 1, status: "CARRIED_OVER" });
    // Her own claim, abandoned or live, stays hers to call.
    const mine = await task(m, day, { priority: 7, status: "CLAIMED", claimedBy: m, claimedAt: new Date(now.getTime() - 60_000) });
    const abandoned = await task(m, day, { priority: 7, status: "CLAIMED", claimedBy: colleague, claimedAt: new Date(now.getTime() - 20 * 60_000), lastReachedAt: new Date("2026-01-01T00:00:00Z") });
    const theirs = await task(colleague, day, { priority: 1 });
    const yesterday = await task(m, addDaysIso(day, -1), { priority: 1 });

    const q = await myQueue(db, m, { now });
    expect(q.day).toBe(day);
    expect(q.site).toMatchObject({ id: siteId, timeZone: TZ });
    expect(q.nowMinute).toBe(at("10:00"));
    expect(q.readAt).toBe(now.toISOString());
    const ids = q.items.map((i) => i.id);
    expect(ids).toEqual([A.id, I.id, C.id, J.id, mine.id, abandoned.id, B.id, F.id, D.id, E.id, K.id, G.id]);
    for (const absent of [carried.id, theirs.id, yesterday.id]) expect(ids).not.toContain(absent);
    expect(q.progress).toEqual({ done: 1, toDo: 10, retryLater: 1 });

    const by = new Map(q.items.map((i) => [i.id, i]));
    const flags = (id: string) => {
      const i = by.get(id)!;
      return { callableNow: i.callableNow, claimedByOther: i.claimedByOther, hasPhone: i.hasPhone, callback: i.callback };
    };
    expect(flags(A.id)).toEqual({ callableNow: true, claimedByOther: false, hasPhone: true, callback: false });
    expect(flags(I.id)).toEqual({ callableNow: true, claimedByOther: false, hasPhone: true, callback: true });
    expect(by.get(C.id)).toMatchObject({ callableNow: true, safeFromMinute: at("08:00"), safeToMinute: at("12:00") });
    expect(by.get(J.id)).toMatchObject({ callableNow: true, safeFromMinute: at("22:00"), safeToMinute: at("11:00") });
    expect(flags(mine.id)).toEqual({ callableNow: true, claimedByOther: false, hasPhone: true, callback: false });
    expect(flags(abandoned.id)).toEqual({ callableNow: true, claimedByOther: false, hasPhone: true, callback: false });
    expect(by.get(B.id)).toMatchObject({ callableNow: false, safeFromMinute: evening.from, safeToMinute: evening.to });
    expect(flags(F.id)).toEqual({ callableNow: false, claimedByOther: true, hasPhone: true, callback: false });
    expect(by.get(D.id)).toMatchObject({ callableNow: false, callback: true, status: "RETRY_LATER", attempts: 1, nextAttemptAt: new Date(now.getTime() + 3600_000).toISOString() });
    expect(flags(E.id)).toEqual({ callableNow: false, claimedByOther: false, hasPhone: false, callback: false });
    expect(by.get(E.id)).toMatchObject({ safeFromMinute: null, safeToMinute: null });
    expect(flags(K.id)).toEqual({ callableNow: false, claimedByOther: false, hasPhone: false, callback: false });
    expect(by.get(G.id)).toMatchObject({ status: "DONE", callableNow: false });
    // First name, what tells two of one name apart (surname initial, age, a baby's name), sex for
    // the wording and language: nothing else about the client, no health detail.
    expect(Object.keys(by.get(A.id)!).sort()).toEqual(
      ["age", "attempts", "callableNow", "callback", "claimedByOther", "firstName", "hasPhone", "id", "infantName", "language", "nextAttemptAt", "priority", "rank", "reasons", "safeFromMinute", "safeToMinute", "sex", "status", "surnameInitial"].sort(),
    );
    expect(by.get(A.id)).toMatchObject({ firstName: "Test", language: "en", reasons: ["adherence"], priority: 3 });
    // rank is the queue order, whatever the group.
    expect(by.get(B.id)!.rank).toBeLessThan(by.get(A.id)!.rank);
    // The same read at 19:00: the evening phones may be called, the morning-only one may not.
    const later = await myQueue(db, m, { now: new Date(`${day}T17:00:00.000Z`) });
    const laterBy = new Map(later.items.map((i) => [i.id, i]));
    expect(laterBy.get(B.id)!.callableNow).toBe(true);
    expect(laterBy.get(C.id)).toMatchObject({ callableNow: true, safeFromMinute: evening.from });
    expect(laterBy.get(J.id)!.callableNow).toBe(false);
  });

  it("says whether she works that day", async () => {
    const m = await newMentor();
    const q = await myQueue(db, m, { day: "2026-03-07" }); // a Saturday
    expect(q).toMatchObject({ day: "2026-03-07", workingDay: false, worksToday: false, items: [], progress: { done: 0, toDo: 0, retryLater: 0 } });
    const monday = await myQueue(db, m, { day: "2026-03-09" });
    expect(monday).toMatchObject({ workingDay: true, worksToday: true });
    await db.mentorLeave.create({ data: { userId: m.userId, startDate: dateOnly("2026-03-09"), endDate: dateOnly("2026-03-10") } });
    expect(await myQueue(db, m, { day: "2026-03-09" })).toMatchObject({ workingDay: true, worksToday: false });
  });

  it("is only for Mentor Mothers", async () => {
    const supervisor = await actorFor(await createUser("SUPERVISOR", { siteIds: [siteId] }));
    await expect(myQueue(db, supervisor)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("safe hours in SQL", () => {
  it("agrees with the pure rule, across midnight and with missing bounds", async () => {
    const m = await newMentor();
    const windows: [number | null, number | null][] = [
      [null, null],
      [at("08:00"), at("17:00")],
      [at("20:00"), at("06:00")],
      [at("09:00"), at("09:00")],
      [0, 1439],
    ];
    const c = await clientWith(m, { phones: windows.map(([from, to]) => ({ from: from ?? undefined, to: to ?? undefined, primary: false })) });
    const phones = await db.clientPhone.findMany({ where: { clientId: c.id }, select: { id: true, safeFromMinute: true, safeToMinute: true } });
    for (const minute of [0, at("05:59"), at("06:00"), at("07:59"), at("08:00"), at("09:00"), at("16:59"), at("17:00"), at("19:59"), at("20:00"), 1439]) {
      const rows = await db.$queryRaw<{ id: string }[]>`SELECT p.id FROM client_phones p WHERE p.client_id = ${c.id}::uuid AND ${safeNowSql(minute)}`;
      const expected = phones.filter((p) => inSafeWindow(minute, p.safeFromMinute, p.safeToMinute)).map((p) => p.id);
      expect({ minute, ids: rows.map((r) => r.id).sort() }).toEqual({ minute, ids: expected.sort() });
    }
  });
});

describe("claimNext and safe hours", () => {
  it("skips tasks whose phones are all outside their safe hours now, or that have no working phone", async () => {
    const m = await newMentor();
    const day = localDay(TZ, new Date());
    const minute = minuteOfDay(TZ, new Date());
    const around = (fromOffset: number, toOffset: number) => ({ from: (minute + fromOffset + 1440) % 1440, to: (minute + toOffset + 1440) % 1440 });
    await task(m, day, { priority: 1, phones: [around(60, 120), { ...around(-120, -60), primary: false }] });
    await task(m, day, { priority: 2, phones: [] });
    await task(m, day, { priority: 3, phones: [{ status: "WRONG_NUMBER" }] });
    // Outside on the primary phone, inside on the second one: callable.
    const callable = await task(m, day, { priority: 4, phones: [around(60, 120), { ...around(-60, 60), primary: false }] });
    const r = await execute(db, claimNextTaskCommand, m, {});
    expect(r).toMatchObject({ ok: true, data: { taskId: callable.id } });
    // Nothing else may be called now.
    await db.callTask.update({ where: { id: callable.id }, data: { status: "DONE" } });
    expect(await execute(db, claimNextTaskCommand, m, {})).toEqual({ ok: true, data: null });
  });
});
