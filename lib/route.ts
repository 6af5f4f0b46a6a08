import "server-only";
// The one way to answer a route handler (architecture.md, convention 14), as `execute` is for
// actions: the acting user, the permission, a same-origin check on anything that changes state,
// and one mapping of errors to answers. Signed out is 401 everywhere; a wrong role, an out-of-scope
// or unknown record is the same bare 404 (never "forbidden, and here is what exists"). Every answer
// is personal: never cached, never sniffed. Every denial is logged.
import { getActor, requestMeta } from "@/lib/auth";
import { can, type Actor, type Permission } from "@/lib/authz";
import { env } from "@/lib/env";
import { AppError, errorCode, httpStatus, isDatabaseUnavailable } from "@/lib/errors";
import { log } from "@/lib/log";
import { db } from "@/lib/db";
import { recordDenial } from "@/lib/audit";
import { isSameOrigin as sameOrigin, SAFE_METHODS } from "@/lib/origin";

import { NO_STORE } from "@/lib/no-store";

export { NO_STORE };

/** Below this size an answer is not worth compressing (the threshold of Next.js's compression). */
const COMPRESS_FROM_BYTES = 1024;

/**
 * A JSON answer. A small one is marked `no-transform`: Next.js drops a route's Content-Length, so
 * its compression cannot see the size and gave every answer, however small, its own gzip stream
 * (about 0.5 ms of CPU per request; bench B4H, decision 048). Larger answers are compressed.
 */
export function jsonResponse(body: unknown, status = 200): Response {
  const text = JSON.stringify(body);
  const small = Buffer.byteLength(text) < COMPRESS_FROM_BYTES;
  return new Response(text, {
    status,
    headers: {
      ...NO_STORE,
      "Content-Type": "application/json",
      ...(small ? { "Cache-Control": `${NO_STORE["Cache-Control"]}, no-transform` } : {}),
    },
  });
}

/** Signed out (401) or not found (404: wrong role, out of scope, unknown id): no data in the body. */
export function refusal(code: "UNAUTHENTICATED" | "NOT_FOUND"): Response {
  return jsonResponse({ error: { code, message: code } }, httpStatus(code));
}

/** Maps errors to the app's codes; the message is a catalogue key, never a stack trace. */
export function errorResponse(err: unknown, where: string): Response {
  if (err instanceof AppError) return jsonResponse({ error: { code: err.code, message: err.message, fieldErrors: err.fieldErrors } }, err.status);
  if (isDatabaseUnavailable(err)) return jsonResponse({ error: { code: "UNAVAILABLE", message: "UNAVAILABLE" } }, 503);
  log("error", "route.failed", { where, error: errorCode(err) });
  return jsonResponse({ error: { code: "INTERNAL", message: "INTERNAL" } }, 500);
}

/** Same origin (lib/origin.ts), with the operator's TRUST_PROXY. */
export function isSameOrigin(request: Request): boolean {
  return sameOrigin(request.headers, env().TRUST_PROXY);
}

/** The largest JSON body a route reads by default (a recorded call is well under 4 KB). */
export const MAX_JSON_BYTES = 64 * 1024;

/**
 * The request's JSON body. Too large (by Content-Length, or as read) or not JSON answers a
 * VALIDATION error with a catalogue key (bodyTooLarge, bodyNotJson), never a parser's message.
 */
export async function readJson(request: Request, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new AppError("VALIDATION", "bodyTooLarge");
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) throw new AppError("VALIDATION", "bodyTooLarge");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("VALIDATION", "bodyNotJson");
  }
}

export type RouteContext<P> = {
  request: Request;
  actor: Actor;
  params: P;
  meta: { requestId: string; ip: string | null; now: Date };
};

/**
 * A route handler for signed-in users with `permission`. The handler returns a Response (JSON with
 * jsonResponse, a file) or throws an AppError. `name` names the route in the logs.
 */
export function route<P = Record<string, never>>(
  opts: { name: string; permission: Permission },
  handler: (ctx: RouteContext<P>) => Promise<Response>,
): (request: Request, context: { params: Promise<P> }) => Promise<Response> {
  return async (request, context) => {
    let actor: Actor | null = null;
    const deny = async (code: "UNAUTHENTICATED" | "NOT_FOUND") => {
      const [params, meta] = await Promise.all([context?.params ?? Promise.resolve({}), requestMeta()]);
      const id = Object.values(params as Record<string, unknown>).find((v) => typeof v === "string");
      await recordDenial(db, { actorId: actor?.userId ?? null, requestId: meta.requestId, ip: meta.ip }, {
        where: `route:${opts.name}`,
        code,
        entityId: typeof id === "string" ? id : null,
      });
      return refusal(code);
    };
    try {
      actor = await getActor();
      if (!actor) return await deny("UNAUTHENTICATED");
      if (!can(actor, opts.permission) || (!SAFE_METHODS.has(request.method) && !isSameOrigin(request))) {
        return await deny("NOT_FOUND");
      }
      const [params, meta] = await Promise.all([context?.params ?? Promise.resolve({} as P), requestMeta()]);
      return await handler({ request, actor, params, meta });
    } catch (err) {
      if (err instanceof AppError && (err.code === "NOT_FOUND" || err.code === "UNAUTHENTICATED")) {
        try {
          return await deny(err.code);
        } catch {
          return refusal(err.code);
        }
      }
      return errorResponse(err, opts.name);
    }
  };
}
