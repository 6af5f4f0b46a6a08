// Saving an upload: the request body is streamed to a private temporary file, counting bytes, so a
// file over the limit is refused as soon as it passes the limit (or at once from its declared
// Content-Length), never held in memory.
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ImportFileError } from "@/lib/imports/errors";
import { uploadDir } from "@/lib/imports/job";
import { MAX_FILE_BYTES } from "@/lib/imports/parse";

export const MAX_FILE_MB = Math.round(MAX_FILE_BYTES / 1024 / 1024);

/** Refuses a declared size over the limit before a byte of the body is read. */
export function checkDeclaredSize(contentLength: string | null, maxBytes = MAX_FILE_BYTES): void {
  if (contentLength !== null && /^\d+$/.test(contentLength) && Number(contentLength) > maxBytes) {
    throw new ImportFileError("tooLarge", { mb: MAX_FILE_MB });
  }
}

/** `maxBytes` is for tests; the app uses the 200 MB limit. */
export async function saveUpload(
  body: ReadableStream<Uint8Array> | null,
  contentLength: string | null,
  maxBytes = MAX_FILE_BYTES,
): Promise<{ path: string; size: number }> {
  checkDeclaredSize(contentLength, maxBytes);
  if (!body) throw new ImportFileError("empty");
  const dir = uploadDir();
  await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${randomUUID()}.upload`);
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new ImportFileError("tooLarge", { mb: MAX_FILE_MB }));
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>), limit, fs.createWriteStream(file, { mode: 0o600 }));
  } catch (err) {
    await fs.promises.rm(file, { force: true }).catch(() => {});
    throw err;
  }
  // Fewer bytes than announced: the connection dropped, or something on the way cut the body.
  if (contentLength !== null && /^\d+$/.test(contentLength) && Number(contentLength) !== size) {
    await fs.promises.rm(file, { force: true }).catch(() => {});
    throw new ImportFileError("incomplete");
  }
  if (size === 0) {
    await fs.promises.rm(file, { force: true }).catch(() => {});
    throw new ImportFileError("empty");
  }
  return { path: file, size };
}
