// Validation messages are catalogue keys ("required", "tooShort|10"), not English sentences, so the
// same zod schema serves the server and the browser and the form shows them in the user's language
// (messages/*/errors.json, see components/forms/use-error-text.ts).
import { ZodError, type z } from "zod";

/** A well-formed uuid: ids from a URL are checked before they reach a `::uuid` cast or a query
 * (a malformed one is simply "not found"). */
export function isUuid(v: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
}

export const keyErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined || issue.input === null || issue.input === "" ? "required" : "invalid";
    case "too_small":
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? "required" : `tooShort|${issue.minimum}`;
      if (issue.origin === "array" || issue.origin === "set") return `tooFew|${issue.minimum}`;
      return `tooSmall|${issue.minimum}`;
    case "too_big":
      if (issue.origin === "string") return `tooLong|${issue.maximum}`;
      if (issue.origin === "array" || issue.origin === "set") return `tooMany|${issue.maximum}`;
      return `tooBig|${issue.maximum}`;
    case "invalid_format":
      return "invalidFormat";
    case "invalid_value":
      return "invalidValue";
    default:
      return "invalid";
  }
};

/** Characters no text field may hold: NUL (PostgreSQL refuses it in text: the write would fail
 * with a 500) and the other C0 controls except tab, line feed and carriage return. */
export const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/** Paths of the strings in `raw` (any depth) that hold a forbidden character. The path so far is
 * one shared stack, copied only for a hit: this runs on every field of every command and import row
 * (a new array per value was about 4% of bench B6's import CPU). */
function forbiddenPaths(raw: unknown, path: (string | number)[] = [], out: (string | number)[][] = [], depth = 0): (string | number)[][] {
  if (depth > 8 || out.length > 20) return out;
  if (typeof raw === "string") {
    if (FORBIDDEN_CHARACTERS.test(raw)) out.push([...path]);
  } else if (Array.isArray(raw)) {
    for (let i = 0; i < raw.length; i++) {
      path.push(i);
      forbiddenPaths(raw[i], path, out, depth + 1);
      path.pop();
    }
  } else if (raw && typeof raw === "object" && Object.getPrototypeOf(raw) === Object.prototype) {
    for (const k in raw) {
      if (!Object.prototype.hasOwnProperty.call(raw, k)) continue;
      path.push(k);
      forbiddenPaths((raw as Record<string, unknown>)[k], path, out, depth + 1);
      path.pop();
    }
  }
  return out;
}

/** Parses with catalogue-key messages. A control character (a NUL byte) in any string is refused
 * on its field ("invalidCharacters") before the schema runs, for every command alike. */
export function parseWithKeys<S extends z.ZodType>(schema: S, raw: unknown): z.ZodSafeParseResult<z.output<S>> {
  const bad = forbiddenPaths(raw);
  if (bad.length > 0) {
    const issues = bad.map((path) => ({ code: "custom" as const, path, message: "invalidCharacters", input: undefined }));
    return { success: false, error: new ZodError(issues) as z.ZodError<z.output<S>> };
  }
  return schema.safeParse(raw, { error: keyErrorMap });
}

/** For search boxes and other free text read from a URL or a form outside a command: the forbidden
 * characters are dropped (a search never fails on them). */
export function withoutControlCharacters(v: string): string {
  return v.replace(new RegExp(FORBIDDEN_CHARACTERS.source, "g"), "");
}

/** A search word for Prisma's `contains` (SQL LIKE): `%`, `_` and the escape character itself
 * match only themselves, never "anything" - a search for "5%" is not a search for everyone. */
export function likeLiteral(v: string): string {
  return withoutControlCharacters(v).replace(/[\\%_]/g, (c) => `\\${c}`);
}
