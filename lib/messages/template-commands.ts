// Saving and approving reminder message templates (content kind "message", administrators only):
// the content module's own draft and approval (lib/content/commands.ts), as the call scripts.
// Approval refuses a template whose language has no forbidden-word list.
import { z } from "zod";
import { command } from "@/lib/action";
import { AppError } from "@/lib/errors";
import { approveContentDraft, saveContentDraft, type ContentRef } from "@/lib/content/commands";
import { issueMessage } from "@/lib/content/rules";
import { TEMPLATE_KEYS, TEMPLATE_KIND, TEMPLATE_VARIANT, approvalIssues, readTemplateBody, templateBodySchema } from "@/lib/messages/templates";

const language = z.string().trim().toLowerCase().regex(/^[a-z]{2,3}$/, "invalidFormat");
/** Which template: reason and language (also the editor page's search params). */
export const templateRefSchema = z.object({ key: z.enum(TEMPLATE_KEYS), language }).strict();
const ref = templateRefSchema;
export const saveTemplateSchema = ref.extend({ body: templateBodySchema, version: z.number().int().min(0) }).strict();
export const approveTemplateSchema = ref.extend({ version: z.number().int().min(1) }).strict();

const templateRef = (r: { key: string; language: string }): ContentRef => ({ kind: TEMPLATE_KIND, key: r.key, language: r.language, variant: TEMPLATE_VARIANT });

export const saveTemplateDraftCommand = command({
  name: "content.saveTemplateDraft",
  permission: "content.edit",
  schema: saveTemplateSchema,
  async run({ tx, actor, input, now }) {
    const { body, version, ...r } = input;
    return saveContentDraft(tx, actor, now, templateRef(r), body, version);
  },
});

export const approveTemplateCommand = command({
  name: "content.approveTemplate",
  permission: "content.edit",
  schema: approveTemplateSchema,
  async run({ tx, actor, input, now }) {
    const { version, ...r } = input;
    // A template goes live only in a language with a forbidden-word list of its own.
    return approveContentDraft(tx, actor, now, templateRef(r), version, readTemplateBody, (body) => {
      const issues = approvalIssues(body, r.language);
      if (issues.length) {
        throw new AppError("VALIDATION", "correctFields", Object.fromEntries(issues.map((i) => [i.path, [issueMessage(i)]])));
      }
    });
  },
});
