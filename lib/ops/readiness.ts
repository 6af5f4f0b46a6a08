// What /api/ready answers (a load balancer or orchestrator sends traffic to an instance only when
// it is ready): the database answers, every migration in prisma/migrations is applied (an instance
// of a newer version waits for `migrate deploy`), and a worker wrote a heartbeat recently (daily
// lists and imports are being processed). /api/health is liveness only and checks none of this.
import fs from "node:fs";
import path from "node:path";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { isFresh, latestBeat } from "@/lib/ops/heartbeat";

export type CheckState = "ok" | "failed" | "pending" | "stale" | "unknown";
export type Readiness = { ready: boolean; checks: { database: CheckState; migrations: CheckState; worker: CheckState } };

/** Migration folders shipped with this version of the app. */
export function shippedMigrations(dir = path.join(process.cwd(), "prisma", "migrations")): string[] | null {
  try {
    return fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, "migration.sql"))).sort();
  } catch {
    return null;
  }
}

/** Pure: the migrations state from what ships and what the database says it applied. */
export function migrationState(shipped: string[] | null, applied: { name: string; finished: boolean }[]): CheckState {
  if (applied.some((m) => !m.finished)) return "failed"; // a failed or running migration
  if (shipped === null) return "unknown";
  const done = new Set(applied.map((m) => m.name));
  return shipped.every((m) => done.has(m)) ? "ok" : "pending";
}

export async function checkReadiness(
  db: PrismaClient,
  opts: { now?: Date; heartbeatMaxAgeSeconds: number; shipped?: string[] | null },
): Promise<Readiness> {
  const now = opts.now ?? new Date();
  const checks: Readiness["checks"] = { database: "unknown", migrations: "unknown", worker: "unknown" };
  try {
    const applied = await db.$queryRaw<{ name: string; finished: boolean }[]>`
      SELECT migration_name AS name, (finished_at IS NOT NULL) AS finished
      FROM _prisma_migrations WHERE rolled_back_at IS NULL`;
    checks.database = "ok";
    checks.migrations = migrationState(opts.shipped === undefined ? shippedMigrations() : opts.shipped, applied);
    checks.worker = isFresh(await latestBeat(db), now, opts.heartbeatMaxAgeSeconds) ? "ok" : "stale";
  } catch {
    if (checks.database === "unknown") checks.database = "failed";
  }
  const ready = checks.database === "ok" && checks.migrations === "ok" && checks.worker === "ok";
  return { ready, checks };
}
