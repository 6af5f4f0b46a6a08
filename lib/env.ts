import { z } from "zod";

// Environment read once and validated: a missing or malformed variable stops the process at start
// (instrumentation.ts for the app, the worker and the scripts for themselves) with one line per bad
// variable, instead of failing later in a request. Every variable is documented in .env.example.

/** The placeholder secret of .env.example: long enough, but public. */
const EXAMPLE_SECRET = "change-me-to-a-long-random-string";

const postgresUrl = (name: string) =>
  z
    .string({ error: `${name} is not set: a postgresql:// URL` })
    .trim()
    .refine((v) => {
      try {
        return ["postgres:", "postgresql:"].includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `${name} must be a postgresql:// URL`);

const int = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);

const optional = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === "" ? undefined : v), s.optional());

const schema = z.object({
  DATABASE_URL: postgresUrl("DATABASE_URL"),
  /** A streaming replica for reports and exports (lib/db.ts dbRead); unset: they read the primary. */
  DATABASE_REPLICA_URL: optional(postgresUrl("DATABASE_REPLICA_URL")),
  DATABASE_POOL_SIZE: int("DATABASE_POOL_SIZE", 1, 100).default(10),
  NEXTAUTH_URL: z
    .string()
    .url("NEXTAUTH_URL must be the public URL of the app, e.g. https://eservices.example.org")
    .refine((v) => /^https?:\/\//.test(v), "NEXTAUTH_URL must start with http:// or https://")
    .default("http://localhost:3000"),
  NEXTAUTH_SECRET: z
    .string({ error: "NEXTAUTH_SECRET is not set (openssl rand -base64 32)" })
    .min(32, "NEXTAUTH_SECRET must be at least 32 characters (openssl rand -base64 32)")
    .refine((v) => v !== EXAMPLE_SECRET, "NEXTAUTH_SECRET is still the example value: set a random one (openssl rand -base64 32)"),
  AUTH_MAX_FAILURES_PER_ACCOUNT: int("AUTH_MAX_FAILURES_PER_ACCOUNT", 1, 100).default(20),
  AUTH_MAX_FAILURES_PER_ADDRESS: int("AUTH_MAX_FAILURES_PER_ADDRESS", 1, 10000).default(100),
  TRUST_PROXY: z
    .enum(["true", "false"], { error: "TRUST_PROXY must be true or false" })
    .default("false")
    .transform((v) => v === "true"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"], { error: "LOG_LEVEL must be debug, info, warn or error" }).default("info"),
  /** Bearer token for GET /api/metrics and the worker's metrics port; unset: no metrics served. */
  METRICS_TOKEN: optional(z.string().min(32, "METRICS_TOKEN must be at least 32 characters (openssl rand -hex 32)")),
  /** Port of the worker's metrics endpoint (loopback only unless WORKER_METRICS_HOST says otherwise). */
  WORKER_METRICS_PORT: optional(int("WORKER_METRICS_PORT", 1, 65535)),
  WORKER_METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  /** /api/ready fails when no worker has written a heartbeat for this long. */
  WORKER_HEARTBEAT_MAX_AGE_SECONDS: int("WORKER_HEARTBEAT_MAX_AGE_SECONDS", 30, 3600).default(120),
  /** Key of the pseudonymous client ids in de-identified exports (lib/exports/pseudonym.ts). Keep it
   * secret and never change it: the same client keeps the same id across files only with the same
   * key. Unset: derived from NEXTAUTH_SECRET (fine for a demo, not for production). */
  EXPORT_PSEUDONYM_KEY: optional(z.string().min(32, "EXPORT_PSEUDONYM_KEY must be at least 32 characters (openssl rand -hex 32)")),
  /** Schedule of the daily call-list tick (cron, UTC). Only ever changed for tests of the schedule. */
  CALL_LISTS_CRON: z
    .string()
    .regex(/^\S+( \S+){4}$/, "CALL_LISTS_CRON must be a five-field cron expression")
    .default("*/15 * * * *"),
});

export type Env = z.infer<typeof schema>;

/** Which variables each kind of process needs (the worker never signs anyone in). */
const WORKER_KEYS = [
  "DATABASE_URL", "DATABASE_POOL_SIZE", "LOG_LEVEL", "METRICS_TOKEN", "WORKER_METRICS_PORT", "WORKER_METRICS_HOST", "CALL_LISTS_CRON",
] as const;
export type WorkerEnv = Pick<Env, (typeof WORKER_KEYS)[number]>;

export type EnvCheck<T> = { ok: true; env: T } | { ok: false; problems: string[] };

function check<T>(s: z.ZodType<T>, source: Record<string, string | undefined>): EnvCheck<T> {
  const parsed = s.safeParse(source);
  if (parsed.success) return { ok: true, env: parsed.data };
  // One line per variable, every variable named (zod reports them all at once).
  const problems = parsed.error.issues.map((i) => {
    const name = String(i.path[0] ?? "environment");
    return i.message.startsWith(name) ? i.message : `${name}: ${i.message}`;
  });
  return { ok: false, problems: [...new Set(problems)] };
}

/** The app's environment, checked; never throws. */
export function checkEnv(source: Record<string, string | undefined> = process.env): EnvCheck<Env> {
  return check(schema, source);
}

/** The worker's environment, checked; never throws. */
export function checkWorkerEnv(source: Record<string, string | undefined> = process.env): EnvCheck<WorkerEnv> {
  return check(schema.pick(Object.fromEntries(WORKER_KEYS.map((k) => [k, true])) as { [K in (typeof WORKER_KEYS)[number]]: true }), source);
}

export function formatEnvProblems(problems: string[]): string {
  return `Invalid environment (see .env.example):\n${problems.map((p) => `  - ${p}`).join("\n")}`;
}

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const result = checkEnv();
  if (!result.ok) throw new Error(formatEnvProblems(result.problems));
  cached = result.env;
  return cached;
}

/** A database URL safe to print: no password, no query string. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username ? `${decodeURIComponent(u.username)}@` : "";
    return `postgresql://${user}${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "(not a URL)";
  }
}
