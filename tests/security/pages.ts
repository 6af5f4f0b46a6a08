// Every page, route handler and server action of the app, read from the build (`next build`), so a
// page or route added later is covered by the security suite - and by any other end-to-end check
// that imports this list (an accessibility scan of every page) - without anyone remembering to.
import fs from "node:fs";
import path from "node:path";

export const DIST_DIR = process.env.NEXT_DIST_DIR || ".next";

export type AppEntry = {
  kind: "page" | "route";
  /** The URL pattern, e.g. "/clients/[id]". */
  pattern: string;
  /** The app-directory entry, e.g. "/(app)/clients/[id]/page". */
  entry: string;
  /** Names of the dynamic segments, e.g. ["id"]. */
  params: string[];
};

export type ServerAction = { id: string; file: string; name: string; pages: string[] };

function readJson<T>(file: string, dist: string): T {
  const full = path.join(dist, file);
  if (!fs.existsSync(full)) throw new Error(`${full} is missing: run \`next build\` first (the security suite reads what the build contains)`);
  return JSON.parse(fs.readFileSync(full, "utf8")) as T;
}

/** Next.js's own pages (not ours) that every app has. */
const FRAMEWORK = new Set(["/_not-found", "/_global-error"]);

export function appEntries(dist = DIST_DIR): AppEntry[] {
  const manifest = readJson<Record<string, string>>("app-path-routes-manifest.json", dist);
  return Object.entries(manifest)
    .filter(([, pattern]) => !FRAMEWORK.has(pattern))
    .map(([entry, pattern]) => ({
      kind: entry.endsWith("/route") ? ("route" as const) : ("page" as const),
      pattern,
      entry,
      params: [...pattern.matchAll(/\[(?:\.\.\.)?([^\]]+)\]/g)].map((m) => m[1]!),
    }))
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
}

export function allPages(dist = DIST_DIR): AppEntry[] {
  return appEntries(dist).filter((e) => e.kind === "page");
}

export function allRoutes(dist = DIST_DIR): AppEntry[] {
  return appEntries(dist).filter((e) => e.kind === "route");
}

/** Every server action in the build, with the pages that can call it. */
export function allServerActions(dist = DIST_DIR): ServerAction[] {
  const manifest = readJson<{ node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }> }>(
    "server/server-reference-manifest.json",
    dist,
  );
  const routes = readJson<Record<string, string>>("app-path-routes-manifest.json", dist);
  return Object.entries(manifest.node).map(([id, a]) => ({
    id,
    file: a.filename ?? "?",
    name: a.exportedName ?? "?",
    pages: Object.keys(a.workers)
      .map((w) => routes[w.replace(/^app/, "")])
      .filter((p): p is string => !!p && !FRAMEWORK.has(p)),
  }));
}

/** A concrete URL of a pattern: each dynamic segment from `values` (by name), else `fallback`. */
export function fillPattern(pattern: string, values: Record<string, string> = {}, fallback = "00000000-0000-4000-8000-000000000000"): string {
  return pattern.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_m, name: string) => encodeURIComponent(values[name] ?? fallback));
}

/** Pages anyone may open signed out. */
export const PUBLIC_PAGES: ReadonlySet<string> = new Set(["/login"]);

/** Routes that answer without a session by design: sign-in itself, the load balancer's probes, the
 * metrics endpoint (its own bearer token, lib/route.ts is not used) and the message providers'
 * webhooks (a Twilio signature or Africa's Talking's secret in the URL, else 403:
 * lib/messages/webhook-route.ts, tested in tests/integration/messages-send.test.ts). */
export const PUBLIC_ROUTES: ReadonlySet<string> = new Set([
  "/api/auth/[...nextauth]", "/api/health", "/api/ready", "/api/metrics",
  "/api/webhooks/twilio/status", "/api/webhooks/twilio/inbound",
  "/api/webhooks/africastalking/[secret]/delivery", "/api/webhooks/africastalking/[secret]/inbound",
]);
