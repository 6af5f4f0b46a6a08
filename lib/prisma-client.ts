// Builds a Prisma client over the pg driver adapter. Used by lib/db.ts (the app's one client) and by
// scripts (seed, synthetic data, benchmarks) that run outside Next.js and cannot import `server-only`.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

export function createPrisma(connectionString: string, max = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max }) });
}

export type { PrismaClient };
