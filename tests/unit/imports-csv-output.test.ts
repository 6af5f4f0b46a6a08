import { csvField, csvLine, neutralise, UTF8_BOM } from "@/lib/imports/csv-output";
import { cellText } from "@/lib/imports/rows";
import { pgArray } from "@/lib/imports/pg-array";
import { templateCsv } from "@/lib/imports/template";
import { TEMPLATE_COLUMNS } from "@/lib/imports/columns";

describe("CSV we write", () => {
  it.each(["=1+2", "+27721234567", "-5", "@SUM(A1)", "\tx", "\rx"])("neutralises the formula prefix of %j", (v) => {
    expect(neutralise(v)).toBe(`'${v}`);
  });

  it("leaves ordinary text alone", () => {
    expect(neutralise("Thandiwe")).toBe("Thandiwe");
    expect(neutralise("2026-01-15")).toBe("2026-01-15");
    expect(neutralise("a=b")).toBe("a=b");
  });

  it("quotes separators, quotes, line breaks and edge spaces", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField(" padded")).toBe('" padded"');
    expect(csvField(null)).toBe("");
    expect(csvField(12)).toBe("12");
    // The guard applies before quoting, and a guarded value with a comma is still quoted.
    expect(csvField("=HYPERLINK(\"x\",\"y\")")).toBe("\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
    expect(csvLine(["a", 1, "=x"])).toBe("a,1,'=x\r\n");
  });

  it("reads back what it neutralised, and nothing else", () => {
    expect(cellText("'+27721234567")).toBe("+27721234567");
    expect(cellText("'=1")).toBe("=1");
    expect(cellText("O'Brien")).toBe("O'Brien");
    expect(cellText("'quoted")).toBe("'quoted");
    expect(cellText("  x  ")).toBe("x");
    expect(cellText(undefined)).toBe("");
  });

  it("writes the template as UTF-8 with a byte-order mark, one header and one example row", () => {
    const csv = templateCsv();
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    const lines = csv.slice(1).trim().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]!.split(",")).toEqual([...TEMPLATE_COLUMNS]);
    // The example phone starts with "+": written guarded.
    expect(lines[1]).toContain("'+27721234567");
  });
});

describe("PostgreSQL array literals", () => {
  it("quotes every text element and escapes quotes and backslashes", () => {
    expect(pgArray(["a", 'b"c', "d\\e", "", "NULL"])).toBe('{"a","b\\"c","d\\\\e","","NULL"}');
  });
  it("writes NULL, booleans and numbers bare", () => {
    expect(pgArray([null, undefined, true, false, 0, 1200])).toBe("{NULL,NULL,t,f,0,1200}");
    expect(pgArray([])).toBe("{}");
    expect(() => pgArray([Number.NaN])).toThrow();
  });
});
