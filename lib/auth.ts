import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { decode } from "next-auth/jwt";
import { notFound, redirect } from "next/navigation";
import { markNotFound } from "@/lib/observability/request-context";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { loadActor } from "@/lib/auth/actor";
import { sessionIdReader } from "@/lib/auth/session-cookie";
import { signIn } from "@/lib/auth/sign-in";
import { signInLimits } from "@/lib/auth/rate-limit";
import { ABSOLUTE_TIMEOUT_MS } from "@/lib/auth/session-rules";
import { assertCan, type Actor, type Permission } from "@/lib/authz";
import { AppError } from "@/lib/errors";
import { recordDenial } from "@/lib/audit";
import { requestFacts } from "@/lib/observability/request-facts";

// The JWT cookie only carries the id of a server-side session row (user_sessions): expiry,
// idle timeout and revocation are decided from that row on every request (lib/auth/actor.ts).
type HeaderBag = Headers | Record<string, string | string[] | undefined> | undefined;

/** The client's address, or null when none can be trusted: the one the server set on the request
 * (lib/observability/request-facts.ts - the socket's, or behind the operator's own proxy with
 * TRUST_PROXY the first X-Forwarded-For entry). A header the client sent is never believed. */
export function clientIp(h: HeaderBag): string | null {
  return requestFacts(h).ip;
}

const secure = () => env().NEXTAUTH_URL.startsWith("https://");
/** next-auth's session cookie name (the __Secure- prefix when served over https). */
const SESSION_COOKIE = () => (secure() ? "__Secure-next-auth.session-token" : "next-auth.session-token");

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
          limits: signInLimits(),
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
    async session({ session }) {
      // /api/auth/session answers page scripts: nothing about the user and never the server-side
      // session id (getActor reads it from the signed cookie itself).
      return { expires: session.expires } as typeof session;
    },
  },
};

declare module "next-auth/jwt" {
  interface JWT {
    sid?: string;
  }
}

/** The acting user for this request, or null. Cached per request. */
export const getActor = cache(async (): Promise<Actor | null> => {
  const cookie = (await cookies()).get(SESSION_COOKIE())?.value;
  if (!cookie) return null;
  const sid = await sessionIdOf(cookie);
  if (!sid) return null;
  const { actor } = await loadActor(db, sid);
  return actor;
});

/** The session id in a session cookie (lib/auth/session-cookie.ts keeps the ones already decoded). */
const sessionIdOf = sessionIdReader((token) => decode({ token, secret: env().NEXTAUTH_SECRET }));

/** For pages: the actor, or a redirect to sign-in; with a permission, "not found" for other roles
 * (logged and audited as a denial). */
export async function requireActor(permission?: Permission): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect("/login");
  if (permission) {
    try {
      assertCan(actor, permission);
    } catch (e) {
      if (e instanceof AppError) await denyPage(actor, `permission:${permission}`);
      throw e;
    }
  }
  return actor;
}

/** A page refuses (wrong role, out-of-scope or unknown record): the denial is logged and audited
 * (lib/audit.ts recordDenial), then Next's 404 - the same page whatever the reason. */
export async function denyPage(actor: Actor, where: string, entityId?: string): Promise<never> {
  const { requestId, ip } = requestFacts(await headers());
  await recordDenial(db, { actorId: actor.userId, requestId, ip }, { where: `page:${where}`, code: "NOT_FOUND", entityId });
  pageNotFound();
}

/**
 * Next's "not found" for a page, with the status for every kind of request: a page's RSC payload
 * is streamed before the page decides, so the HTTP hook sends its 404 from this mark
 * (lib/observability/rsc-status.ts). Pages call this, never next/navigation's notFound itself.
 */
export function pageNotFound(): never {
  markNotFound();
  notFound();
}

/** Who is asking from where, and the request's one clock reading (`now`, architecture.md
 * convention 13): commands and reads of this request take their "today" from it. */
export async function requestMeta(): Promise<{ requestId: string; ip: string | null; now: Date }> {
  const { requestId, ip } = requestFacts(await headers());
  return { requestId, ip, now: new Date() };
}
