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

export const NO_STORE = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" } as const;

export function jsonResponse(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: NO_STORE });
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

/**
 * A cross-site request (another site's form or script posting to us) is refused: browsers send
 * Origin with every POST from fetch or a form, so a missing, "null" or foreign Origin means the
 * request did not come from our own page. The host compared with is the request's own `Host`;
 * `X-Forwarded-Host` only counts behind the operator's proxy (TRUST_PROXY).
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return request.headers.get("sec-fetch-site") === "same-origin";
  const host = (env().TRUST_PROXY && request.headers.get("x-forwarded-host")) || request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

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
  meta: { requestId: string | null; ip: string; now: Date };
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
    try {
      const actor = await getActor();
      if (!actor) {
        log("warn", "access.denied", { route: opts.name, code: "UNAUTHENTICATED" });
        return refusal("UNAUTHENTICATED");
      }
      if (!can(actor, opts.permission) || (!SAFE_METHODS.has(request.method) && !isSameOrigin(request))) {
        log("warn", "access.denied", { route: opts.name, actor: actor.userId, code: "NOT_FOUND" });
        return refusal("NOT_FOUND");
      }
      const [params, meta] = await Promise.all([context?.params ?? Promise.resolve({} as P), requestMeta()]);
      return await handler({ request, actor, params, meta });
    } catch (err) {
      if (err instanceof AppError && (err.code === "NOT_FOUND" || err.code === "UNAUTHENTICATED")) {
        log("warn", "access.denied", { route: opts.name, code: err.code });
      }
      return errorResponse(err, opts.name);
    }
  };
}
