// Saving and approving reminder message templates (content kind "message", administrators only):
// the same draft / approved / revision / audit shape as the call scripts (lib/content/commands.ts).
// Approval refuses a template whose language has no forbidden-word list.
import { z } from "zod";
import { command } from "@/lib/action";
import { AppError, conflict } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { TEMPLATE_KEYS, TEMPLATE_KIND, TEMPLATE_VARIANT, approvalIssues, readTemplateBody, templateBodySchema } from "@/lib/messages/templates";

const language = z.string().trim().toLowerCase().regex(/^[a-z]{2,3}$/, "invalidFormat");
const ref = z.object({ key: z.enum(TEMPLATE_KEYS), language }).strict();
export const saveTemplateSchema = ref.extend({ body: templateBodySchema, version: z.number().int().min(0) }).strict();
export const approveTemplateSchema = ref.extend({ version: z.number().int().min(1) }).strict();

const where = (r: { key: string; language: string }) => ({
  kind_key_language_variant: { kind: TEMPLATE_KIND, key: r.key, language: r.language, variant: TEMPLATE_VARIANT },
});
const auditOf = (action: string, id: string, r: { key: string; language: string }, version: number) => ({
  action, entityType: "content_text", entityId: id, meta: { kind: TEMPLATE_KIND, key: r.key, language: r.language, version },
});

export const saveTemplateDraftCommand = command({
  name: "content.saveTemplateDraft",
  permission: "content.edit",
  schema: saveTemplateSchema,
  async run({ tx, actor, input, now }) {
    const { body, version, ...r } = input;
    const json = body as unknown as Prisma.InputJsonValue;
    const row = await tx.contentText.findUnique({ where: where(r), select: { id: true, version: true } });
    let id: string;
    if (!row) {
      if (version !== 0) throw conflict();
      id = (await tx.contentText.create({
        data: { kind: TEMPLATE_KIND, ...r, variant: TEMPLATE_VARIANT, draft: json, updatedAt: now, updatedById: actor.userId, version: 1 },
        select: { id: true },
      })).id;
    } else {
      const { count } = await tx.contentText.updateMany({
        where: { id: row.id, version }, data: { draft: json, updatedAt: now, updatedById: actor.userId, version: { increment: 1 } },
      });
      if (count === 0) throw conflict();
      id = row.id;
    }
    const next = version + 1;
    await tx.contentRevision.create({ data: { textId: id, version: next, action: "draft", body: json, byId: actor.userId, at: now } });
    return { data: { id, version: next }, audit: auditOf("content.draft_saved", id, r, next) };
  },
});

export const approveTemplateCommand = command({
  name: "content.approveTemplate",
  permission: "content.edit",
  schema: approveTemplateSchema,
  async run({ tx, actor, input, now }) {
    const { version, ...r } = input;
    const row = await tx.contentText.findUnique({ where: where(r), select: { id: true, version: true, draft: true } });
    if (!row || row.version !== version) throw conflict();
    const body = readTemplateBody(row.draft);
    if (!body) throw new AppError("VALIDATION", "nothingToApprove");
    const issues = approvalIssues(body, r.language);
    if (issues.length) {
      throw new AppError("VALIDATION", "correctFields", Object.fromEntries(issues.map((i) => [i.path, [i.arg ? `${i.key}|${i.arg}` : i.key]])));
    }
    const json = body as unknown as Prisma.InputJsonValue;
    const { count } = await tx.contentText.updateMany({
      where: { id: row.id, version },
      data: { approved: json, draft: Prisma.DbNull, approvedAt: now, approvedById: actor.userId, updatedAt: now, updatedById: actor.userId, version: { increment: 1 } },
    });
    if (count === 0) throw conflict();
    await tx.contentRevision.create({ data: { textId: row.id, version: version + 1, action: "approved", body: json, byId: actor.userId, at: now } });
    return { data: { id: row.id, version: version + 1 }, audit: auditOf("content.approved", row.id, r, version + 1) };
  },
});
