// Time-ordered UUIDs (the layout of RFC 9562 version 7: 48 bits of Unix milliseconds first), for
// rows written in bulk (the client import): ids that grow with time land at the right edge of the
// primary-key index instead of on random pages of it. Within one process the ids only grow: a
// counter after the timestamp orders ids made in the same millisecond, the rest is random.
import { randomFillSync } from "node:crypto";

let lastMs = 0;
let seq = 0;

/** `n` new ids, each greater than the one before (and than any made earlier by this process). */
export function timeOrderedIds(n: number, now: number = Date.now()): string[] {
  const out: string[] = new Array(n);
  const random = Buffer.alloc(n * 6);
  randomFillSync(random);
  const bytes = Buffer.alloc(16);
  for (let i = 0; i < n; i++) {
    if (now > lastMs) {
      lastMs = now;
      seq = 0;
    } else if (++seq >= 2 ** 32) {
      lastMs++;
      seq = 0;
    }
    bytes.writeUIntBE(lastMs, 0, 6);
    // version 7, then the counter's top 12 bits; variant 10, then its low 20 bits; then 42 random bits
    bytes.writeUInt16BE(0x7000 | (seq >>> 20), 6);
    bytes.writeUInt8(0x80 | ((seq >>> 14) & 0x3f), 8);
    bytes.writeUInt8((seq >>> 6) & 0xff, 9);
    bytes.writeUInt8(((seq & 0x3f) << 2) | (random[i * 6]! & 0x03), 10);
    random.copy(bytes, 11, i * 6 + 1, i * 6 + 6);
    const h = bytes.toString("hex");
    out[i] = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  return out;
}
