// The benchmark harness's small parts (bench/): the result line and the load-test helpers B3/B4 use.
import { formatLine, type Benchmark } from "@/bench/lib";
import { loadTest, percentile } from "@/bench/calls-day";
import { hash32 } from "@/bench/lib";
import { b4Input } from "@/bench/b4-record";
import { outcomeSchema } from "@/lib/calls/record-schemas";

const bench = (name: string, target: string): Benchmark => ({ id: "BX", name, target, run: async () => ({ app: 0, baseline: 0 }) });

describe("formatLine", () => {
  it("prints times and their ratio", () => {
    expect(formatLine(bench("B1 x", "<= 1.5x"), { app: 3000, baseline: 1500 })).toBe("B1 x: 3.00 s vs 1.50 s = 2.00x (<= 1.5x)");
  });

  it("prints the shown values and the given ratio", () => {
    const line = formatLine(bench("B4 y", ">= 300/s"), { app: 40, baseline: 2000, ratio: 50, show: { app: "40 outcomes/s", baseline: "2000 inserts/s" } });
    expect(line).toBe("B4 y: 40 outcomes/s vs 2000 inserts/s = 50.0x (>= 300/s)");
  });

  it("prints '-' for a benchmark without a baseline", () => {
    const line = formatLine(bench("B7 z", "<= 3 s"), { app: 2500, baseline: NaN, show: { app: "JS 150 KB gz, usable 2.50 s" } });
    expect(line).toBe("B7 z: JS 150 KB gz, usable 2.50 s vs - = -x (<= 3 s)");
  });
});

describe("percentile", () => {
  it("takes the nearest rank of a sorted list", () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 95)).toBeNaN();
  });
});

describe("loadTest", () => {
  it("runs every index once with at most `workers` at a time", async () => {
    const seen: number[] = [];
    let running = 0;
    let peak = 0;
    const r = await loadTest(4, 25, async (i) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((res) => setTimeout(res, 1));
      seen.push(i);
      running--;
    });
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(peak).toBe(4);
    expect(r.latencies).toHaveLength(25);
    expect(r.latencies).toEqual([...r.latencies].sort((a, b) => a - b));
  });
});

describe("b4Input", () => {
  const taskId = "5e080000-0000-4000-8000-000000000001";

  it("is valid for the outcome schema, with fresh keys and dispositions fixed by the seed", () => {
    const a = Array.from({ length: 200 }, (_, i) => b4Input(42, i, taskId));
    const b = Array.from({ length: 200 }, (_, i) => b4Input(42, i, taskId));
    for (const input of a) expect(outcomeSchema.safeParse(input).success).toBe(true);
    expect(a.map((x) => x.disposition)).toEqual(b.map((x) => x.disposition));
    expect(new Set([...a, ...b].map((x) => x.idempotencyKey)).size).toBe(400);
    const reached = a.filter((x) => x.disposition === "REACHED").length;
    expect(reached).toBeGreaterThan(20);
    expect(reached).toBeLessThan(60);
    expect(a.every((x) => x.disposition === "REACHED" || x.disposition === "NO_ANSWER")).toBe(true);
  });

  it("hash32 is a pure function of its arguments", () => {
    expect(hash32(1, 2, 3)).toBe(hash32(1, 2, 3));
    expect(hash32(1, 2, 3)).not.toBe(hash32(2, 2, 3));
  });
});
