import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import type { NextAuthOptions } from "next-auth";
import { getToken } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { loadActor } from "@/lib/auth/actor";
import { signIn } from "@/lib/auth/sign-in";
import { ABSOLUTE_TIMEOUT_MS } from "@/lib/auth/session-rules";
import { assertCan, type Actor, type Permission } from "@/lib/authz";
import { AppError } from "@/lib/errors";

// The JWT cookie only carries the id of a server-side session row (user_sessions): expiry,
// idle timeout and revocation are decided from that row on every request (lib/auth/actor.ts).
type HeaderBag = Headers | Record<string, string | string[] | undefined> | undefined;

function header(h: HeaderBag, name: string): string | undefined {
  if (!h) return undefined;
  if (typeof (h as Headers).get === "function") return (h as Headers).get(name) ?? undefined;
  const v = (h as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The client's address. Behind our own proxy (TRUST_PROXY) the first X-Forwarded-For entry;
 * otherwise the last one, which Next's own server appends from the socket. */
export function clientIp(h: HeaderBag): string {
  const xff = header(h, "x-forwarded-for");
  if (!xff) return "unknown";
  const parts = xff.split(",").map((p) => p.trim()).filter(Boolean);
  const ip = env().TRUST_PROXY ? parts[0] : parts[parts.length - 1];
  return (ip ?? "unknown").slice(0, 64);
}

const secure = () => env().NEXTAUTH_URL.startsWith("https://");

export const authOptions: NextAuthOptions = {
  secret: env().NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: ABSOLUTE_TIMEOUT_MS / 1000 },
  jwt: { maxAge: ABSOLUTE_TIMEOUT_MS / 1000 },
  useSecureCookies: secure(),
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "credentials",
      credentials: { username: { type: "text" }, password: { type: "password" } },
      async authorize(credentials, req) {
        const result = await signIn(db, credentials, {
          ip: clientIp(req?.headers as HeaderBag),
          limits: { perAccount: env().AUTH_MAX_FAILURES_PER_ACCOUNT, perAddress: env().AUTH_MAX_FAILURES_PER_ADDRESS },
        });
        // next-auth passes the thrown message to the sign-in form as `error`.
        if (!result.ok) throw new Error(result.reason);
        return { id: result.userId, sid: result.sessionId };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) token.sid = (user as { sid?: string }).sid;
      return token;
    },
    async session({ session, token }) {
      // Nothing about the user is sent to the browser beyond what the pages render.
      return { expires: session.expires, sid: token.sid } as typeof session;
    },
  },
};

declare module "next-auth/jwt" {
  interface JWT {
    sid?: string;
  }
}

/**
 * The acting user for this request, or null. Cached per request. Reads the session cookie only
 * (next-auth's getToken: decrypt and check expiry): getServerSession would also re-encrypt the
 * cookie and set it again on every request, which is CPU for nothing - the cookie's lifetime is the
 * absolute timeout, and idle timeout and revocation are decided by the session row (loadActor).
 */
export const getActor = cache(async (): Promise<Actor | null> => {
  const jar = await cookies();
  // Cookies only: a bearer token in an Authorization header is not a way in.
  const token = await getToken({ req: { cookies: jar, headers: {} } as unknown as Parameters<typeof getToken>[0]["req"], secret: env().NEXTAUTH_SECRET, secureCookie: secure() });
  if (!token?.sid) return null;
  const { actor } = await loadActor(db, token.sid);
  return actor;
});

/** For pages: the actor, or a redirect to sign-in; with a permission, "not found" for other roles. */
export async function requireActor(permission?: Permission): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect("/login");
  if (permission) {
    try {
      assertCan(actor, permission);
    } catch (e) {
      if (e instanceof AppError) {
        const { notFound } = await import("next/navigation");
        notFound();
      }
      throw e;
    }
  }
  return actor;
}

/** Who is asking from where, and the request's one clock reading (`now`, architecture.md
 * convention 13): commands and reads of this request take their "today" from it. */
export async function requestMeta(): Promise<{ requestId: string | null; ip: string; now: Date }> {
  const h = await headers();
  return { requestId: h.get("x-request-id"), ip: clientIp(h), now: new Date() };
}
