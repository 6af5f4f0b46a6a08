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

/** One text of the content module: its kind (a call script, a message template), key, language
 * and wording variant. */
export type ContentRef = { kind: string; key: string; language: string; variant: string };

function where(ref: ContentRef) {
  return { kind_key_language_variant: { kind: ref.kind, key: ref.key, language: ref.language, variant: ref.variant } };
}

const auditOf = (action: string, id: string, ref: ContentRef, version: number) => ({
  action,
  entityType: "content_text",
  entityId: id,
  meta: { kind: ref.kind, key: ref.key, language: ref.language, variant: ref.variant, version },
});

/**
 * Saves `body` (already checked by the kind's schema) as the draft of `ref` at `version` (0 = a new
 * text), with its revision and audit row: the one draft write of every kind of content.
 */
export async function saveContentDraft(tx: Tx, actor: { userId: string }, now: Date, ref: ContentRef, body: unknown, version: number) {
  const json = body as Prisma.InputJsonValue;
  const row = await tx.contentText.findUnique({ where: where(ref), select: { id: true, version: true } });
  let id: string;
  if (!row) {
    if (version !== 0) throw conflict();
    const created = await tx.contentText.create({
      data: { ...ref, draft: json, updatedAt: now, updatedById: actor.userId, version: 1 },
      select: { id: true },
    });
    id = created.id;
  } else {
    const { count } = await tx.contentText.updateMany({
      where: { id: row.id, version },
      data: { draft: json, updatedAt: now, updatedById: actor.userId, version: { increment: 1 } },
    });
    if (count === 0) throw conflict();
    id = row.id;
  }
  const next = version + 1;
  await tx.contentRevision.create({ data: { textId: id, version: next, action: "draft", body: json, byId: actor.userId, at: now } });
  return { data: { id, version: next }, audit: auditOf("content.draft_saved", id, ref, next) };
}

/**
 * Approves the draft of `ref` at `version`: `read` checks the draft again with the kind's rules
 * (they may be stricter than when it was saved) and returns it, or null when there is none or it
 * no longer passes; `check` may refuse it for reasons of its own (throws). The one approval of
 * every kind of content.
 */
export async function approveContentDraft<T>(
  tx: Tx, actor: { userId: string }, now: Date, ref: ContentRef, version: number,
  read: (draft: unknown) => T | null, check: (body: T) => void = () => {},
) {
  const row = await tx.contentText.findUnique({ where: where(ref), select: { id: true, version: true, draft: true } });
  if (!row || row.version !== version) throw conflict();
  const body = read(row.draft);
  if (!body) throw new AppError("VALIDATION", "nothingToApprove");
  check(body);
  const json = body as unknown as Prisma.InputJsonValue;
  const { count } = await tx.contentText.updateMany({
    where: { id: row.id, version },
    data: { approved: json, draft: Prisma.DbNull, approvedAt: now, approvedById: actor.userId, updatedAt: now, updatedById: actor.userId, version: { increment: 1 } },
  });
  if (count === 0) throw conflict();
  await tx.contentRevision.create({ data: { textId: row.id, version: version + 1, action: "approved", body: json, byId: actor.userId, at: now } });
  return { data: { id: row.id, version: version + 1 }, audit: auditOf("content.approved", row.id, ref, version + 1) };
}

const scriptRef = (ref: ScriptRef): ContentRef => ({ kind: KIND, key: ref.key, language: ref.language, variant: ref.variant });

export const saveScriptDraftCommand = command({
  name: "content.saveScriptDraft",
  permission: "content.edit",
  schema: saveScriptSchema,
  async run({ tx, actor, input, now }) {
    const { body, version, ...ref } = input;
    return saveContentDraft(tx, actor, now, scriptRef(ref), body, version);
  },
});

export const approveScriptCommand = command({
  name: "content.approveScript",
  permission: "content.edit",
  schema: approveScriptSchema,
  async run({ tx, actor, input, now }) {
    const { version, ...ref } = input;
    return approveContentDraft(tx, actor, now, scriptRef(ref), version, readScriptBody);
  },
});
