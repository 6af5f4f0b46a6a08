// Issue 13, item 8: an .xlsx may only unpack to a bounded size. A small file whose shared strings
// inflate to 70 MB is refused with a clear file error before the reader caches anything.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { readRows } from "@/lib/imports/parse";
import { checkXlsxExpansion, XLSX_LIMITS } from "@/lib/imports/xlsx-bounds";
import { ImportFileError } from "@/lib/imports/errors";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "xlsx-bomb-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function zipFile(name: string, parts: Record<string, string>): Promise<string> {
  const zip = new JSZip();
  for (const [p, body] of Object.entries(parts)) zip.file(p, body);
  const file = path.join(dir, name);
  fs.writeFileSync(file, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 9 } }));
  return file;
}

async function errorKey(p: Promise<unknown>): Promise<string> {
  return p.then(() => "none", (e: unknown) => (e instanceof ImportFileError ? e.key : String(e)));
}

describe("xlsx expansion bound", () => {
  it("refuses shared strings that inflate past the bound, from a file of a few hundred KB", async () => {
    const big = XLSX_LIMITS.sharedStringsBytes + 6 * 1024 * 1024;
    const file = await zipFile("bomb.xlsx", {
      "[Content_Types].xml": "<Types/>",
      "xl/sharedStrings.xml": `<sst><si><t>${"A".repeat(big)}</t></si></sst>`,
    });
    expect(fs.statSync(file).size).toBeLessThan(1024 * 1024);
    expect(await errorKey(checkXlsxExpansion(file))).toBe("xlsxTooLarge");
    const rows = (async () => {
      for await (const r of readRows(file, "xlsx")) void r;
    })();
    expect(await errorKey(rows)).toBe("xlsxTooLarge");
  });

  it("lets a normal file through and counts every part", async () => {
    const file = await zipFile("small.xlsx", { "a.xml": "x".repeat(5000), "b.xml": "y".repeat(5000) });
    await expect(checkXlsxExpansion(file)).resolves.toBeUndefined();
    expect(await errorKey(checkXlsxExpansion(file, { ...XLSX_LIMITS, totalBytes: 8000 }))).toBe("xlsxTooLarge");
  });

  it("a file that is not a zip is unreadable, not a crash", async () => {
    const file = path.join(dir, "junk.xlsx");
    fs.writeFileSync(file, Buffer.from("PK\u0003\u0004 not really a zip"));
    expect(await errorKey(checkXlsxExpansion(file))).toBe("unreadableXlsx");
  });
});
