// Writes of the content module (administrators only, "content.edit"): save a draft, approve the
// draft. Every write appends a revision (who, what, when) and an audit row (ids and the action,
// never the text). A stale version answers CONFLICT: two administrators editing one script do not
// silently overwrite each other.
import { command, type Tx } from "@/lib/action";
import { AppError, conflict } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { approveScriptSchema, saveScriptSchema, type ScriptRef } from "@/lib/content/schemas";
import { readScriptBody } from "@/lib/content/rules";

const KIND = "script";

function where(ref: ScriptRef) {
  return { kind_key_language_variant: { kind: KIND, key: ref.key, language: ref.language, variant: ref.variant } };
}

async function current(tx: Tx, ref: ScriptRef) {
  return tx.contentText.findUnique({ where: where(ref), select: { id: true, version: true, draft: true } });
}

const auditOf = (action: string, id: string, ref: ScriptRef, version: number) => ({
  action,
  entityType: "content_text",
  entityId: id,
  meta: { kind: KIND, key: ref.key, language: ref.language, variant: ref.variant, version },
});

export const saveScriptDraftCommand = command({
  name: "content.saveScriptDraft",
  permission: "content.edit",
  schema: saveScriptSchema,
  async run({ tx, actor, input, now }) {
    const { body, version, ...ref } = input;
    const json = body as unknown as Prisma.InputJsonValue;
    const row = await current(tx, ref);
    let id: string;
    let next: number;
    if (!row) {
      if (version !== 0) throw conflict();
      const created = await tx.contentText.create({
        data: { kind: KIND, ...ref, draft: json, updatedAt: now, updatedById: actor.userId, version: 1 },
        select: { id: true },
      });
      id = created.id;
      next = 1;
    } else {
      const { count } = await tx.contentText.updateMany({
        where: { id: row.id, version },
        data: { draft: json, updatedAt: now, updatedById: actor.userId, version: { increment: 1 } },
      });
      if (count === 0) throw conflict();
      id = row.id;
      next = version + 1;
    }
    await tx.contentRevision.create({ data: { textId: id, version: next, action: "draft", body: json, byId: actor.userId, at: now } });
    return { data: { id, version: next }, audit: auditOf("content.draft_saved", id, ref, next) };
  },
});

export const approveScriptCommand = command({
  name: "content.approveScript",
  permission: "content.edit",
  schema: approveScriptSchema,
  async run({ tx, actor, input, now }) {
    const { version, ...ref } = input;
    const row = await current(tx, ref);
    if (!row || row.version !== version) throw conflict();
    // Checked again: the rules may be stricter than when the draft was saved.
    const body = readScriptBody(row.draft);
    if (!body) throw new AppError("VALIDATION", "nothingToApprove");
    const json = body as unknown as Prisma.InputJsonValue;
    const { count } = await tx.contentText.updateMany({
      where: { id: row.id, version },
      data: { approved: json, draft: Prisma.DbNull, approvedAt: now, approvedById: actor.userId, updatedAt: now, updatedById: actor.userId, version: { increment: 1 } },
    });
    if (count === 0) throw conflict();
    await tx.contentRevision.create({ data: { textId: row.id, version: version + 1, action: "approved", body: json, byId: actor.userId, at: now } });
    return { data: { id: row.id, version: version + 1 }, audit: auditOf("content.approved", row.id, ref, version + 1) };
  },
});
