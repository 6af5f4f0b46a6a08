import { checkEnv, checkWorkerEnv, describeDatabaseUrl, formatEnvProblems } from "@/lib/env";

const GOOD = {
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/eservices",
  NEXTAUTH_SECRET: "x".repeat(40),
};

describe("startup environment check", () => {
  it("accepts a minimal valid environment and fills the defaults", () => {
    const r = checkEnv(GOOD);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.env).toMatchObject({ DATABASE_POOL_SIZE: 10, TRUST_PROXY: false, LOG_LEVEL: "info", WORKER_HEARTBEAT_MAX_AGE_SECONDS: 120 });
    expect(r.env.DATABASE_REPLICA_URL).toBeUndefined();
    expect(r.env.METRICS_TOKEN).toBeUndefined();
  });

  it("names every missing or bad variable at once, one line each", () => {
    const r = checkEnv({
      DATABASE_URL: "mysql://x/y",
      DATABASE_REPLICA_URL: "not a url",
      DATABASE_POOL_SIZE: "0",
      NEXTAUTH_URL: "localhost:3000",
      TRUST_PROXY: "yes",
      LOG_LEVEL: "verbose",
      METRICS_TOKEN: "short",
      WORKER_METRICS_PORT: "99999",
      CALL_LISTS_CRON: "every minute",
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const named = r.problems.map((p) => p.split(/[ :]/)[0]);
    expect(new Set(named)).toEqual(new Set([
      "DATABASE_URL", "DATABASE_REPLICA_URL", "DATABASE_POOL_SIZE", "NEXTAUTH_URL", "NEXTAUTH_SECRET", "TRUST_PROXY",
      "LOG_LEVEL", "METRICS_TOKEN", "WORKER_METRICS_PORT", "CALL_LISTS_CRON",
    ]));
    const text = formatEnvProblems(r.problems);
    expect(text).toContain("Invalid environment (see .env.example):");
    expect(text.split("\n")).toHaveLength(r.problems.length + 1);
  });

  it("refuses the example secret of .env.example even though it is long enough", () => {
    const r = checkEnv({ ...GOOD, NEXTAUTH_SECRET: "change-me-to-a-long-random-string" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join("\n")).toMatch(/NEXTAUTH_SECRET is still the example value/);
  });

  it("treats an empty optional variable as unset", () => {
    const r = checkEnv({ ...GOOD, DATABASE_REPLICA_URL: "", METRICS_TOKEN: "", WORKER_METRICS_PORT: "" });
    expect(r.ok).toBe(true);
  });

  it("does not ask the worker for the sign-in secret", () => {
    expect(checkWorkerEnv({ DATABASE_URL: GOOD.DATABASE_URL }).ok).toBe(true);
    const bad = checkWorkerEnv({ DATABASE_URL: "" });
    expect(bad.ok).toBe(false);
  });

  it("prints database URLs without their password", () => {
    expect(describeDatabaseUrl("postgresql://app:s3cret@db.internal:6432/eservices?sslmode=require")).toBe(
      "postgresql://app@db.internal:6432/eservices",
    );
  });
});
