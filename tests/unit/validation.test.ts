import { z } from "zod";
import { parseWithKeys } from "@/lib/validation";
import { fieldErrorsOf } from "@/lib/action";
import { negotiate } from "@/i18n/config";

describe("validation messages are catalogue keys", () => {
  const schema = z.object({
    name: z.string().min(1).max(5),
    code: z.string().min(3),
    age: z.coerce.number().int().min(18).max(99),
    tags: z.array(z.string()).min(1),
    role: z.enum(["A", "B"]),
    email: z.string().email(),
  });

  it("maps each kind of problem to a key with its bound", () => {
    const r = parseWithKeys(schema, { name: "toolong", code: "ab", age: 5, tags: [], role: "C", email: "x" });
    expect(r.success).toBe(false);
    const errors = fieldErrorsOf(r.error!);
    expect(errors).toEqual({
      name: ["tooLong|5"],
      code: ["tooShort|3"],
      age: ["tooSmall|18"],
      tags: ["tooFew|1"],
      role: ["invalidValue"],
      email: ["invalidFormat"],
    });
  });

  it("calls a missing value required", () => {
    const r = parseWithKeys(schema, {});
    expect(fieldErrorsOf(r.error!).name).toEqual(["required"]);
  });

  it("keeps a schema's own message key", () => {
    const r = parseWithKeys(z.string().min(10, "passwordTooShort|10"), "short");
    expect(r.error!.issues[0]!.message).toBe("passwordTooShort|10");
  });
});

describe("language negotiation", () => {
  it("takes the first supported language and falls back to English", () => {
    expect(negotiate("pt-MZ,pt;q=0.9,en;q=0.8")).toBe("pt");
    expect(negotiate("ny-MW,fr;q=0.5")).toBe("fr");
    expect(negotiate("zu-ZA")).toBe("en");
    expect(negotiate(null)).toBe("en");
  });
});

describe("parseWithKeys: control characters", () => {
  it("names the path of every string holding one, at any depth, and runs no schema", () => {
    const schema = z.object({ notes: z.string(), answers: z.array(z.object({ text: z.string() })) });
    const r = parseWithKeys(schema, { notes: "ok", answers: [{ text: "fine" }, { text: "bad\u0000" }], extra: { deep: ["x", "y\u0001"] } });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path, i.message])).toEqual([
      [["answers", 1, "text"], "invalidCharacters"],
      [["extra", "deep", 1], "invalidCharacters"],
    ]);
    expect(parseWithKeys(schema, { notes: "tab\tand\nline", answers: [{ text: "ok" }] }).success).toBe(true);
  });
});
