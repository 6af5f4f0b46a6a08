import {
  QUEUE_FILTERS,
  inSafeWindow,
  isCallableNow,
  isClaimedByOther,
  matchesFilter,
  orderQueue,
  progressOf,
  refreshQueue,
  waitReason,
} from "@/lib/calls/queue-rules";
import { localDay, minuteOfDay } from "@/lib/site-clock";
import { hhmmOf } from "@/lib/minutes";
import { queueItem } from "./fixtures/queue-item";

const NOW = new Date("2026-03-03T10:00:00.000Z"); // 13:00 in Nairobi (UTC+3)
const TZ = "Africa/Nairobi";
const at = (hhmmText: string) => Number(hhmmText.slice(0, 2)) * 60 + Number(hhmmText.slice(3));

const item = queueItem;

describe("minuteOfDay / localDay / hhmm", () => {
  it("reads the site's local clock, not the machine's", () => {
    expect(minuteOfDay(TZ, NOW)).toBe(13 * 60);
    expect(minuteOfDay("UTC", NOW)).toBe(10 * 60);
    expect(minuteOfDay("America/Sao_Paulo", NOW)).toBe(7 * 60);
    // Midnight is 0, never 24:00.
    expect(minuteOfDay(TZ, new Date("2026-03-03T21:00:00.000Z"))).toBe(0);
    expect(localDay(TZ, new Date("2026-03-03T21:30:00.000Z"))).toBe("2026-03-04");
    expect(localDay("UTC", new Date("2026-03-03T21:30:00.000Z"))).toBe("2026-03-03");
  });

  it("formats minutes as HH:MM", () => {
    expect(hhmmOf(0)).toBe("00:00");
    expect(hhmmOf(at("08:05"))).toBe("08:05");
    expect(hhmmOf(1439)).toBe("23:59");
  });
});

describe("inSafeWindow", () => {
  it("a missing bound means any time", () => {
    for (const m of [0, 600, 1439]) {
      expect(inSafeWindow(m, null, null)).toBe(true);
      expect(inSafeWindow(m, 480, null)).toBe(true);
      expect(inSafeWindow(m, null, 1020)).toBe(true);
    }
  });

  it("a daytime window includes its start and excludes its end", () => {
    const [from, to] = [at("08:00"), at("17:00")];
    expect(inSafeWindow(at("07:59"), from, to)).toBe(false);
    expect(inSafeWindow(at("08:00"), from, to)).toBe(true);
    expect(inSafeWindow(at("12:30"), from, to)).toBe(true);
    expect(inSafeWindow(at("16:59"), from, to)).toBe(true);
    expect(inSafeWindow(at("17:00"), from, to)).toBe(false);
  });

  it("a window with from > to wraps midnight", () => {
    const [from, to] = [at("20:00"), at("06:00")];
    expect(inSafeWindow(at("19:59"), from, to)).toBe(false);
    expect(inSafeWindow(at("20:00"), from, to)).toBe(true);
    expect(inSafeWindow(at("23:59"), from, to)).toBe(true);
    expect(inSafeWindow(0, from, to)).toBe(true);
    expect(inSafeWindow(at("05:59"), from, to)).toBe(true);
    expect(inSafeWindow(at("06:00"), from, to)).toBe(false);
    expect(inSafeWindow(at("12:00"), from, to)).toBe(false);
  });

  it("a window of no length is never safe", () => {
    expect(inSafeWindow(at("09:00"), at("09:00"), at("09:00"))).toBe(false);
    expect(inSafeWindow(at("10:00"), at("09:00"), at("09:00"))).toBe(false);
  });
});

describe("callable now and why not", () => {
  const m = at("13:00");

  it("an open task, due, with a phone inside its safe hours, can be called", () => {
    expect(isCallableNow(item(), NOW, m)).toBe(true);
    expect(isCallableNow(item({ status: "CLAIMED" }), NOW, m)).toBe(true);
    expect(isCallableNow(item({ status: "RETRY_LATER", nextAttemptAt: "2026-03-03T09:59:00.000Z" }), NOW, m)).toBe(true);
    expect(isCallableNow(item({ status: "RETRY_LATER", nextAttemptAt: NOW.toISOString() }), NOW, m)).toBe(true);
    expect(isCallableNow(item({ safeFromMinute: at("12:00"), safeToMinute: at("14:00") }), NOW, m)).toBe(true);
  });

  it("says why a task must wait, the most decisive reason first", () => {
    expect(waitReason(item({ claimedByOther: true, status: "CLAIMED", hasPhone: false }), NOW, m)).toBe("colleague");
    expect(waitReason(item({ hasPhone: false, nextAttemptAt: "2026-03-03T11:00:00.000Z" }), NOW, m)).toBe("noPhone");
    expect(waitReason(item({ status: "RETRY_LATER", nextAttemptAt: "2026-03-03T11:30:00.000Z", safeFromMinute: 0, safeToMinute: 60 }), NOW, m)).toBe("retryLater");
    expect(waitReason(item({ safeFromMinute: at("17:00"), safeToMinute: at("20:00") }), NOW, m)).toBe("outsideSafeHours");
    expect(waitReason(item({ safeFromMinute: at("18:00"), safeToMinute: at("07:00") }), NOW, m)).toBe("outsideSafeHours");
    for (const over of [{ claimedByOther: true }, { hasPhone: false }, { nextAttemptAt: "2026-03-03T10:01:00.000Z" }, { safeFromMinute: 0, safeToMinute: 60 }]) {
      expect(isCallableNow(item(over), NOW, m)).toBe(false);
    }
  });

  it("finished tasks are neither callable nor waiting", () => {
    for (const status of ["DONE", "ESCALATED", "CANCELLED", "CARRIED_OVER"] as const) {
      expect(isCallableNow(item({ status }), NOW, m)).toBe(false);
      expect(waitReason(item({ status, hasPhone: false }), NOW, m)).toBeNull();
    }
  });

  it("a claim is a colleague's while it is live and not hers", () => {
    const me = "me";
    const live = new Date(NOW.getTime() - 14 * 60_000);
    const abandoned = new Date(NOW.getTime() - 16 * 60_000);
    expect(isClaimedByOther({ status: "CLAIMED", claimedById: "her", claimedAt: live }, me, NOW, 15)).toBe(true);
    expect(isClaimedByOther({ status: "CLAIMED", claimedById: "her", claimedAt: abandoned }, me, NOW, 15)).toBe(false);
    expect(isClaimedByOther({ status: "CLAIMED", claimedById: me, claimedAt: live }, me, NOW, 15)).toBe(false);
    expect(isClaimedByOther({ status: "CLAIMED", claimedById: "her", claimedAt: null }, me, NOW, 15)).toBe(false);
    expect(isClaimedByOther({ status: "PENDING", claimedById: "her", claimedAt: live }, me, NOW, 15)).toBe(false);
  });
});

describe("orderQueue", () => {
  it("callable now first, then waiting, then finished; queue order (rank) within each", () => {
    const items = [
      item({ id: "done-0", status: "DONE", callableNow: false, rank: 0 }),
      item({ id: "wait-1", status: "RETRY_LATER", callableNow: false, rank: 1 }),
      item({ id: "call-2", rank: 2 }),
      item({ id: "esc-3", status: "ESCALATED", callableNow: false, rank: 3 }),
      item({ id: "wait-4", callableNow: false, rank: 4 }),
      item({ id: "call-5", status: "CLAIMED", rank: 5 }),
    ];
    expect(orderQueue(items).map((i) => i.id)).toEqual(["call-2", "call-5", "wait-1", "wait-4", "done-0", "esc-3"]);
    // A new array; the input is untouched.
    expect(items[0]!.id).toBe("done-0");
  });

  it("refreshQueue recomputes callable now with the clock and re-sorts", () => {
    const items = [
      item({ id: "evening", safeFromMinute: at("18:00"), safeToMinute: at("21:00"), rank: 0, callableNow: true }),
      item({ id: "any", rank: 1, callableNow: false }),
    ];
    const noon = refreshQueue(items, NOW, at("12:00"));
    expect(noon.map((i) => [i.id, i.callableNow])).toEqual([["any", true], ["evening", false]]);
    const evening = refreshQueue(items, NOW, at("19:00"));
    expect(evening.map((i) => [i.id, i.callableNow])).toEqual([["evening", true], ["any", true]]);
    // An optimistic update by the outcome form: the task is done, so it moves to the end.
    const afterCall = refreshQueue([{ ...evening[0]!, status: "DONE" }, evening[1]!], NOW, at("19:00"));
    expect(afterCall.map((i) => i.id)).toEqual(["any", "evening"]);
  });
});

describe("progressOf", () => {
  it("done = DONE + ESCALATED + CANCELLED, to do = PENDING + CLAIMED, retry later; CARRIED_OVER nowhere", () => {
    const statuses = ["DONE", "ESCALATED", "CANCELLED", "PENDING", "PENDING", "CLAIMED", "RETRY_LATER", "CARRIED_OVER"] as const;
    expect(progressOf(statuses.map((status) => ({ status })))).toEqual({ done: 3, toDo: 3, retryLater: 1 });
    expect(progressOf([])).toEqual({ done: 0, toDo: 0, retryLater: 0 });
  });
});

describe("matchesFilter", () => {
  const fresh = item({ id: "fresh" });
  const claimedFresh = item({ id: "claimed", status: "CLAIMED" });
  const retryDue = item({ id: "due", status: "RETRY_LATER", attempts: 1, nextAttemptAt: "2026-03-03T09:00:00.000Z" });
  const retryLater = item({ id: "later", status: "RETRY_LATER", attempts: 1, nextAttemptAt: "2026-03-03T12:00:00.000Z" });
  const callback = item({ id: "cb", status: "RETRY_LATER", attempts: 1, callback: true, nextAttemptAt: "2026-03-03T09:30:00.000Z" });
  const done = item({ id: "done", status: "DONE", attempts: 1 });
  const cancelledUntried = item({ id: "cancelled", status: "CANCELLED", attempts: 0 });
  const all = [fresh, claimedFresh, retryDue, retryLater, callback, done, cancelledUntried];
  const ids = (f: (typeof QUEUE_FILTERS)[number]) => all.filter((i) => matchesFilter(i, f, NOW)).map((i) => i.id);

  it("all shows everything", () => {
    expect(ids("all")).toEqual(all.map((i) => i.id));
  });
  it("not yet called: no attempt and still open", () => {
    expect(ids("notCalled")).toEqual(["fresh", "claimed"]);
  });
  it("retry due now: RETRY_LATER whose time has come", () => {
    expect(ids("retryDue")).toEqual(["due", "cb"]);
  });
  it("callbacks: the callback flag", () => {
    expect(ids("callbacks")).toEqual(["cb"]);
  });
  it("the four filters, in the order of the buttons", () => {
    expect(QUEUE_FILTERS).toEqual(["all", "notCalled", "retryDue", "callbacks"]);
  });
});
