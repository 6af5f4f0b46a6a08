import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { ImportFileError } from "@/lib/imports/errors";
import { countRows, csvRowsOf, detectDelimiter, readRows, sniffFileType, strictUtf8, xlsxCellText } from "@/lib/imports/parse";

async function* chunks(...parts: (string | Buffer | number[])[]): AsyncGenerator<Buffer> {
  for (const p of parts) yield Buffer.isBuffer(p) ? p : typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p);
}
async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
async function fileError(p: Promise<unknown>): Promise<ImportFileError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ImportFileError) return e;
    throw e;
  }
  throw new Error("expected an ImportFileError");
}

describe("strict UTF-8", () => {
  it("decodes UTF-8, drops the byte-order mark, and joins a character split between chunks", async () => {
    const bytes = Buffer.from("\uFEFFnome\nJoão", "utf8");
    const cut = bytes.length - 2; // inside the two bytes of "ã"
    expect((await collect(strictUtf8(chunks(bytes.subarray(0, cut), bytes.subarray(cut))))).join("")).toBe("nome\nJoão");
  });

  it("refuses Windows-1252 bytes (a CSV saved in the wrong encoding)", async () => {
    const e = await fileError(collect(strictUtf8(chunks("name\nJo", [0xe3, 0x6f]))));
    expect(e.key).toBe("badEncoding");
  });

  it("refuses UTF-16, with or without a byte-order mark", async () => {
    expect((await fileError(collect(strictUtf8(chunks(Buffer.from("\uFEFFab", "utf16le")))))).key).toBe("badEncoding");
    expect((await fileError(collect(strictUtf8(chunks(Buffer.from("ab", "utf16le")))))).key).toBe("badEncoding");
  });

  it("refuses a sequence cut off at the end of the file", async () => {
    expect((await fileError(collect(strictUtf8(chunks("ok", [0xc3]))))).key).toBe("badEncoding");
  });
});

describe("CSV rows", () => {
  async function* text(...parts: string[]) {
    yield* parts;
  }

  it("picks the separator of the header line", () => {
    expect(detectDelimiter("a,b,c")).toBe(",");
    expect(detectDelimiter("a;b;c")).toBe(";");
    expect(detectDelimiter("a\tb")).toBe("\t");
    expect(detectDelimiter("single")).toBe(",");
  });

  it("numbers rows as a spreadsheet does, keeps quoted separators and line breaks, and keeps blank lines' numbers", async () => {
    const rows = await collect(csvRowsOf(text("a;b\r\n1;", '"x;y"\r\n\r\n2;"multi\nline"\r\n')));
    expect(rows).toEqual([
      { row: 1, cells: ["a", "b"] },
      { row: 2, cells: ["1", "x;y"] },
      { row: 3, cells: [""] },
      { row: 4, cells: ["2", "multi\nline"] },
    ]);
  });

  it("reports a quote that is never closed as a malformed file", async () => {
    const e = await fileError(collect(csvRowsOf(text('a,b\n1,"open\n2,3\n'))));
    expect(e.key).toBe("malformedCsv");
  });
});

describe("files", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "imports-unit-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, data: string | Buffer) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, data);
    return p;
  };

  it("tells the type from the first bytes, not the name", async () => {
    expect(await sniffFileType(write("a.xlsx", "site_code\n"))).toBe("csv");
    expect(await sniffFileType(write("b.csv", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0])))).toBe("xlsx");
    expect((await fileError(sniffFileType(write("c.xls", Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2]))))).key).toBe("unsupportedFormat");
    expect((await fileError(sniffFileType(write("d.csv", ""))))).toMatchObject({ key: "empty" });
  });

  it("refuses a PDF or a picture uploaded as a client file, saying what it is", async () => {
    expect(await fileError(sniffFileType(write("clients.csv", "%PDF-1.4\n%âãÏÓ\n")))).toMatchObject({ key: "notASpreadsheet", params: { kind: "PDF" } });
    expect(await fileError(sniffFileType(write("clients.pdf", "%PDF-1.7")))).toMatchObject({ key: "notASpreadsheet", params: { kind: "PDF" } });
    expect(await fileError(sniffFileType(write("photo.csv", Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))))).toMatchObject({ key: "notASpreadsheet", params: { kind: "JPEG" } });
    expect(await sniffFileType(write("ok.csv", "%not a pdf,x\n"))).toBe("csv");
  });

  it("reads the first worksheet of an .xlsx, dates and numbers as text", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Clients");
    ws.addRow(["first_name", "date_of_birth", "phone_1", "phone_1_safe_from", "consent_calls"]);
    ws.addRow(["Zanele", new Date(Date.UTC(1995, 4, 6)), 27721234567, new Date(Date.UTC(1899, 11, 30, 17, 30)), true]);
    ws.addRow([{ richText: [{ text: "Tha" }, { text: "ndi" }] }, "1990-01-02", "+27721234567", { formula: "A1" }, { formula: "1=1", result: true }]);
    wb.addWorksheet("Notes").addRow(["ignored"]);
    const p = path.join(dir, "clients.xlsx");
    await wb.xlsx.writeFile(p);
    const rows = await collect(readRows(p, "xlsx"));
    expect(rows).toEqual([
      { row: 1, cells: ["first_name", "date_of_birth", "phone_1", "phone_1_safe_from", "consent_calls"] },
      { row: 2, cells: ["Zanele", "1995-05-06", "27721234567", "17:30", "yes"] },
      // A formula gives its saved result (Excel stores TRUE as 1); one without a result gives "".
      { row: 3, cells: ["Thandi", "1990-01-02", "+27721234567", "", "1"] },
    ]);
    expect(await countRows(p, "xlsx", 10)).toBe(2);
  });

  it("refuses a zip that is not a workbook", async () => {
    const p = write("broken.xlsx", Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 7)]));
    const e = await fileError(collect(readRows(p, "xlsx")));
    expect(["unreadableXlsx", "noSheet"]).toContain(e.key);
  });

  it("counts rows past the header, stopping after the limit", async () => {
    const p = write("count.csv", "a\n1\n\n2\n3\n4\n");
    expect(await countRows(p, "csv", 2)).toBe(3);
    expect(await countRows(p, "csv", 100)).toBe(4);
  });

  it("converts Excel serial dates and fractions of a day in date and time columns", () => {
    expect(xlsxCellText(45292, "date_of_birth")).toBe("2024-01-01");
    expect(xlsxCellText(0.75, "phone_2_safe_to")).toBe("18:00");
    expect(xlsxCellText(45292, "vl_copies")).toBe("45292");
    expect(xlsxCellText({ text: "link", hyperlink: "http://x" }, "first_name")).toBe("link");
    expect(xlsxCellText(null, "first_name")).toBe("");
  });
});
