import "server-only";
// Shared parts of the import route handlers (app/api/imports/**): who is asking, same-origin
// checks for the upload, and answers that never cache and never carry data on refusal.
import { getActor } from "@/lib/auth";
import { can, type Actor } from "@/lib/authz";
import { AppError, httpStatus, isDatabaseUnavailable } from "@/lib/errors";
import { log } from "@/lib/log";
import { errorCode } from "@/lib/imports/job";

export const NO_STORE = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" } as const;

export function jsonResponse(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: NO_STORE });
}

/** Not signed in, wrong role, out of scope, unknown id: the same bare 404 (401 when signed out). */
export function refusal(code: "UNAUTHENTICATED" | "NOT_FOUND"): Response {
  return jsonResponse({ error: { code, message: code } }, httpStatus(code));
}

/** The signed-in actor when she may import clients; null otherwise (the caller answers 404). */
export async function importActor(): Promise<Actor | null | "signed-out"> {
  const actor = await getActor();
  if (!actor) return "signed-out";
  return can(actor, "clients.import") ? actor : null;
}

/**
 * A cross-site request (another site's form or script posting to us) is refused: the browser
 * always sends Origin on a POST from fetch or a form, so a missing or foreign Origin means the
 * request did not come from our own page.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return false;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Maps errors to the app's codes; the message is a catalogue key, never a stack trace. */
export function errorResponse(err: unknown, where: string): Response {
  if (err instanceof AppError) return jsonResponse({ error: { code: err.code, message: err.message } }, err.status);
  if (isDatabaseUnavailable(err)) return jsonResponse({ error: { code: "UNAVAILABLE", message: "UNAVAILABLE" } }, 503);
  log("error", "route.failed", { where, error: errorCode(err) });
  return jsonResponse({ error: { code: "INTERNAL", message: "INTERNAL" } }, 500);
}
