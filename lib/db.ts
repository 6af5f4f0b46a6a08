import "server-only";
import { createPrisma, poolOf, type PrismaClient } from "@/lib/prisma-client";
import { env } from "@/lib/env";
import { watchPool } from "@/lib/metrics";

// One client per process (kept on globalThis: across hot reloads in development, and across the
// server chunks that bundle this module).
const globalForDb = globalThis as unknown as { prisma?: PrismaClient; prismaRead?: PrismaClient };

/** The primary: every write, and every read that must see the user's own writes. */
export const db: PrismaClient = globalForDb.prisma ?? createPrisma(env().DATABASE_URL, env().DATABASE_POOL_SIZE);

/**
 * Reads that may lag the primary by a moment - reports and exports - go to the streaming replica
 * when DATABASE_REPLICA_URL is set, and to the primary otherwise. Never use it for a page that
 * shows what the user has just changed, nor inside a write.
 */
export const dbRead: PrismaClient =
  globalForDb.prismaRead ??
  (env().DATABASE_REPLICA_URL ? createPrisma(env().DATABASE_REPLICA_URL!, env().DATABASE_POOL_SIZE) : db);

globalForDb.prisma = db;
globalForDb.prismaRead = dbRead;
for (const [name, client] of [["primary", db], ["replica", dbRead]] as const) {
  const pool = poolOf(client);
  if (pool && (name === "primary" || client !== db)) watchPool(name, pool);
}
