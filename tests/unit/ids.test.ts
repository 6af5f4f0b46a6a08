import { timeOrderedIds } from "@/lib/ids";

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("timeOrderedIds", () => {
  it("makes version-7 UUIDs that start with the time and only grow, within a call and across calls", () => {
    const t = Date.UTC(2026, 11, 6, 10, 0, 0);
    const first = timeOrderedIds(5000, t);
    const later = timeOrderedIds(3, t); // same millisecond: still after the first batch
    const next = timeOrderedIds(2, t + 1);
    const all = [...first, ...later, ...next];
    for (const id of all) expect(id).toMatch(UUID_V7);
    expect([...all].sort()).toEqual(all);
    expect(new Set(all).size).toBe(all.length);
    expect(first[0]!.replace(/-/g, "").slice(0, 12)).toBe(t.toString(16).padStart(12, "0"));
  });

  it("never goes back when the clock does", () => {
    const a = timeOrderedIds(1, Date.UTC(2026, 11, 6, 11));
    const b = timeOrderedIds(1, Date.UTC(2026, 11, 6, 9));
    expect(b[0]! > a[0]!).toBe(true);
  });
});
