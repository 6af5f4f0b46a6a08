// The session id in a session cookie. The cookie is next-auth's signed and encrypted JWT around
// the id of a user_sessions row (lib/auth.ts); decoding it derives the key (HKDF) and decrypts, about
// 0.2 ms of CPU on every request (bench B4H, decision 048). The same cookie text always decodes to
// the same token, so a cookie already decoded is kept with its expiry and only that is checked
// again. Whether the session still holds (signed out, idle, revoked, user deactivated) is decided
// from its row on every request (lib/auth/actor.ts loadActor), never from this cache.
import type { JWT } from "next-auth/jwt";

/** Cookies kept at most; past it the oldest goes. */
export const MAX_DECODED_COOKIES = 5000;

/** A reader of session ids: `decode` is next-auth's (null for a forged, tampered or expired
 * cookie); `clock` gives the time in ms. */
export function sessionIdReader(decode: (cookie: string) => Promise<JWT | null>, clock: () => number = Date.now) {
  const decoded = new Map<string, { sid: string; expiresAt: number }>();
  return async function sessionIdOf(cookie: string): Promise<string | null> {
    const hit = decoded.get(cookie);
    if (hit && hit.expiresAt > clock()) return hit.sid;
    if (hit) decoded.delete(cookie);
    const token = await decode(cookie).catch(() => null);
    if (!token?.sid || typeof token.sid !== "string") return null;
    // A token without an expiry is used, never kept (ours always have one: jwt.maxAge).
    if (typeof token.exp === "number") {
      if (decoded.size >= MAX_DECODED_COOKIES) decoded.delete(decoded.keys().next().value!);
      decoded.set(cookie, { sid: token.sid, expiresAt: token.exp * 1000 });
    }
    return token.sid;
  };
}
