import { NextResponse, type NextRequest } from "next/server";
import { isCrossSiteWrite } from "@/lib/origin";

// Runs before every page and next-auth's /api/auth: a fresh CSP nonce, security headers, and one
// refusal - a state-changing request (a server action, a form post, a sign-in) that does not come
// from our own origin (lib/origin.ts). Otherwise it only decorates; it never decides access (pages,
// actions and queries check the session themselves). The request id is set earlier, by the
// server's HTTP hook (lib/observability/request-facts.ts), which also returns it on every answer.
// The app's own API routes are not matched: each answers through the route wrapper (lib/route.ts:
// session, same-origin for writes, no-store) or is a read or machine route that sets its own
// headers, and a recorded call is the hottest request we serve (decision 048: about 0.3 ms of CPU
// per request here).
export function proxy(request: NextRequest) {
  // TRUST_PROXY as lib/env.ts reads it: only the exact "true" turns it on.
  const trustProxy = process.env.TRUST_PROXY === "true";
  if (isCrossSiteWrite(request.method, request.nextUrl.pathname, request.headers, trustProxy)) {
    return new NextResponse(null, { status: 403, headers: { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" } });
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const dev = process.env.NODE_ENV === "development";
  // Served over https: directly, by its public address (NEXTAUTH_URL), or by the operator's proxy.
  const https =
    request.nextUrl.protocol === "https:" ||
    (process.env.NEXTAUTH_URL ?? "").startsWith("https://") ||
    (trustProxy && request.headers.get("x-forwarded-proto") === "https");
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  // Set by the server's HTTP hook; made here only where there is none (next dev without the hook).
  if (!requestHeaders.get("x-request-id")) requestHeaders.set("x-request-id", crypto.randomUUID());

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  // Every page is personal: never cached by the browser or a proxy.
  response.headers.set("Cache-Control", "no-store");
  // Browsers ignore HSTS over plain http; over https it keeps them from ever downgrading.
  if (https) response.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  return response;
}

export const config = {
  matcher: [
    {
      // Not the API routes but /api/auth (above). They include the streamed uploads
      // (api/imports/upload, api/facility/upload: files of up to 200 MB, which through the proxy
      // Next.js would buffer in memory and cut at 10 MB, proxyClientMaxBodySize).
      source: "/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt|api/(?!auth/)).*)",
      missing: [{ type: "header", key: "next-router-prefetch" }],
    },
  ],
};
