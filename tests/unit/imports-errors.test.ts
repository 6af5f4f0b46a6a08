import { describeIssue, issueKey, issuesCsvRows, rowsWithIssues, sortIssues, type RowIssue, type Translate } from "@/lib/imports/errors";
import { TEMPLATE_COLUMNS } from "@/lib/imports/columns";
import en from "@/messages/en/imports.json";
import enErrors from "@/messages/en/errors.json";
import pt from "@/messages/pt/imports.json";
import ptErrors from "@/messages/pt/errors.json";

/** A small stand-in for next-intl's translator over a catalogue: {name} placeholders only. */
function translator(catalogue: object): Translate {
  const lookup = (key: string) => key.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), catalogue);
  const t = ((key: string, values: Record<string, string | number> = {}) =>
    String(lookup(key)).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`))) as Translate;
  t.has = (key: string) => typeof lookup(key) === "string";
  return t;
}

describe("row error formatting", () => {
  it("splits a 'key|n' message into key and parameter", () => {
    expect(issueKey("tooLong|80")).toEqual({ key: "tooLong", params: { n: "80" } });
    expect(issueKey("invalidDate")).toEqual({ key: "invalidDate" });
  });

  it("speaks the user's language: import keys from imports, validation keys from errors", () => {
    const [ti, te] = [translator(en), translator(enErrors)];
    expect(describeIssue({ row: 3, column: "site_code", key: "unknownSite", params: { code: "XX" } }, ti, te)).toBe(
      'Unknown site code "XX", or not one of your sites.',
    );
    expect(describeIssue({ row: 3, column: "date_of_birth", key: "dateInFuture" }, ti, te)).toBe("This date is in the future.");
    expect(describeIssue({ row: 3, column: "last_name", key: "tooLong", params: { n: "80" } }, ti, te)).toBe("At most 80 characters.");
    expect(describeIssue({ row: 3, column: "first_name", key: "required" }, ti, te)).toBe("Required.");
    expect(describeIssue({ row: 3, column: null, key: "duplicateRow", params: { n: 2 } }, ti, te)).toBe("Same client as row 2.");
    expect(describeIssue({ row: 3, column: null, key: "somethingNew" }, ti, te)).toBe("somethingNew");

    const [pi, pe] = [translator(pt), translator(ptErrors)];
    expect(describeIssue({ row: 3, column: null, key: "duplicateRow", params: { n: 2 } }, pi, pe)).toBe("Mesmo cliente que a linha 2.");
    expect(describeIssue({ row: 3, column: "phone_1", key: "invalidPhone" }, pi, pe)).not.toBe("invalidPhone");
  });

  it("orders issues like the file: by row, then by template column", () => {
    const issues: RowIssue[] = [
      { row: 9, column: "phone_1", key: "a" },
      { row: 2, column: "vl_copies", key: "b" },
      { row: 2, column: "site_code", key: "c" },
      { row: 2, column: null, key: "d" },
    ];
    expect(sortIssues(issues, TEMPLATE_COLUMNS).map((i) => i.key)).toEqual(["d", "c", "b", "a"]);
    expect(rowsWithIssues(issues)).toBe(2);
  });

  it("lays out the error CSV rows without cell values", () => {
    const rows = issuesCsvRows([{ row: 4, column: "phone_1", key: "invalidPhone" }, { row: 5, column: null, key: "exampleRow" }], "error", (i) => i.key);
    expect(rows).toEqual([
      [4, "phone_1", "error", "invalidPhone"],
      [5, "", "error", "exampleRow"],
    ]);
  });
});
