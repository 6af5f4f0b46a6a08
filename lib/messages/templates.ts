// Reminder message templates are content (lib/content, kind "message"): per reason and language,
// draft / approved / history like the call scripts. Neutral wording is enforced: no word of any
// forbidden-word list (lib/content/rules.ts HEALTH_WORD_LISTS, medicine names included) may appear,
// on every save; and a template in a language without a list of its own cannot be approved (go
// live). Pure: no database.
import { z } from "zod";
import { hasHealthWordList, healthWordsIn, issueMessage, languageKey, placeholdersIn } from "@/lib/content/rules";

/** Templates: the four reminders, and the neutral confirmation of a STOP. */
export const TEMPLATE_KEYS = ["appointment", "appointment_day", "missed", "vl_due", "stop_confirm"] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

/** What a template may fill in: the date the reminder is about. Never her name (the phone may be
 * read by someone else) and never the programme. */
export const TEMPLATE_PLACEHOLDERS = ["date"] as const;
export const MAX_TEMPLATE_CHARS = 320;
/** ContentText.variant of message templates (one wording for everyone). */
export const TEMPLATE_VARIANT = "OTHER";
export const TEMPLATE_KIND = "message";

export type TemplateBody = {
  text: string;
  /** The provider's pre-approved WhatsApp template name (required by WhatsApp outside the 24-hour
   * session window); without it the reminder goes by SMS only. */
  whatsappTemplate?: string;
};

export type TemplateIssue = { path: string; key: string; arg?: string };

/** Why a template cannot be saved (catalogue keys of errors.field.*): empty text, a health word,
 * an unknown placeholder, unbalanced braces. */
export function templateIssues(body: TemplateBody): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  if (!body.text.trim()) issues.push({ path: "text", key: "emptyStep" });
  const words = healthWordsIn(body.text);
  if (words.length) issues.push({ path: "text", key: "healthWordInMessage", arg: [...new Set(words)].join(", ") });
  const { names, balanced } = placeholdersIn(body.text);
  if (!balanced) issues.push({ path: "text", key: "unbalancedBraces" });
  const unknown = names.filter((n) => !(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(n));
  if (unknown.length) issues.push({ path: "text", key: "unknownPlaceholder", arg: unknown.join(", ") });
  if (body.whatsappTemplate !== undefined && healthWordsIn(body.whatsappTemplate.replace(/[_-]/g, " ")).length) {
    issues.push({ path: "whatsappTemplate", key: "healthWordInMessage", arg: body.whatsappTemplate });
  }
  return issues;
}

/** Why a template in `language` cannot go live, beyond templateIssues: no forbidden-word list. */
export function approvalIssues(body: TemplateBody, language: string): TemplateIssue[] {
  const issues = templateIssues(body);
  if (!hasHealthWordList(language)) issues.push({ path: "language", key: "noWordList", arg: languageKey(language) });
  return issues;
}

export const templateBodySchema = z
  .object({
    text: z.string().max(MAX_TEMPLATE_CHARS, "tooLong"),
    whatsappTemplate: z.string().trim().regex(/^[A-Za-z0-9_]{1,64}$/, "invalidFormat").optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    for (const issue of templateIssues(body)) {
      ctx.addIssue({ code: "custom", path: [issue.path], message: issueMessage(issue) });
    }
  });

export function readTemplateBody(raw: unknown): TemplateBody | null {
  const parsed = templateBodySchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** A live template: approved, still valid, in a language with a word list. */
export type LiveTemplate = { key: TemplateKey; language: string; text: string; whatsappTemplate: string | null };

export function liveTemplates(rows: readonly { key: string; language: string; approved: unknown }[]): LiveTemplate[] {
  const out: LiveTemplate[] = [];
  for (const r of rows) {
    const body = readTemplateBody(r.approved);
    if (!body || !(TEMPLATE_KEYS as readonly string[]).includes(r.key)) continue;
    if (approvalIssues(body, r.language).length) continue;
    out.push({ key: r.key as TemplateKey, language: languageKey(r.language), text: body.text, whatsappTemplate: body.whatsappTemplate ?? null });
  }
  return out;
}

/** The text with {date} filled in (DD/MM/YYYY: the same in every language, no month names). */
export function fillTemplate(text: string, about: string | null): string {
  const date = about ? `${about.slice(8, 10)}/${about.slice(5, 7)}/${about.slice(0, 4)}` : "";
  return text.replace(/\{\s*date\s*\}/g, date);
}
