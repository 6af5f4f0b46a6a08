// The session cookie's id, with the cookies already decoded kept (lib/auth/session-cookie.ts):
// real next-auth tokens, a counted decoder, a moved clock.
import { decode, encode } from "next-auth/jwt";
import { MAX_DECODED_COOKIES, sessionIdReader } from "@/lib/auth/session-cookie";

const secret = "unit-test-secret-0123456789abcdef0123456789";
const sid = "5f0f2b1e-2a6b-4f1d-9c7e-0a1b2c3d4e5f";

function reader(start = Date.now()) {
  let now = start;
  const calls: string[] = [];
  const read = sessionIdReader(async (token) => {
    calls.push(token);
    return decode({ token, secret });
  }, () => now);
  return { read, calls, move: (ms: number) => (now += ms) };
}

describe("sessionIdReader", () => {
  it("decodes a cookie once, then answers it from what it kept", async () => {
    const cookie = await encode({ token: { sub: "u1", sid }, secret, maxAge: 3600 });
    const { read, calls } = reader();
    expect(await read(cookie)).toBe(sid);
    expect(await read(cookie)).toBe(sid);
    expect(calls).toHaveLength(1);
  });

  it("asks the decoder again once the token's expiry has passed, and takes its answer", async () => {
    const cookie = await encode({ token: { sub: "u1", sid }, secret, maxAge: 60 });
    let now = Date.now();
    let calls = 0;
    // next-auth's decoder with this test's clock: an expired token (past 15 s of tolerance) is null.
    const read = sessionIdReader(async (token) => {
      calls++;
      const t = await decode({ token, secret });
      return t && typeof t.exp === "number" && t.exp * 1000 + 15_000 > now ? t : null;
    }, () => now);
    expect(await read(cookie)).toBe(sid);
    now += 59_000;
    expect(await read(cookie)).toBe(sid);
    expect(calls).toBe(1);
    now += 20_000;
    expect(await read(cookie)).toBeNull();
    expect(await read(cookie)).toBeNull();
    expect(calls).toBe(3);
  });

  it("answers null for a forged, tampered or foreign cookie, and keeps none of them", async () => {
    const good = await encode({ token: { sub: "u1", sid }, secret, maxAge: 3600 });
    const foreign = await encode({ token: { sub: "u1", sid }, secret: "another-secret-0123456789abcdef0123456789", maxAge: 3600 });
    const noSid = await encode({ token: { sub: "u1" }, secret, maxAge: 3600 });
    const tampered = `${good.slice(0, -4)}${good.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`;
    const { read, calls } = reader();
    for (const c of ["not-a-jwt", foreign, noSid, tampered]) {
      expect(await read(c)).toBeNull();
      expect(await read(c)).toBeNull();
    }
    expect(calls).toHaveLength(8);
  });

  it("keeps at most MAX_DECODED_COOKIES cookies, dropping the oldest", async () => {
    let calls = 0;
    // Keyed by the cookie's text: a decoder that answers every text with a valid token.
    const read = sessionIdReader(async (token) => {
      calls++;
      return { sid: token, exp: Math.floor(Date.now() / 1000) + 3600 };
    });
    for (let i = 0; i <= MAX_DECODED_COOKIES; i++) expect(await read(`c${i}`)).toBe(`c${i}`);
    expect(calls).toBe(MAX_DECODED_COOKIES + 1);
    await read(`c${MAX_DECODED_COOKIES}`); // the newest is kept
    expect(calls).toBe(MAX_DECODED_COOKIES + 1);
    await read("c0"); // the oldest went when the last came in
    expect(calls).toBe(MAX_DECODED_COOKIES + 2);
  });
});
