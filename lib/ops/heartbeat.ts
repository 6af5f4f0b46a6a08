// Worker heartbeats (table worker_heartbeats): each worker process rewrites its own row every
// HEARTBEAT_INTERVAL_MS; /api/ready asks whether any row is fresh. No Next.js imports: the worker
// and the integration tests use it directly.
import os from "node:os";
import crypto from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export const HEARTBEAT_INTERVAL_MS = 30_000;
/** Rows of workers that stopped beating this long ago are deleted by housekeeping. */
export const HEARTBEAT_RETENTION_MS = 24 * 60 * 60 * 1000;

export type WorkerIdentity = { workerId: string; host: string; pid: number; startedAt: Date };

export function workerIdentity(now = new Date()): WorkerIdentity {
  const host = os.hostname().slice(0, 200);
  return { workerId: `${host}:${process.pid}:${crypto.randomBytes(4).toString("hex")}`, host, pid: process.pid, startedAt: now };
}

export async function beat(db: Pick<PrismaClient, "workerHeartbeat">, who: WorkerIdentity, now = new Date()): Promise<void> {
  await db.workerHeartbeat.upsert({
    where: { workerId: who.workerId },
    create: { ...who, beatAt: now },
    update: { beatAt: now },
  });
}

/** The newest heartbeat of any worker, or null when none ever beat. */
export async function latestBeat(db: Pick<PrismaClient, "workerHeartbeat">): Promise<Date | null> {
  const row = await db.workerHeartbeat.findFirst({ orderBy: { beatAt: "desc" }, select: { beatAt: true } });
  return row?.beatAt ?? null;
}

/** Pure: is a heartbeat at `beatAt` fresh at `now`? */
export function isFresh(beatAt: Date | null, now: Date, maxAgeSeconds: number): boolean {
  return beatAt !== null && now.getTime() - beatAt.getTime() <= maxAgeSeconds * 1000;
}

export async function forgetGoneWorkers(db: Pick<PrismaClient, "workerHeartbeat">, now = new Date()): Promise<number> {
  const { count } = await db.workerHeartbeat.deleteMany({ where: { beatAt: { lt: new Date(now.getTime() - HEARTBEAT_RETENTION_MS) } } });
  return count;
}
