// Same-origin rule for state-changing requests (security.md; issue 13, item 6). Pure: used by
// proxy.ts for every POST/PUT/PATCH/DELETE that reaches a page or a server action, and by the route
// wrapper (lib/route.ts) for the routes the proxy does not see (the streamed uploads).
//
// A browser sends Origin with every cross-origin request and with every POST from fetch or a form,
// and Sec-Fetch-Site with every request. So a state-changing request is ours only when its Origin
// names our own host, or - with no Origin at all - Sec-Fetch-Site says "same-origin". A missing,
// "null" or foreign Origin (another site's form or script, a sandboxed frame, a tool) is refused.
// The host compared with is the request's own Host; X-Forwarded-Host counts only behind the
// operator's own proxy (TRUST_PROXY).

type Headerish = { get(name: string): string | null };

export const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Machine-to-machine routes: called by another server, not a browser, so they carry no Origin.
 * Each authenticates by a signature or a shared secret instead, and is listed in docs/security.md:
 * the message providers' webhooks (lib/messages/webhook-route.ts: Twilio's X-Twilio-Signature,
 * Africa's Talking's secret in the URL), rate limited. GET /api/metrics (bearer token), /api/health
 * and /api/ready (no data) are reads and need no exception.
 */
export const MACHINE_ROUTES: readonly string[] = ["/api/webhooks"];

export function isMachineRoute(pathname: string): boolean {
  return MACHINE_ROUTES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

export function isSameOrigin(headers: Headerish, trustProxy: boolean): boolean {
  const origin = headers.get("origin");
  if (!origin || origin === "null") return !origin && headers.get("sec-fetch-site") === "same-origin";
  const host = (trustProxy && headers.get("x-forwarded-host")?.split(",")[0]?.trim()) || headers.get("host");
  if (!host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** A state-changing request the server must refuse before anything runs. */
export function isCrossSiteWrite(method: string, pathname: string, headers: Headerish, trustProxy: boolean): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  if (isMachineRoute(pathname)) return false;
  return !isSameOrigin(headers, trustProxy);
}
