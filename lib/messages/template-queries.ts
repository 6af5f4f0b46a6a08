// Reads of the message-template editor (administrators, "content.edit"): the content module's own
// list and history reads (lib/content/queries.ts), for kind "message". Templates hold no client data.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/authz";
import { getContent, listContent } from "@/lib/content/queries";
import { hasHealthWordList } from "@/lib/content/rules";
import { TEMPLATE_KIND, TEMPLATE_VARIANT, readTemplateBody, type TemplateKey } from "@/lib/messages/templates";

/** Every stored template, with whether its language has a forbidden-word list (else it cannot go live). */
export async function listTemplates(db: PrismaClient, actor: Actor) {
  const rows = await listContent(db, actor, TEMPLATE_KIND);
  return rows.map((r) => ({ ...r, wordList: hasHealthWordList(r.language) }));
}

/** One template for the editor: draft, approved text and history. */
export async function getTemplate(db: PrismaClient, actor: Actor, ref: { key: TemplateKey; language: string }) {
  return getContent(db, actor, { kind: TEMPLATE_KIND, key: ref.key, language: ref.language, variant: TEMPLATE_VARIANT }, readTemplateBody);
}
