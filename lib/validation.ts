// Validation messages are catalogue keys ("required", "tooShort|10"), not English sentences, so the
// same zod schema serves the server and the browser and the form shows them in the user's language
// (messages/*/errors.json, see components/forms/use-error-text.ts).
import type { z } from "zod";

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

/** Parses with catalogue-key messages. */
export function parseWithKeys<S extends z.ZodType>(schema: S, raw: unknown) {
  return schema.safeParse(raw, { error: keyErrorMap });
}
