// Call scripts as content (issue 16): the structure of a script, the checks a script must pass on
// every save (approved or not), how it is filled in for one client, and which stored text the call
// screen uses. Pure: no database, no React; unit-tested (tests/unit/content-rules.test.ts).
import { z } from "zod";
import { SEX_VARIANTS, variantPreference, type SexVariant } from "@/lib/content/wording";

/** A script is a list of steps. The first is always the identity check ("make sure it is her and
 * she can talk freely"); the others are what to say once it is done. */
export const STEP_TYPES = ["identity", "say"] as const;
export type ScriptStep = { type: (typeof STEP_TYPES)[number]; text: string };
export type ScriptBody = { steps: ScriptStep[] };

/** What a script may fill in. Anything else in braces is refused on save. */
export const PLACEHOLDERS = ["firstName", "mentorName"] as const;

export const MAX_STEP_CHARS = 1500;
export const MAX_STEPS = 12;

/**
 * Words that tell a listener (or whoever reads her phone) the call or message is about HIV care, one
 * list per language. None may be said before a script's identity check is done, and none may appear
 * in a reminder message at all (lib/messages/templates.ts): the phone may be someone else's, and
 * being a client reveals HIV status. Whole words ("words") match as written; stems match inside
 * words, for languages that build words with prefixes (isiZulu "emtholampilo" = at the clinic).
 * Every list applies to every text (people mix languages); a message template's language must have
 * a list of its own before a template in it can go live. Medicine names are in MEDICINES (all
 * languages).
 */
export const HEALTH_WORD_LISTS: Readonly<Record<string, { words: readonly string[]; stems: readonly string[] }>> = {
  en: {
    words: ["hiv", "aids", "art", "arv", "arvs", "antiretroviral", "viral", "virus", "clinic", "clinics", "medicine", "medication", "pills",
      "pill", "tablets", "treatment", "health", "hospital", "test", "tests", "results", "result", "nurse", "doctor", "positive", "cd4"],
    stems: [],
  },
  pt: { words: ["vih", "sida", "tarv", "carga", "clínica", "medicamento", "medicamentos", "comprimidos", "tratamento", "saúde", "análise"], stems: [] },
  fr: { words: ["clinique", "médicament", "médicaments", "comprimés", "traitement", "santé", "hôpital", "virale"], stems: [] },
  zu: { words: [], stems: ["gciwane", "mtholampilo", "sibhedlela", "philisi", "muthi", "mithi", "ngculazi"] },
  st: { words: [], stems: ["kokwana", "tleliniki", "sepetlele", "dipilisi", "meriana", "kokwanahloko"] },
  ny: { words: [], stems: ["kachilombo", "chipatala", "mankhwala", "mapiritsi"] },
};
/** Antiretroviral medicine names and their usual abbreviations, forbidden in every language. */
const MEDICINES = ["tld", "dolutegravir", "efavirenz", "tenofovir", "lamivudine", "zidovudine", "nevirapine", "abacavir", "lopinavir",
  "atazanavir", "ritonavir", "emtricitabine", "dtg", "efv", "tdf", "azt", "nvp"];
const WORDS = [...Object.values(HEALTH_WORD_LISTS).flatMap((l) => l.words), ...MEDICINES];
const STEMS = Object.values(HEALTH_WORD_LISTS).flatMap((l) => l.stems);

/** Whether a language has a forbidden-word list of its own (a template in it may go live). */
export function hasHealthWordList(language: string): boolean {
  return Object.prototype.hasOwnProperty.call(HEALTH_WORD_LISTS, languageKey(language));
}

/** The health words found in a text (lower case, as written), in order. */
export function healthWordsIn(text: string): string[] {
  const lower = text.toLowerCase();
  const found: string[] = [];
  for (const w of lower.match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (WORDS.includes(w) || STEMS.some((s) => w.includes(s))) found.push(w);
  }
  return found;
}

/** Placeholders used in a text, and whether its braces are balanced. */
export function placeholdersIn(text: string): { names: string[]; balanced: boolean } {
  const names = [...text.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!.trim());
  const stripped = text.replace(/\{[^{}]*\}/g, "");
  return { names, balanced: !/[{}]/.test(stripped) };
}

/** `arg` is what the message names (the health words, the unknown placeholders). */
export type ScriptIssue = { path: string; key: string; arg?: string };

/** An issue of a script or a template as a catalogue message: its key with its one argument
 * ("key|arg", lib/validation.ts), for the schemas, the commands and the editors alike. */
export function issueMessage(issue: { key: string; arg?: string }): string {
  return issue.arg ? `${issue.key}|${issue.arg}` : issue.key;
}

/**
 * Why a script cannot be saved (catalogue keys of `errors.field.*`), empty when it can. Checked on
 * every save, draft or approved: the first step is the identity check, there is exactly one, no
 * health word is said before it is done (in it or before it), every step has text, placeholders are
 * known and braces balanced.
 */
export function scriptIssues(body: ScriptBody): ScriptIssue[] {
  const issues: ScriptIssue[] = [];
  const steps = body.steps;
  if (steps.length === 0 || steps[0]!.type !== "identity") issues.push({ path: "steps.0", key: "identityFirst" });
  if (steps.filter((s) => s.type === "identity").length > 1) issues.push({ path: "steps", key: "oneIdentity" });
  if (!steps.some((s) => s.type === "say")) issues.push({ path: "steps", key: "nothingToSay" });
  const identityAt = steps.findIndex((s) => s.type === "identity");
  steps.forEach((s, i) => {
    const path = `steps.${i}`;
    if (!s.text.trim()) issues.push({ path, key: "emptyStep" });
    if (identityAt === -1 || i <= identityAt) {
      const words = healthWordsIn(s.text);
      if (words.length) issues.push({ path, key: "healthWordBeforeIdentity", arg: [...new Set(words)].join(", ") });
    }
    const { names, balanced } = placeholdersIn(s.text);
    if (!balanced) issues.push({ path, key: "unbalancedBraces" });
    const unknown = names.filter((n) => !(PLACEHOLDERS as readonly string[]).includes(n));
    if (unknown.length) issues.push({ path, key: "unknownPlaceholder", arg: unknown.join(", ") });
  });
  return issues;
}

export const scriptBodySchema = z
  .object({
    steps: z
      .array(z.object({ type: z.enum(STEP_TYPES), text: z.string().max(MAX_STEP_CHARS, "tooLong") }).strict())
      .max(MAX_STEPS, "tooMany"),
  })
  .strict()
  .superRefine((body, ctx) => {
    for (const issue of scriptIssues(body)) {
      const path = issue.path.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p));
      ctx.addIssue({ code: "custom", path, message: issueMessage(issue) });
    }
  });

/** A stored body read back (old or hand-edited rows included): null unless it still validates. */
export function readScriptBody(raw: unknown): ScriptBody | null {
  const parsed = scriptBodySchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** The text with its placeholders filled in; a missing value leaves the placeholder's name. */
export function fillScript(text: string, values: Partial<Record<(typeof PLACEHOLDERS)[number], string>>): string {
  return text.replace(/\{\s*([A-Za-z]+)\s*\}/g, (whole, name: string) => values[name as keyof typeof values] ?? whole);
}

/** Lower-case primary language code: "zu-ZA", "ZU" -> "zu". */
export function languageKey(code: string | null | undefined): string {
  return (code ?? "").trim().toLowerCase().split(/[-_]/)[0] ?? "";
}

export type StoredScript = { key: string; language: string; variant: string; draft: unknown; approved: unknown };
export type ChosenScript = { key: string; variant: SexVariant; state: "approved" | "draft"; body: ScriptBody };

/**
 * The script the call screen shows for one reason, a client's language and sex: the approved text
 * of her variant, else of the default variant; else a draft in the same order (shown under a
 * "draft" banner); else null (the screen falls back to the built-in catalogue). A body that no
 * longer validates is never shown.
 */
export function chooseScript(rows: readonly StoredScript[], key: string, language: string, sex: string | null | undefined): ChosenScript | null {
  const lang = languageKey(language);
  const order = variantPreference(sex);
  for (const state of ["approved", "draft"] as const) {
    for (const variant of order) {
      const row = rows.find((r) => r.key === key && r.language === lang && r.variant === variant);
      const body = row ? readScriptBody(row[state]) : null;
      if (body) return { key, variant, state, body };
    }
  }
  return null;
}

export { SEX_VARIANTS };

export type CallScriptPlan = {
  /** The identity step to say first, from the first reason with a stored script; null = the
   * built-in catalogue's. */
  identity: { text: string; state: "approved" | "draft"; variant: SexVariant } | null;
  /** Per reason of the task: the stored script's steps after the identity check, or null (the
   * built-in catalogue's text). */
  reasons: { key: string; state: "approved" | "draft" | null; say: string[] | null }[];
  /** Some text shown is a draft: the screen says "draft - not yet checked by a native speaker". */
  anyDraft: boolean;
};

/** What the call screen says for a task's reasons, in the client's language and wording variant. */
export function planCallScripts(rows: readonly StoredScript[], reasons: readonly string[], language: string, sex: string | null | undefined): CallScriptPlan {
  let identity: CallScriptPlan["identity"] = null;
  const planned = reasons.map((key) => {
    const chosen = chooseScript(rows, key, language, sex);
    if (!chosen) return { key, state: null, say: null };
    const idStep = chosen.body.steps.find((s) => s.type === "identity");
    if (!identity && idStep) identity = { text: idStep.text, state: chosen.state, variant: chosen.variant };
    return { key, state: chosen.state, say: chosen.body.steps.filter((s) => s.type === "say").map((s) => s.text) };
  });
  return { identity, reasons: planned, anyDraft: planned.some((r) => r.state === "draft") };
}
