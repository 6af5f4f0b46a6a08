// Possible cross-site duplicates (issue 13, item 2): an enrolment or an import that matches a client
// the enroller may not see tells her nothing, and raises the pair here instead, for an administrator
// (who sees both records) to review. She LINKS them as one person - one record stays active, the
// other is closed as EXITED with code DUPLICATE, its history kept, through the lifecycle owner - or
// DISMISSES them as different people; either way the pair is never raised again. Reports count a
// linked pair once: a record closed as a duplicate is left out of the enrolment figures
// (lib/reports/enrolment-rules.ts).
import { z } from "zod";
import { command, type Tx } from "@/lib/action";
import { assertCan, type Actor } from "@/lib/authz";
import { writeAudit } from "@/lib/audit";
import { conflict, fieldError, notFound } from "@/lib/errors";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { isoDate } from "@/lib/dates";
import { localDay } from "@/lib/site-clock";
import { exitClient } from "@/lib/clients/lifecycle";

/** A pair is stored once, its two ids in order. */
export function orderedPair(x: string, y: string): { clientAId: string; clientBId: string } {
  return x < y ? { clientAId: x, clientBId: y } : { clientAId: y, clientBId: x };
}

/** `clientId` with each other id once, never with itself, each pair in order. */
function pairsOf(clientId: string, otherClientIds: Iterable<string>) {
  return [...new Set(otherClientIds)].filter((id) => id !== clientId).map((id) => orderedPair(clientId, id));
}

/**
 * Raises `clientId` with each of `otherClientIds` as a possible duplicate (what the enrolment and
 * the import call where a match lies outside the user's scope). A pair already raised - open,
 * linked or dismissed - is left as it is. Returns how many pairs are new.
 */
export async function raisePossibleDuplicates(
  tx: Pick<Tx, "possibleDuplicate">,
  clientId: string,
  otherClientIds: readonly string[],
  raisedById: string | null,
): Promise<number> {
  const pairs = pairsOf(clientId, otherClientIds).map((p) => ({ ...p, raisedById }));
  if (pairs.length === 0) return 0;
  const { count } = await tx.possibleDuplicate.createMany({ data: pairs, skipDuplicates: true });
  return count;
}

/** The same as raisePossibleDuplicates, for a bulk writer on a raw pg connection (the import):
 * one set-based statement for every (new client, other clients) of the file. */
export async function raisePossibleDuplicatesPg(
  client: { query: (text: string, values: unknown[]) => Promise<{ rowCount: number | null }> },
  matches: ReadonlyMap<string, readonly string[]>,
  raisedById: string | null,
): Promise<number> {
  const pairs = [...matches].flatMap(([clientId, others]) => pairsOf(clientId, others));
  if (pairs.length === 0) return 0;
  const a = pairs.map((p) => p.clientAId);
  const b = pairs.map((p) => p.clientBId);
  const res = await client.query(
    `INSERT INTO possible_duplicates (client_a_id, client_b_id, raised_by_id)
     SELECT DISTINCT p.a, p.b, $3::uuid FROM unnest($1::uuid[], $2::uuid[]) AS p(a, b)
     ON CONFLICT (client_a_id, client_b_id) DO NOTHING`,
    [a, b, raisedById],
  );
  return res.rowCount ?? 0;
}

// -------------------------------------------------------------------------------------------------
// The review list.

export const REVIEW_PAGE_SIZE = 20;

export const reviewParamsSchema = z.object({
  /** Keyset cursor: the last pair of the previous page. */
  after: z.uuid().optional().catch(undefined),
});

const clientSelect = {
  id: true, ref: true, firstName: true, lastName: true, dateOfBirth: true, sex: true, category: true, enrolmentDate: true,
  status: true, statusDate: true, statusReasonCode: true,
  site: { select: { name: true } },
  mentor: { select: { name: true } },
  phones: { orderBy: [{ isPrimary: "desc" }, { number: "asc" }], select: { number: true } },
} satisfies Prisma.ClientSelect;

export type ReviewClient = {
  id: string; ref: string; firstName: string; lastName: string; dateOfBirth: string; sex: string; category: string;
  enrolmentDate: string; status: string; statusDate: string | null; statusReasonCode: string | null;
  siteName: string; mentorName: string | null; phones: string[]; calls: number;
};
export type ReviewPair = { id: string; version: number; raisedAt: Date; a: ReviewClient; b: ReviewClient };

/**
 * Open pairs, oldest first (the review works through them in order), both records in full for a
 * side-by-side comparison. Only administrators (every site). The view is audited: one row per
 * page with the ids of the records shown.
 */
export async function listOpenDuplicates(
  db: PrismaClient,
  actor: Actor,
  params: z.infer<typeof reviewParamsSchema>,
  meta: { requestId?: string | null; ip?: string | null } = {},
): Promise<{ pairs: ReviewPair[]; next: string | null; open: number }> {
  assertCan(actor, "clients.duplicates");
  const cursor = params.after
    ? await db.possibleDuplicate.findFirst({ where: { id: params.after, status: "OPEN" }, select: { id: true, raisedAt: true } })
    : null;
  const [rows, open] = await Promise.all([
    db.possibleDuplicate.findMany({
      where: {
        status: "OPEN",
        ...(cursor ? { OR: [{ raisedAt: { gt: cursor.raisedAt } }, { raisedAt: cursor.raisedAt, id: { gt: cursor.id } }] } : {}),
      },
      orderBy: [{ raisedAt: "asc" }, { id: "asc" }],
      take: REVIEW_PAGE_SIZE + 1,
      select: { id: true, version: true, raisedAt: true, clientAId: true, clientBId: true },
    }),
    db.possibleDuplicate.count({ where: { status: "OPEN" } }),
  ]);
  const page = rows.slice(0, REVIEW_PAGE_SIZE);
  const ids = [...new Set(page.flatMap((p) => [p.clientAId, p.clientBId]))];
  const [clients, calls] = await Promise.all([
    db.client.findMany({ where: { id: { in: ids } }, select: clientSelect }),
    db.callAttempt.groupBy({ by: ["clientId"], where: { clientId: { in: ids } }, _count: { _all: true } }),
  ]);
  const callCount = new Map(calls.map((c) => [c.clientId, c._count._all]));
  const byId = new Map(
    clients.map((c) => [
      c.id,
      {
        id: c.id, ref: c.ref, firstName: c.firstName, lastName: c.lastName, dateOfBirth: isoDate(c.dateOfBirth), sex: c.sex, category: c.category,
        enrolmentDate: isoDate(c.enrolmentDate), status: c.status, statusDate: c.statusDate ? isoDate(c.statusDate) : null,
        statusReasonCode: c.statusReasonCode, siteName: c.site.name, mentorName: c.mentor?.name ?? null,
        phones: c.phones.map((p) => p.number), calls: callCount.get(c.id) ?? 0,
      } satisfies ReviewClient,
    ]),
  );
  const pairs = page.flatMap((p) => {
    const a = byId.get(p.clientAId);
    const b = byId.get(p.clientBId);
    return a && b ? [{ id: p.id, version: p.version, raisedAt: p.raisedAt, a, b }] : [];
  });
  // Fail closed: identified records are shown only once their viewing is on record.
  await writeAudit(db, { actorId: actor.userId, requestId: meta.requestId, ip: meta.ip }, {
    action: "duplicates.review_viewed",
    entityType: "client",
    meta: { pairs: pairs.map((p) => p.id), clientIds: ids },
  });
  return { pairs, next: rows.length > REVIEW_PAGE_SIZE ? page[page.length - 1]!.id : null, open };
}

// -------------------------------------------------------------------------------------------------
// The decisions.

const decisionBase = { pairId: z.uuid(), version: z.number().int().min(1) };
export const linkDuplicatesSchema = z.object({ ...decisionBase, keepClientId: z.uuid() });
export const dismissDuplicatesSchema = z.object(decisionBase);

/** The open pair at `version`, locked until the transaction ends; CONFLICT when someone decided first. */
async function lockOpenPair(tx: Tx, pairId: string, version: number) {
  const [row] = await tx.$queryRaw<{ id: string; client_a_id: string; client_b_id: string; status: string; version: number }[]>`
    SELECT id, client_a_id, client_b_id, status::text AS status, version FROM possible_duplicates WHERE id = ${pairId}::uuid FOR UPDATE`;
  if (!row) throw notFound();
  if (row.status !== "OPEN" || row.version !== version) throw conflict();
  return row;
}

/** The pair's decision, once: who decided, when, and (linked) the record kept. */
async function decidePair(tx: Tx, pairId: string, decision: { status: "LINKED" | "DISMISSED"; keptClientId?: string; by: string; now: Date }) {
  await tx.possibleDuplicate.update({
    where: { id: pairId },
    data: { status: decision.status, keptClientId: decision.keptClientId ?? null, decidedAt: decision.now, decidedById: decision.by, version: { increment: 1 } },
  });
}

export type LinkResult = { keptClientId: string; closedClientId: string; tasksCancelled: number };

/**
 * The two records are one person: `keepClientId` stays as it is, the other is closed (EXITED, code
 * DUPLICATE, dated the closed record's site-local today) by the lifecycle owner - her Mentor Mother
 * assignment ends and her open call tasks are cancelled by the task owner; her calls, visits and
 * results stay where they are.
 */
export const linkDuplicatesCommand = command({
  name: "duplicates.link",
  permission: "clients.duplicates",
  schema: linkDuplicatesSchema,
  async run({ tx, actor, input, now }) {
    const pair = await lockOpenPair(tx, input.pairId, input.version);
    if (input.keepClientId !== pair.client_a_id && input.keepClientId !== pair.client_b_id) throw fieldError("keepClientId", "invalidValue");
    const closedId = input.keepClientId === pair.client_a_id ? pair.client_b_id : pair.client_a_id;
    const closed = await tx.client.findUniqueOrThrow({ where: { id: closedId }, select: { id: true, status: true, site: { select: { timeZone: true } } } });
    const today = localDay(closed.site.timeZone, now);
    const exit = await exitClient(tx, { id: closedId, version: null }, { status: "EXITED", code: "DUPLICATE", date: today, today, now });
    await decidePair(tx, pair.id, { status: "LINKED", keptClientId: input.keepClientId, by: actor.userId, now });
    return {
      data: { keptClientId: input.keepClientId, closedClientId: closedId, tasksCancelled: exit.tasksCancelled } satisfies LinkResult,
      audit: [
        {
          action: "client.status_changed",
          entityType: "client",
          entityId: closedId,
          meta: { from: closed.status, to: "EXITED", code: "DUPLICATE", source: "duplicates", duplicateOf: input.keepClientId, pairId: pair.id, ...exit },
        },
        { action: "duplicates.linked", entityType: "client", entityId: input.keepClientId, meta: { pairId: pair.id, closedClientId: closedId } },
      ],
    };
  },
});

/** Two different people: the pair is closed and not raised again. Neither record changes. */
export const dismissDuplicatesCommand = command({
  name: "duplicates.dismiss",
  permission: "clients.duplicates",
  schema: dismissDuplicatesSchema,
  async run({ tx, actor, input, now }) {
    const pair = await lockOpenPair(tx, input.pairId, input.version);
    await decidePair(tx, pair.id, { status: "DISMISSED", by: actor.userId, now });
    return {
      data: { pairId: pair.id },
      audit: [
        { action: "duplicates.dismissed", entityType: "client", entityId: pair.client_a_id, meta: { pairId: pair.id, otherClientId: pair.client_b_id } },
        { action: "duplicates.dismissed", entityType: "client", entityId: pair.client_b_id, meta: { pairId: pair.id, otherClientId: pair.client_a_id } },
      ],
    };
  },
});
