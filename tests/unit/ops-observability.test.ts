import { routeLabel } from "@/lib/observability/route-label";
import { isMetricsRequestAllowed } from "@/lib/metrics";
import { productionSigns } from "@/lib/ops/production";
import { isFresh } from "@/lib/ops/heartbeat";
import { migrationState } from "@/lib/ops/readiness";

describe("route label of the request metrics", () => {
  it("keeps the pattern and drops ids, queries and static file names", () => {
    expect(routeLabel("/queue/0b6e5c1a-1111-4222-8333-944455556666/correct/5f1e5c1a-1111-4222-8333-944455556666?x=1", 200))
      .toBe("/queue/[id]/correct/[id]");
    expect(routeLabel("/api/imports/123/errors", 200)).toBe("/api/imports/[n]/errors");
    expect(routeLabel("/_next/static/chunks/app-1234.js", 200)).toBe("/_next/static");
    expect(routeLabel("/", 200)).toBe("/");
    expect(routeLabel("/login?reason=password", 200)).toBe("/login");
  });

  it("puts every 404 under one label and cuts odd or deep paths, so no one can create series at will", () => {
    expect(routeLabel("/wp-admin/setup.php", 404)).toBe("(not found)");
    expect(routeLabel(`/a/${"b".repeat(60)}`, 200)).toBe("/a/[x]");
    expect(routeLabel("/a/b/c/d/e/f/g/h", 200)).toBe("/a/b/c/d/e/f/...");
    expect(routeLabel("/clients/%3Cscript%3E", 200)).toBe("/clients/[x]");
  });
});

describe("metrics are served only to the operator", () => {
  const token = "t".repeat(40);
  it("needs the configured bearer token", () => {
    expect(isMetricsRequestAllowed(`Bearer ${token}`, token)).toBe(true);
    expect(isMetricsRequestAllowed(`bearer ${token}`, token)).toBe(true);
    expect(isMetricsRequestAllowed(`Bearer ${token}x`, token)).toBe(false);
    expect(isMetricsRequestAllowed(token, token)).toBe(false);
    expect(isMetricsRequestAllowed(null, token)).toBe(false);
  });
  it("serves nothing when no token is configured", () => {
    expect(isMetricsRequestAllowed("Bearer ", undefined)).toBe(false);
    expect(isMetricsRequestAllowed("Bearer anything", undefined)).toBe(false);
  });
});

describe("what looks like a production configuration (the demo seed refuses it)", () => {
  it("is NODE_ENV=production or an https NEXTAUTH_URL on a real host", () => {
    expect(productionSigns({ NODE_ENV: "production" })).toEqual(["NODE_ENV is production"]);
    expect(productionSigns({ NEXTAUTH_URL: "https://eservices.example.org/" })).toEqual(["NEXTAUTH_URL is https://eservices.example.org"]);
  });
  it("is not a local or plain-http setup", () => {
    expect(productionSigns({ NEXTAUTH_URL: "http://localhost:3000" })).toEqual([]);
    expect(productionSigns({ NEXTAUTH_URL: "https://localhost:3443" })).toEqual([]);
    expect(productionSigns({ NEXTAUTH_URL: "https://127.0.0.1" })).toEqual([]);
    expect(productionSigns({})).toEqual([]);
  });
});

describe("readiness rules", () => {
  const now = new Date("2026-12-06T10:00:00Z");
  it("wants a worker heartbeat no older than the limit", () => {
    expect(isFresh(new Date("2026-12-06T09:58:00Z"), now, 120)).toBe(true);
    expect(isFresh(new Date("2026-12-06T09:57:59Z"), now, 120)).toBe(false);
    expect(isFresh(null, now, 120)).toBe(false);
  });
  it("wants every shipped migration applied and none failed", () => {
    const applied = [{ name: "a", finished: true }, { name: "b", finished: true }];
    expect(migrationState(["a", "b"], applied)).toBe("ok");
    expect(migrationState(["a", "b", "c"], applied)).toBe("pending");
    expect(migrationState(["a"], [...applied, { name: "c", finished: false }])).toBe("failed");
    expect(migrationState(null, applied)).toBe("unknown");
  });
});
