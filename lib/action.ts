// The one way to write: session -> role -> zod -> domain function (in a transaction) -> audit ->
// typed result (architecture.md, convention 3). Commands are plain objects so integration tests run
// them with an actor through `execute`; "use server" files wrap them with `serverAction`.
import type { z } from "zod";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { AppError, conflict, fieldError, isDatabaseUnavailable, isUniqueViolation, type FieldErrors } from "@/lib/errors";
import { assertCan, type Actor, type Permission } from "@/lib/authz";
import { recordDenial, writeAudit, writeAuditSql, type AuditEntry } from "@/lib/audit";
import { poolOf } from "@/lib/prisma-client";
import { rawTransaction, type SqlConnection } from "@/lib/sql";
import { log } from "@/lib/log";
import { isUuid, parseWithKeys } from "@/lib/validation";

export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: AppError["code"]; message: string; fieldErrors?: FieldErrors } };

export type Command<S extends z.ZodType, T> = {
  name: string;
  permission: Permission;
  schema: S;
  /** `now` is the request's one clock reading (architecture.md, convention 13): a command never
   * reads the clock itself, so a test can run it at any instant. */
  run: (ctx: { tx: Tx; actor: Actor; input: z.infer<S>; now: Date }) => Promise<{
    data: T;
    audit: AuditEntry | AuditEntry[];
    /** A refusal that must itself be kept (a wrong current password counts against the sign-in
     * budget and is audited): the transaction commits, then the caller gets this error. */
    refuse?: AppError;
  }>;
  /**
   * A hot command's raw path (decision 025): when `fits` says so for this (validated) input, `run`
   * does the same work with typed SQL statements (lib/sql.ts) in one transaction on the Prisma
   * client's own pg pool - no Prisma query compilation. Everything else about the command (permission,
   * validation, audit in the same transaction, error mapping) is the same as on the Prisma path.
   */
  raw?: {
    fits: (input: z.infer<S>, actor: Actor) => boolean;
    run: (ctx: { sql: SqlConnection; actor: Actor; input: z.infer<S>; now: Date }) => Promise<{ data: T; audit: AuditEntry | AuditEntry[] }>;
  };
};

export function command<S extends z.ZodType, T>(c: Command<S, T>): Command<S, T> {
  return c;
}

/** What a command takes from its caller: its schema's input (the server parses it again). */
export type CommandInput<C> = C extends Command<infer S, unknown> ? z.input<S> : never;

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** The record a refused request named: the first id among its top-level fields. */
function firstId(raw: unknown): string | null {
  if (!raw || typeof raw !== "object") return null;
  const v = Object.values(raw as Record<string, unknown>).find((x) => typeof x === "string" && isUuid(x));
  return (v as string | undefined) ?? null;
}

export async function execute<S extends z.ZodType, T>(
  db: PrismaClient,
  cmd: Command<S, T>,
  actor: Actor | null,
  raw: unknown,
  meta: { requestId?: string | null; ip?: string | null; now?: Date } = {},
): Promise<ActionResult<T>> {
  const now = meta.now ?? new Date();
  try {
    assertCan(actor, cmd.permission);
    const parsed = parseWithKeys(cmd.schema, raw);
    if (!parsed.success) {
      throw new AppError("VALIDATION", "correctFields", fieldErrorsOf(parsed.error));
    }
    const who = { actorId: actor.userId, requestId: meta.requestId, ip: meta.ip };
    const fast = cmd.raw;
    const { data, refuse } =
      fast && poolOf(db) && fast.fits(parsed.data, actor)
        ? await rawTransaction(db, async (sql) => {
            const { data, audit } = await fast.run({ sql, actor, input: parsed.data, now });
            await writeAuditSql(sql, who, audit);
            return { data, refuse: undefined };
          })
        : await db.$transaction(async (tx) => {
            const { data, audit, refuse } = await cmd.run({ tx, actor, input: parsed.data, now });
            await writeAudit(tx, who, audit);
            return { data, refuse };
          });
    if (refuse) throw refuse;
    return { ok: true, data };
  } catch (err) {
    if (err instanceof AppError) {
      if (err.code === "NOT_FOUND" || err.code === "UNAUTHENTICATED") {
        await recordDenial(db, { actorId: actor?.userId ?? null, requestId: meta.requestId, ip: meta.ip }, {
          where: `action:${cmd.name}`,
          code: err.code,
          entityId: firstId(raw),
        });
      }
      return { ok: false, error: { code: err.code, message: err.message, fieldErrors: err.fieldErrors } };
    }
    if (isDatabaseUnavailable(err)) {
      log("error", "db.unavailable", { action: cmd.name });
      return { ok: false, error: { code: "UNAVAILABLE", message: "UNAVAILABLE" } };
    }
    log("error", "action.failed", { action: cmd.name, error: (err as Error)?.message?.slice(0, 300) });
    return { ok: false, error: { code: "INTERNAL", message: "INTERNAL" } };
  }
}

/**
 * An edit under optimistic concurrency: compares the submitted fields with the stored ones,
 * writes only when something changed (`write` must update `where: { id, version }` and increment
 * the version), answers CONFLICT to a stale version and maps a unique violation to a field error.
 */
export async function updateVersioned<F extends Record<string, unknown>>(opts: {
  before: F & { version: number };
  fields: F;
  version: number;
  write: () => Promise<{ count: number }>;
  unique?: { field: string; key: string };
}): Promise<{ changed: (keyof F & string)[]; version: number }> {
  const changed = (Object.keys(opts.fields) as (keyof F & string)[]).filter((k) => opts.fields[k] !== opts.before[k]);
  if (changed.length === 0) {
    // Nothing to write or audit; a stale form still hears about the newer version.
    if (opts.before.version !== opts.version) throw conflict();
    return { changed, version: opts.version };
  }
  let count: number;
  try {
    ({ count } = await opts.write());
  } catch (e) {
    if (opts.unique && isUniqueViolation(e)) throw fieldError(opts.unique.field, opts.unique.key);
    throw e;
  }
  if (count === 0) throw conflict();
  return { changed, version: opts.version + 1 };
}
