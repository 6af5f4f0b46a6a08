// How much an uploaded .xlsx may unpack to (issue 13, item 8). An .xlsx is a zip: a 300 KB file can
// hold shared strings that inflate to 300 MB, which the reader keeps in memory (it must, to resolve
// the cells that point at them). Before reading, every part of the file is inflated once, streaming,
// counting the bytes it really produces (sizes declared in the zip can lie), and the file is
// refused as soon as a bound is passed - in well under a second, with constant memory.
import fs from "node:fs";
import { pipeline } from "node:stream/promises";
import { Writable } from "node:stream";
import zlib from "node:zlib";
import { ImportFileError } from "@/lib/imports/errors";

export const XLSX_LIMITS = {
  /** The shared strings part, held in memory while the sheet is read. 100,000 rows of real
   * client data stay well under this. */
  sharedStringsBytes: 64 * 1024 * 1024,
  /** Everything the file unpacks to (the sheet XML is streamed, but inflating it costs time). */
  totalBytes: 512 * 1024 * 1024,
  entries: 10_000,
};

type Entry = { name: string; method: number; compressedSize: number; localHeaderOffset: number };

async function readAt(fd: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fd.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** The zip's central directory (the list of its parts). Anything unexpected: unreadable. */
async function entries(fd: fs.promises.FileHandle, size: number): Promise<Entry[]> {
  const tailLength = Math.min(size, 65_557);
  const tail = await readAt(fd, size - tailLength, tailLength);
  const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new ImportFileError("unreadableXlsx");
  const count = tail.readUInt16LE(eocd + 10);
  const dirSize = tail.readUInt32LE(eocd + 12);
  const dirOffset = tail.readUInt32LE(eocd + 16);
  if (count > XLSX_LIMITS.entries || dirOffset + dirSize > size) throw new ImportFileError("unreadableXlsx");
  const dir = await readAt(fd, dirOffset, dirSize);
  const out: Entry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== 0x02014b50) throw new ImportFileError("unreadableXlsx");
    const nameLength = dir.readUInt16LE(p + 28);
    const entry = {
      method: dir.readUInt16LE(p + 10),
      compressedSize: dir.readUInt32LE(p + 20),
      localHeaderOffset: dir.readUInt32LE(p + 42),
      name: dir.subarray(p + 46, p + 46 + nameLength).toString("utf8"),
    };
    // Zip64 (sizes past 4 GB) has no place in an upload of at most 200 MB.
    if (entry.compressedSize === 0xffffffff || entry.localHeaderOffset === 0xffffffff) throw new ImportFileError("unreadableXlsx");
    out.push(entry);
    p += 46 + nameLength + dir.readUInt16LE(p + 30) + dir.readUInt16LE(p + 32);
  }
  return out;
}

/** Refuses (ImportFileError "xlsxTooLarge") an .xlsx that unpacks to more than the bounds. */
export async function checkXlsxExpansion(path: string, limits = XLSX_LIMITS): Promise<void> {
  const fd = await fs.promises.open(path, "r");
  let total = 0;
  try {
    const { size } = await fd.stat();
    for (const e of await entries(fd, size)) {
      const local = await readAt(fd, e.localHeaderOffset, 30);
      if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) throw new ImportFileError("unreadableXlsx");
      const start = e.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      if (e.compressedSize === 0) continue;
      const partLimit = e.name === "xl/sharedStrings.xml" ? limits.sharedStringsBytes : limits.totalBytes;
      let part = 0;
      const counter = new Writable({
        write(chunk: Buffer, _enc, done) {
          part += chunk.length;
          total += chunk.length;
          if (part > partLimit || total > limits.totalBytes) done(new ImportFileError("xlsxTooLarge", { mb: Math.round(partLimit / 1024 / 1024) }));
          else done();
        },
      });
      const raw = fs.createReadStream(path, { start, end: start + e.compressedSize - 1 });
      if (e.method === 0) await pipeline(raw, counter);
      else if (e.method === 8) await pipeline(raw, zlib.createInflateRaw(), counter);
      else throw new ImportFileError("unreadableXlsx");
    }
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    throw new ImportFileError("unreadableXlsx");
  } finally {
    await fd.close();
  }
}
