// The request id and the client address of a request: one source, set by the server (issue 13).
// The HTTP hook (lib/observability/http.ts) stamps every request of the Node server as it arrives,
// before Next.js reads it: a fresh request id and the socket's address - or, behind the operator's
// own proxy (TRUST_PROXY), the id and the first X-Forwarded-For address that proxy sent. Whatever
// the client sent under these header names is overwritten. A per-process stamp says the headers
// were set here: without it (no hook, e.g. a request the hook never saw) nothing in them is
// believed - the address is unknown and the request id is made up on the spot.
import type { IncomingMessage } from "node:http";

export const REQUEST_ID_HEADER = "x-request-id";
export const CLIENT_ADDRESS_HEADER = "x-eservices-client-address";
const STAMP_HEADER = "x-eservices-stamp";

const STAMP_KEY = Symbol.for("eservices.requestStamp");
/** A random value per server process, shared by every server chunk (globalThis), never sent out. */
function processStamp(): string {
  const g = globalThis as unknown as { [STAMP_KEY]?: string };
  return (g[STAMP_KEY] ??= `${crypto.randomUUID()}${crypto.randomUUID()}`);
}

/** A request id from the operator's proxy is kept only when it looks like one. */
const FORWARDED_ID = /^[A-Za-z0-9._:-]{8,100}$/;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** Sets the request's id and client address (and the stamp) on the incoming request's headers. */
export function stampRequest(req: Pick<IncomingMessage, "headers" | "socket">, trustProxy: boolean): void {
  const h = req.headers;
  const forwardedId = trustProxy ? first(h[REQUEST_ID_HEADER]) : undefined;
  const forwardedFor = trustProxy ? first(h["x-forwarded-for"])?.split(",")[0]?.trim() : undefined;
  const address = (forwardedFor || req.socket?.remoteAddress || "").slice(0, 64);
  h[REQUEST_ID_HEADER] = forwardedId && FORWARDED_ID.test(forwardedId) ? forwardedId : crypto.randomUUID();
  if (address) h[CLIENT_ADDRESS_HEADER] = address;
  else delete h[CLIENT_ADDRESS_HEADER];
  h[STAMP_HEADER] = processStamp();
}

type HeaderBag = { get(name: string): string | null } | Record<string, string | string[] | undefined> | undefined;

function read(h: HeaderBag, name: string): string | undefined {
  if (!h) return undefined;
  if (typeof (h as { get?: unknown }).get === "function") return (h as { get(n: string): string | null }).get(name) ?? undefined;
  return first((h as Record<string, string | string[] | undefined>)[name]);
}

/** The server-set request id and client address of a request (null address: not known). */
export function requestFacts(h: HeaderBag): { requestId: string; ip: string | null } {
  if (read(h, STAMP_HEADER) !== processStamp()) return { requestId: crypto.randomUUID(), ip: null };
  return { requestId: read(h, REQUEST_ID_HEADER) ?? crypto.randomUUID(), ip: read(h, CLIENT_ADDRESS_HEADER) ?? null };
}
