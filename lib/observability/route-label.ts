// The `route` label of the request metrics and access log: the path's pattern, never the path
// itself (ids in a path would make one series per record and put record ids into metrics).
// Pure, so the cardinality rules are unit-tested.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_SEGMENTS = 6;

/**
 * `/queue/0b6e...-.../correct/5f1...` -> `/queue/[id]/correct/[id]`. Static assets collapse to one
 * label each; anything answered 404 is `(not found)` (a scanner probing random paths must not
 * create series); deeper paths are cut.
 */
export function routeLabel(rawPath: string, status: number): string {
  if (status === 404) return "(not found)";
  const path = (rawPath.split(/[?#]/)[0] ?? "/") || "/";
  if (path.startsWith("/_next/static/")) return "/_next/static";
  if (path.startsWith("/_next/image")) return "/_next/image";
  if (path.startsWith("/_next/")) return "/_next";
  const segments = path.split("/").filter(Boolean);
  const out = segments.slice(0, MAX_SEGMENTS).map((s) => {
    if (UUID.test(s)) return "[id]";
    if (/^\d+$/.test(s)) return "[n]";
    if (s.length > 40 || !/^[A-Za-z0-9._~-]+$/.test(s)) return "[x]";
    return s;
  });
  if (segments.length > MAX_SEGMENTS) out.push("...");
  return `/${out.join("/")}`;
}
