// The CSV writer's COPY path (lib/exports/copy.ts) against the Node path it replaces for queries:
// the pseudonymous id computed by pgcrypto equals the Node one, the SQL formula guard equals the
// Node one, the same cells come out (quoted fields, line breaks inside fields, CRLF line ends), a
// cancelled download stops the statement in PostgreSQL, and the key is in no statement's text.
import "./timeout";
import crypto from "node:crypto";
import { parse } from "csv-parse/sync";
import { Prisma } from "@/lib/generated/prisma/client";
import { inlineParameters } from "@/lib/exports/copy";
import { fileResponse } from "@/lib/exports/files";
import { neutralise, neutraliseSql } from "@/lib/exports/neutralise";
import { pseudonymousId, pseudonymSettings, pseudonymSql } from "@/lib/exports/pseudonym";
import { closeDb, testDb } from "../factories";

afterAll(closeDb);

const KEY = "copy-test-pseudonym-key-0123456789-é✓";

/** A VALUES query of text cells (the shape the writer expects: text columns, in order). */
function valuesSql(rows: (string | null)[][]): Prisma.Sql {
  return Prisma.sql`SELECT * FROM (VALUES ${Prisma.join(rows.map((r) => Prisma.sql`(${Prisma.join(r.map((v) => Prisma.sql`${v}::text`))})`))}) v`;
}

const TRICKY: (string | null)[] = [
  "plain", "", null, "=1+2", "+27 82", "-5", "@SUM(A1)", "\tx", "\rx", "\nx", "a,b", "a;b", " edge ", 'say "hi"',
  "two\nlines", "two\r\nlines", "'quoted", "Maputo — Matola ✓", '"', '""', "\\.", "x\n\"y\"\nz",
];

describe("the CSV writer's COPY path", () => {
  it("pgcrypto's keyed hash gives the same pseudonymous ids as Node", async () => {
    const ids = Array.from({ length: 50 }, () => crypto.randomUUID());
    const rows = await testDb().$transaction(async (tx) => {
      await tx.$queryRaw`SELECT set_config('eservices.export_pseudonym_key', ${KEY}, true)`;
      return tx.$queryRawUnsafe<{ id: string; p: string }[]>(`SELECT id, ${pseudonymSql("id")} AS p FROM unnest($1::text[]) id`, ids);
    });
    expect(rows.map((r) => r.p)).toEqual(rows.map((r) => pseudonymousId(KEY, r.id)));
    // Without the key in the transaction: no id at all, never a hash with an empty key.
    const [none] = await testDb().$queryRawUnsafe<{ p: string | null }[]>(`SELECT ${pseudonymSql("'x'")} AS p`);
    expect(none!.p).toBeNull();
    expect(pseudonymSettings(KEY)).toEqual({ "eservices.export_pseudonym_key": KEY });
  });

  it("the SQL formula guard is Node's", async () => {
    const values = [...TRICKY, ...["=", "+", "-", "@", "\t", "\r", "\n"].map((c) => `${c}${c}x`)];
    const rows = await testDb().$queryRawUnsafe<{ v: string | null; n: string | null }[]>(
      `SELECT v, ${neutraliseSql("v")} AS n FROM unnest($1::text[]) WITH ORDINALITY AS u(v, i) ORDER BY i`, values,
    );
    expect(rows.map((r) => r.n)).toEqual(values.map((v) => (v === null ? null : neutralise(v))));
  });

  it("writes parameters as literals that PostgreSQL reads back as the values", async () => {
    const texts = ["it's", 'b"c', "d\\e", "{x}", "a,b", "NULL", ""];
    const q = Prisma.sql`SELECT ${texts}::text[] AS a, ${"x\\y'z"}::text AS t, ${7}::int AS n, ${null}::uuid AS u`;
    const [row] = await testDb().$queryRawUnsafe<{ a: string[]; t: string; n: number; u: null }[]>(inlineParameters(q));
    expect(row).toEqual({ a: texts, t: "x\\y'z", n: 7, u: null });
  });

  it("writes the same cells as the Node writer, lines ended by CRLF", async () => {
    const rows = TRICKY.map((v, i) => [`r${i}`, v, TRICKY[(i * 7) % TRICKY.length]!]);
    const table = { sheetName: "T", preamble: ["who, when; why"], header: ["id", "a", "b"] };
    let done: [number, boolean] | null = null;
    const bytes = await fileResponse("csv", "t.csv", { ...table, rows: { db: testDb(), query: valuesSql(rows) } }, (n, c) => void (done = [n, c])).arrayBuffer();
    const fromCopy = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    const fromNode = await fileResponse("csv", "t.csv", { ...table, rows }).text();
    const cells = (text: string) => parse(text, { bom: true, relax_column_count: true }) as string[][];
    expect(cells(fromCopy)).toEqual(cells(fromNode));
    expect(done).toEqual([rows.length, true]);
    // Every record ends with CRLF; a bare LF is only ever inside a quoted field.
    const records = fromCopy.replace(/^\uFEFF/, "").replace(/"(?:[^"]|"")*"/g, "Q").split("\r\n");
    expect(records.filter((r) => /[\r\n]/.test(r))).toEqual([]);
    expect(records.at(-1)).toBe("");
    expect(records).toHaveLength(2 + rows.length + 1);
    expect(fromCopy.startsWith('\uFEFF"who, when; why"\r\nid,a,b\r\n')).toBe(true);
  });

  it("streams a large result in chunks, and a cancelled download stops the statement and keeps the key out of every statement text", async () => {
    const query = Prisma.sql`SELECT ${Prisma.raw(pseudonymSql("g::text"))}, repeat('x', 200) FROM generate_series(1, ${300_000}::int) g`;
    let done: [number, boolean] | null = null;
    const res = fileResponse("csv", "t.csv", { sheetName: "T", header: ["p", "x"], rows: { db: testDb(), query, settings: pseudonymSettings(KEY) } }, (n, c) => void (done = [n, c]));
    const reader = res.body!.getReader();
    let bytes = 0;
    let chunks = 0;
    while (bytes < 2_000_000) {
      const { value } = await reader.read();
      bytes += value!.byteLength;
      chunks += 1;
    }
    expect(chunks).toBeGreaterThan(10);
    const running = await testDb().$queryRaw<{ query: string }[]>`SELECT query FROM pg_stat_activity WHERE query LIKE 'COPY (%' AND pid <> pg_backend_pid()`;
    expect(running).toHaveLength(1);
    const everywhere = await testDb().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_stat_activity WHERE position(${KEY} IN query) > 0 AND pid <> pg_backend_pid()`;
    expect(Number(everywhere[0]!.n)).toBe(0);
    await reader.cancel();
    expect(done![1]).toBe(false);
    expect(done![0]).toBeGreaterThan(5_000);
    expect(done![0]).toBeLessThan(300_000);
    for (let i = 0; i < 50; i++) {
      const left = await testDb().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_stat_activity WHERE query LIKE 'COPY (%' AND state = 'active' AND pid <> pg_backend_pid()`;
      if (Number(left[0]!.n) === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const left = await testDb().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_stat_activity WHERE query LIKE 'COPY (%' AND state = 'active' AND pid <> pg_backend_pid()`;
    expect(Number(left[0]!.n)).toBe(0);
    // The pool goes on serving.
    expect(await fileResponse("csv", "t.csv", { sheetName: "T", header: ["a"], rows: { db: testDb(), query: valuesSql([["1"]]) } }).text()).toBe("a\r\n1\r\n");
  });

  it("reports a failing statement as a stream error, and the pool goes on serving", async () => {
    const res = fileResponse("csv", "t.csv", { sheetName: "T", header: ["a"], rows: { db: testDb(), query: Prisma.sql`SELECT (1 / (g - 3))::text FROM generate_series(1, 5) g` } });
    await expect(res.text()).rejects.toThrow(/division by zero/);
    expect(await fileResponse("csv", "t.csv", { sheetName: "T", header: ["a"], rows: { db: testDb(), query: valuesSql([["ok"]]) } }).text()).toBe("a\r\nok\r\n");
  });
});
