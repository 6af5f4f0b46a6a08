// Reads of the content module. The editor's reads need "content.edit" (administrators); the call
// screen reads the scripts of one language for a Mentor Mother at work ("queue.work"). Scripts hold
// no client data.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { assertCan, type Actor } from "@/lib/authz";
import { languageKey, readScriptBody, type StoredScript } from "@/lib/content/rules";
import type { ScriptRef } from "@/lib/content/schemas";
import type { ContentRef } from "@/lib/content/commands";

const KIND = "script";

/** Every stored text of one kind (small: keys x languages x variants), for an editor's list. */
export async function listContent(db: PrismaClient, actor: Actor, kind: string) {
  assertCan(actor, "content.edit");
  const rows = await db.contentText.findMany({
    where: { kind },
    orderBy: [{ language: "asc" }, { key: "asc" }, { variant: "asc" }],
    select: { key: true, language: true, variant: true, draft: true, approved: true, updatedAt: true, version: true },
  });
  return rows.map((r) => ({
    key: r.key,
    language: r.language,
    variant: r.variant,
    hasDraft: r.draft !== null,
    hasApproved: r.approved !== null,
    updatedAt: r.updatedAt,
    version: r.version,
  }));
}

/** Every stored script, for the editor's list. */
export async function listScripts(db: PrismaClient, actor: Actor) {
  return listContent(db, actor, KIND);
}

/** One text for its editor: draft, approved text and its history with the names of who changed it;
 * `read` is the kind's own check of a stored body (null when it no longer passes). */
export async function getContent<T>(db: PrismaClient, actor: Actor, ref: ContentRef, read: (raw: unknown) => T | null) {
  assertCan(actor, "content.edit");
  const row = await db.contentText.findUnique({
    where: { kind_key_language_variant: { kind: ref.kind, key: ref.key, language: ref.language, variant: ref.variant } },
    select: {
      id: true, draft: true, approved: true, approvedAt: true, version: true, updatedAt: true,
      revisions: { orderBy: { at: "desc" }, take: 50, select: { id: true, version: true, action: true, body: true, byId: true, at: true } },
    },
  });
  if (!row) return null;
  const ids = [...new Set(row.revisions.map((r) => r.byId).filter((v): v is string => !!v))];
  const users = ids.length ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : [];
  const name = new Map(users.map((u) => [u.id, u.name]));
  return {
    id: row.id,
    version: row.version,
    draft: read(row.draft),
    approved: read(row.approved),
    approvedAt: row.approvedAt,
    history: row.revisions.map((r) => ({
      id: String(r.id),
      version: r.version,
      action: r.action,
      body: read(r.body),
      byName: r.byId ? (name.get(r.byId) ?? null) : null,
      at: r.at,
    })),
  };
}

export type ContentHistoryItem = NonNullable<Awaited<ReturnType<typeof getContent>>>["history"][number];

/** One script for the editor. */
export async function getScript(db: PrismaClient, actor: Actor, ref: ScriptRef) {
  return getContent(db, actor, { kind: KIND, ...ref }, readScriptBody);
}

/** The stored scripts of one language (every reason and variant), for the call screen's choice
 * (lib/content/rules.ts chooseScript). One indexed read. */
export async function scriptsForLanguage(db: PrismaClient, actor: Actor, language: string): Promise<StoredScript[]> {
  assertCan(actor, "queue.work");
  const lang = languageKey(language);
  if (!lang) return [];
  return db.contentText.findMany({
    where: { kind: KIND, language: lang },
    select: { key: true, language: true, variant: true, draft: true, approved: true },
  });
}
