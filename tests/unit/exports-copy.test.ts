import { CrlfLines, inlineParameters } from "@/lib/exports/copy";
import { Prisma } from "@/lib/generated/prisma/client";

describe("CRLF line ends for COPY's CSV", () => {
  const csv = 'a,b\n"x\ny",z\n"say ""hi""\n",\n"",""\nlast,"q"\n';
  const want = 'a,b\r\n"x\ny",z\r\n"say ""hi""\n",\r\n"",""\r\nlast,"q"\r\n';

  it("ends lines outside quoted fields with CRLF, and counts them", () => {
    const c = new CrlfLines();
    expect(c.convert(Buffer.from(csv)).toString()).toBe(want);
    expect(c.lines).toBe(5);
  });

  it("gives the same bytes however the stream is cut", () => {
    const bytes = Buffer.from(csv);
    for (let i = 0; i <= bytes.length; i++) {
      for (let j = i; j <= bytes.length; j++) {
        const c = new CrlfLines();
        const out = Buffer.concat([c.convert(bytes.subarray(0, i)), c.convert(bytes.subarray(i, j)), c.convert(bytes.subarray(j))]);
        expect(out.toString()).toBe(want);
        expect(c.lines).toBe(5);
      }
    }
  });
});

describe("parameters written as literals (COPY takes none)", () => {
  it("quotes text, arrays, numbers and NULL", () => {
    const q = Prisma.sql`SELECT ${"it's"}::text, ${["a", "b c"]}::text[], ${5}, ${null}::uuid, ${new Date("2026-01-02T03:04:05Z")}::timestamptz`;
    expect(inlineParameters(q)).toBe(`SELECT 'it''s'::text, '{"a","b c"}'::text[], '5', NULL::uuid, '2026-01-02T03:04:05.000Z'::timestamptz`);
    expect(() => inlineParameters(Prisma.sql`SELECT ${{ a: 1 }}`)).toThrow(/literal/);
  });
});
