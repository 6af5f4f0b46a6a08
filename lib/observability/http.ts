// Request latency by route and one structured access-log line per request, for `next start`.
// Next.js has no hook around a whole request, so this wraps the Node HTTP server's "request"
// event (installed once, from instrumentation.ts): the timer starts when the request arrives and
// stops when the response is finished or the connection closes. Also runs the request inside the
// request context (lib/observability/request-context.ts) so log lines carry its request id.
import http from "node:http";
import { metrics } from "@/lib/metrics";
import { log } from "@/lib/log";
import { routeLabel } from "@/lib/observability/route-label";
import { requestContext } from "@/lib/observability/request-context";
import { stampRequest } from "@/lib/observability/request-facts";
import { holdResponse, isRscPageRequest } from "@/lib/observability/rsc-status";
import { env } from "@/lib/env";

const INSTALLED = Symbol.for("eservices.httpObservability");

export function installHttpObservability(): void {
  const proto = http.Server.prototype as unknown as { emit: (event: string, ...args: unknown[]) => boolean; [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string, ...args: unknown[]): boolean {
    if (event !== "request") return emit.call(this, event, ...args);
    const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
    // The request id and client address are set here, once, by the server (request-facts.ts).
    stampRequest(req, env().TRUST_PROXY);
    // Every answer names its request id (pages, routes, files), for a user's report to find its log line.
    res.setHeader("x-request-id", req.headers["x-request-id"]!);
    const started = process.hrtime.bigint();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // A response cut off before its head was sent (client gone, server stopping) counts as 499.
      const status = res.headersSent ? res.statusCode : 499;
      const route = routeLabel(req.url ?? "/", status);
      const method = (req.method ?? "GET").toUpperCase();
      metrics().httpDuration.observe({ route, method, status: String(status) }, seconds);
      if (route.startsWith("/_next")) return; // static assets: counted, not logged
      const requestId = res.getHeader("x-request-id") ?? req.headers["x-request-id"];
      log(status >= 500 ? "warn" : "info", "http.request", {
        requestId: typeof requestId === "string" ? requestId : undefined,
        method,
        route,
        status,
        ms: Math.round(seconds * 10_000) / 10,
        action: req.headers["next-action"] ? true : undefined,
      });
    };
    res.once("finish", finish);
    res.once("close", finish);
    const store: { req: http.IncomingMessage; notFound?: boolean } = { req };
    if (isRscPageRequest(req)) holdResponse(res, () => store.notFound === true);
    return requestContext().run(store, () => emit.call(this, event, ...args));
  };
}
