import { NextResponse, type NextRequest } from "next/server";

// Runs before every page: a fresh CSP nonce and a request id. It only decorates and redirects;
// it never decides access (pages, actions and queries check the session themselves).
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const dev = process.env.NODE_ENV === "development";
  const https = request.nextUrl.protocol === "https:";
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
  if (!requestHeaders.get("x-request-id")) requestHeaders.set("x-request-id", crypto.randomUUID());

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  response.headers.set("x-request-id", requestHeaders.get("x-request-id")!);
  // Every page is personal: never cached by the browser or a proxy.
  response.headers.set("Cache-Control", "no-store");
  return response;
}

export const config = {
  matcher: [
    {
      // api/imports/upload streams files of up to 200 MB: through the proxy Next.js would buffer
      // the body in memory and cut it at 10 MB (proxyClientMaxBodySize). The route checks the
      // session and origin itself and sets no-store.
      source: "/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt|api/imports/upload|api/facility/upload).*)",
      missing: [{ type: "header", key: "next-router-prefetch" }],
    },
  ],
};
