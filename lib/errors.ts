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

/** Postgres/Prisma errors that mean "the database is not reachable right now". */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string; cause?: unknown } | undefined;
  const code = e?.code ?? "";
  if (["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "ECONNRESET", "57P01", "57P03", "08006", "08001", "P1001", "P1017"].includes(code)) {
    return true;
  }
  const msg = e?.message ?? "";
  if (/ECONNREFUSED|Connection terminated|connect ETIMEDOUT|the database system is starting up/i.test(msg)) return true;
  return e?.cause ? isDatabaseUnavailable(e.cause) : false;
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
