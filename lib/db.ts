import "server-only";
import { createPrisma, type PrismaClient } from "@/lib/prisma-client";
import { env } from "@/lib/env";

// One client per process, kept across hot reloads in development.
const globalForDb = globalThis as unknown as { prisma?: PrismaClient };

export const db: PrismaClient = globalForDb.prisma ?? createPrisma(env().DATABASE_URL, env().DATABASE_POOL_SIZE);
if (process.env.NODE_ENV !== "production") globalForDb.prisma = db;
