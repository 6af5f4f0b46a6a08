// One error type for the whole app. Only `message` ever reaches the user: it is a key of the
// "errors" catalogue (codes.*, messages.*, field.*) that the page translates. Codes map to HTTP status.
export type ErrorCode =
  | "UNAUTHENTICATED"
  | "NOT_FOUND"
  | "VALIDATION"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "UNAVAILABLE"
  | "INTERNAL";

const STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  // Out-of-scope and wrong-role requests answer "not found": never confirm that a record exists.
  NOT_FOUND: 404,
  VALIDATION: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export const notFound = () => new AppError("NOT_FOUND", "NOT_FOUND");
/** Someone saved a newer version of the record first. */
export const conflict = () => new AppError("CONFLICT", "CONFLICT");
/** A validation error on one field, with a catalogue key. */
export const fieldError = (field: string, key: string) => new AppError("VALIDATION", "correctFields", { [field]: [key] });

export function httpStatus(code: ErrorCode): number {
  return STATUS[code];
}

/** Driver-adapter error kinds (@prisma/adapter-pg) that mean the connection is gone or refused. */
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "TlsConnectionError"]);
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "ECONNRESET", "EPIPE",
  // PostgreSQL: admin shutdown, crash shutdown, cannot connect now, too many connections.
  "57P01", "57P02", "57P03", "53300",
  // Prisma: cannot reach, timed out, connection closed.
  "P1001", "P1002", "P1008", "P1017",
]);

/**
 * Postgres/Prisma errors that mean "the database is not reachable right now" (a retry may work):
 * the caller answers UNAVAILABLE, which the outcome form retries by itself. The driver's error
 * usually arrives wrapped - in a DriverAdapterError's `cause` ({ kind, originalCode }), in a
 * Prisma error's `meta.driverAdapterError` (raw queries: P2010), or as a plain `cause` - so every
 * layer is looked at.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== "object" || depth > 5) return false;
  const e = err as { code?: unknown; originalCode?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  for (const code of [e.code, e.originalCode]) {
    if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || /^08...$/.test(code))) return true;
  }
  if (typeof e.kind === "string" && UNAVAILABLE_KINDS.has(e.kind)) return true;
  const msg = typeof e.message === "string" ? e.message : "";
  if (/ECONNREFUSED|Connection terminated|connect ETIMEDOUT|the database system is (starting up|shutting down)|terminating connection|Server has closed the connection|Can't reach database server/i.test(msg)) {
    return true;
  }
  return isDatabaseUnavailable(e.cause, depth + 1) || isDatabaseUnavailable(e.meta?.driverAdapterError, depth + 1);
}

/** Unique-constraint violation (Prisma P2002 or Postgres 23505) */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: unknown } | undefined;
  if (e?.code === "P2002" || e?.code === "23505") return true;
  return e?.cause ? isUniqueViolation(e.cause) : false;
}

/** An error's name and driver code, for the logs (never its message: it may quote data). */
export function errorCode(err: unknown): string {
  const e = err as { name?: string; code?: string } | undefined;
  return [e?.name ?? "Error", e?.code].filter(Boolean).join(":");
}
