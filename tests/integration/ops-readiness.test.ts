// /api/ready's checks (lib/ops/readiness.ts) and the worker heartbeat against the real database.
import { beat, forgetGoneWorkers, workerIdentity, HEARTBEAT_RETENTION_MS } from "@/lib/ops/heartbeat";
import { checkReadiness, shippedMigrations } from "@/lib/ops/readiness";
import { closeDb, testDb } from "../factories";

afterAll(closeDb);

it("is ready only with every migration applied and a fresh worker heartbeat", async () => {
  const shipped = shippedMigrations();
  expect(shipped?.length).toBeGreaterThan(5);
  // Far in the future no heartbeat can be fresh (other tests may have written one).
  const later = new Date(Date.now() + 365 * 86_400_000);
  expect(await checkReadiness(testDb(), { now: later, heartbeatMaxAgeSeconds: 120, shipped })).toEqual({
    ready: false,
    checks: { database: "ok", migrations: "ok", worker: "stale" },
  });

  const me = workerIdentity(later);
  await beat(testDb(), me, later);
  expect(await checkReadiness(testDb(), { now: later, heartbeatMaxAgeSeconds: 120, shipped })).toEqual({
    ready: true,
    checks: { database: "ok", migrations: "ok", worker: "ok" },
  });
  // A version of the app with a migration the database does not have yet is not ready.
  const newer = await checkReadiness(testDb(), { now: later, heartbeatMaxAgeSeconds: 120, shipped: [...shipped!, "29990101000000_future"] });
  expect(newer).toMatchObject({ ready: false, checks: { migrations: "pending" } });

  // Beating again rewrites the one row; a worker gone for a day is forgotten by housekeeping.
  await beat(testDb(), me, new Date(later.getTime() + 30_000));
  expect(await testDb().workerHeartbeat.count({ where: { workerId: me.workerId } })).toBe(1);
  expect(await forgetGoneWorkers(testDb(), new Date(later.getTime() + HEARTBEAT_RETENTION_MS + 60_000))).toBeGreaterThanOrEqual(1);
  expect(await testDb().workerHeartbeat.count({ where: { workerId: me.workerId } })).toBe(0);
});

it("says the database failed when it cannot be reached", async () => {
  const { createPrisma } = await import("@/lib/prisma-client");
  const down = createPrisma("postgresql://postgres@127.0.0.1:9/unreachable?connect_timeout=2", 1);
  try {
    expect(await checkReadiness(down, { heartbeatMaxAgeSeconds: 120, shipped: [] })).toEqual({
      ready: false,
      checks: { database: "failed", migrations: "unknown", worker: "unknown" },
    });
  } finally {
    await down.$disconnect();
  }
});
