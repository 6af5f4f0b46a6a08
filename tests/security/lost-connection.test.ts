// Security brief test 14 (issue 13, item 10): a fault in the middle of a write. The database
// connection of an outcome being recorded is cut while the command waits inside its transaction:
// the answer is UNAVAILABLE (which the outcome form retries by itself), nothing is half-written, and
// the retry with the same idempotency key stores the call once. Append-only tables refuse TRUNCATE.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { execute, command } from "@/lib/action";
import type { Actor } from "@/lib/authz";
import { z } from "zod";
import { dateOnly } from "@/lib/dates";
import { localDay } from "@/lib/site-clock";
import { recordOutcomeCommand } from "@/lib/calls/record";
import { isDatabaseUnavailable } from "@/lib/errors";
import { actorFor, closeDb, createClient, createSite, createUser, testDb } from "@/tests/factories";

const TZ = "Africa/Blantyre";
const db = testDb();
let siteId: string;
let mentor: Actor;
let side: pg.Client;

beforeAll(async () => {
  siteId = (await createSite({ timeZone: TZ })).id;
  mentor = await actorFor(await createUser("MENTOR_MOTHER", { siteIds: [siteId] }));
  side = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await side.connect();
});
afterAll(async () => {
  await side.end();
  await closeDb();
});

/** The backend waiting for a lock the side connection holds (not found by its query text: a
 * backend running a prepared statement inside a transaction may still show "BEGIN"). */
async function waitForBlocked(): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const { rows } = await side.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE pg_backend_pid() = ANY (pg_blocking_pids(pid))");
    if (rows[0]) return rows[0].pid;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the command never blocked");
}

describe("a lost connection in the middle of a command", () => {
  it("answers UNAVAILABLE when the connection is terminated inside the transaction", async () => {
    const cut = command({
      name: "test.cut",
      permission: "queue.work",
      schema: z.object({}),
      run: async ({ tx }) => {
        await tx.$queryRaw`SELECT pg_terminate_backend(pg_backend_pid())`;
        return { data: null, audit: [] };
      },
    });
    const r = await execute(db, cut, mentor, {});
    expect(r).toEqual({ ok: false, error: { code: "UNAVAILABLE", message: "UNAVAILABLE" } });
  });

  it("recording an outcome: cut while waiting for the task's lock -> UNAVAILABLE, nothing written; the retry stores it once", async () => {
    const client = await createClient(siteId, { mentorId: mentor.userId });
    await db.clientPhone.create({ data: { clientId: client.id, number: `+2659${Math.floor(1e7 + Math.random() * 8e7)}` } });
    const day = dateOnly(localDay(TZ, new Date()));
    const task = await db.callTask.create({ data: { clientId: client.id, mentorId: mentor.userId, taskDate: day, reasons: ["adherence"], priority: 8, firstDueDate: day } });
    const key = `k_${randomUUID().replace(/-/g, "")}`;
    const input = { taskId: task.id, idempotencyKey: key, disposition: "NO_ANSWER" as const };

    await side.query("BEGIN");
    await side.query("SELECT 1 FROM call_tasks WHERE id = $1 FOR UPDATE", [task.id]);
    let settled: unknown = null;
    const pending = execute(db, recordOutcomeCommand, mentor, input).then((r) => (settled = r));
    const pid = await waitForBlocked().catch(async (e) => {
      console.log(JSON.stringify(settled), JSON.stringify((await side.query("SELECT pid, wait_event_type, wait_event, left(query, 200) q FROM pg_stat_activity WHERE datname = current_database()")).rows));
      throw e;
    });
    await side.query("SELECT pg_terminate_backend($1)", [pid]);
    await pending;
    const first = settled;
    await side.query("ROLLBACK");

    expect(first).toEqual({ ok: false, error: { code: "UNAVAILABLE", message: "UNAVAILABLE" } });
    expect(await db.callAttempt.count({ where: { taskId: task.id } })).toBe(0);
    expect((await db.callTask.findUniqueOrThrow({ where: { id: task.id } })).attempts).toBe(0);

    const retry = await execute(db, recordOutcomeCommand, mentor, input);
    expect(retry.ok).toBe(true);
    const again = await execute(db, recordOutcomeCommand, mentor, input);
    expect(again).toEqual(retry);
    expect(await db.callAttempt.count({ where: { taskId: task.id } })).toBe(1);
  });

  it("wrapped driver errors are recognised as unavailable, others are not", () => {
    const adapter = { name: "DriverAdapterError", cause: { kind: "ConnectionClosed" } };
    expect(isDatabaseUnavailable(adapter)).toBe(true);
    expect(isDatabaseUnavailable({ code: "P2010", meta: { driverAdapterError: { cause: { kind: "postgres", originalCode: "57P01" } } } })).toBe(true);
    expect(isDatabaseUnavailable({ code: "P2010", meta: { driverAdapterError: { cause: { kind: "postgres", originalCode: "23514" } } } })).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
  });
});

describe("append-only tables", () => {
  it.each(["call_attempts", "tracing_outcomes", "audit_events"])("TRUNCATE %s is refused", async (table) => {
    await side.query("BEGIN");
    await expect(side.query(`TRUNCATE ${table} CASCADE`)).rejects.toThrow(/append-only/);
    await side.query("ROLLBACK");
  });
});
