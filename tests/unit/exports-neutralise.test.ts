import { neutralise, safeCell } from "@/lib/exports/neutralise";
import { pseudonymKey, pseudonymousId } from "@/lib/exports/pseudonym";
import { csvLine } from "@/lib/imports/csv-output";

describe("formula neutralisation in every file", () => {
  it.each(["=1+2", "+27", "-5", "@SUM(A1)", "\tx", "\rx", "\nx"])("neutralises %j", (v) => {
    expect(neutralise(v)).toBe(`'${v}`);
    expect(safeCell(v)).toBe(`'${v}`);
  });

  it("leaves numbers, empties and plain text as they are", () => {
    expect(safeCell(-5)).toBe(-5);
    expect(safeCell(null)).toBeNull();
    expect(safeCell(undefined)).toBeNull();
    expect(safeCell("Clinic A")).toBe("Clinic A");
    expect(csvLine([-5, "-5"])).toBe("-5,'-5\r\n");
  });
});

describe("pseudonymous ids", () => {
  const key = "k".repeat(40);
  const id = "6f1c7a52-2b7e-4c6b-9d7e-0f4a1b2c3d4e";

  it("are stable for one key and differ between clients", () => {
    expect(pseudonymousId(key, id)).toBe(pseudonymousId(key, id));
    expect(pseudonymousId(key, id)).toMatch(/^P-[0-9a-f]{16}$/);
    expect(pseudonymousId(key, id)).not.toBe(pseudonymousId(key, "7f1c7a52-2b7e-4c6b-9d7e-0f4a1b2c3d4e"));
  });

  it("cannot be recomputed without the key, and never show the id", () => {
    expect(pseudonymousId("another-key-of-at-least-32-characters!", id)).not.toBe(pseudonymousId(key, id));
    expect(pseudonymousId(key, id)).not.toContain(id.slice(0, 8));
  });

  it("uses the configured key, else one derived from the session secret", () => {
    expect(pseudonymKey({ EXPORT_PSEUDONYM_KEY: key, NEXTAUTH_SECRET: "s".repeat(32) })).toBe(key);
    const derived = pseudonymKey({ NEXTAUTH_SECRET: "s".repeat(32) });
    expect(derived).toMatch(/^[0-9a-f]{64}$/);
    expect(derived).not.toContain("s".repeat(32));
  });
});
