// The request being served, for log lines written while serving it (lib/log.ts adds its request
// id). Set by the HTTP hook (lib/observability/http.ts) for every request of `next start`. The
// request id is the one proxy.ts sets on the request (issue 13 owns how it is chosen): Next.js
// copies the proxy's request headers onto the incoming request before any page or route runs.
import { AsyncLocalStorage } from "node:async_hooks";
import type { IncomingMessage } from "node:http";

/** `notFound`: the page being rendered said "not found" (lib/auth.ts pageNotFound); the hook sends
 * an RSC response's status from it (lib/observability/rsc-status.ts). */
type Store = { req: IncomingMessage; notFound?: boolean };
const KEY = Symbol.for("eservices.requestContext");

/** One storage per process, shared by every server chunk that bundles this module. */
export function requestContext(): AsyncLocalStorage<Store> {
  const g = globalThis as unknown as { [KEY]?: AsyncLocalStorage<Store> };
  return (g[KEY] ??= new AsyncLocalStorage<Store>());
}

/** The server-set request id of the request being served, or undefined outside a request. */
export function currentRequestId(): string | undefined {
  const id = requestContext().getStore()?.req.headers["x-request-id"];
  return typeof id === "string" ? id.slice(0, 100) : undefined;
}

/** The page being served decided "not found": its RSC payload must answer 404 too. */
export function markNotFound(): void {
  const store = requestContext().getStore();
  if (store) store.notFound = true;
}
