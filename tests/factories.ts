// Test data through the real database. Every factory makes unique rows (a random suffix), so tests
// never depend on each other's leftovers and can run in any order.
import { randomUUID } from "node:crypto";
import { createPrisma, type PrismaClient } from "@/lib/prisma-client";
import { hashPassword } from "@/lib/auth/password";
import type { Actor } from "@/lib/authz";
import type { Role } from "@/lib/generated/prisma/enums";
import { countrySettingsSchema } from "@/lib/settings/schemas";

export const TEST_PASSWORD = "Test-password-123";
let cachedHash: Promise<string> | undefined;
const passwordHash = () => (cachedHash ??= hashPassword(TEST_PASSWORD));

let sharedDb: PrismaClient | undefined;
/** One client per test file; close it in afterAll with `closeDb()`. */
export function testDb(): PrismaClient {
  sharedDb ??= createPrisma(process.env.DATABASE_URL!, 5);
  return sharedDb;
}
export async function closeDb() {
  await sharedDb?.$disconnect();
  sharedDb = undefined;
}

export const uid = () => randomUUID().slice(0, 8);

/** A random two-letter country code, never one of the demo seed's (it runs on the same test
 * database after the integration tests). Collisions are left to the unique index. */
export function randomCountryCode(): string {
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (;;) {
    const code = letters[Math.floor(Math.random() * 26)]! + letters[Math.floor(Math.random() * 26)]!;
    if (code !== "ZA" && code !== "MW" && code !== "XZ") return code;
  }
}

export async function createCountry(over: Partial<{ code: string; name: string; timeZone: string; settings: object }> = {}) {
  for (let i = 0; ; i++) {
    const code = over.code ?? randomCountryCode();
    try {
      return await testDb().country.create({
        data: {
          code,
          name: over.name ?? `Country ${uid()}`,
          timeZone: over.timeZone ?? "Africa/Johannesburg",
          defaultLanguage: "en",
          settings: over.settings ?? countrySettingsSchema.parse({}),
        },
      });
    } catch (e) {
      if (over.code || i > 50) throw e;
    }
  }
}

export async function createSite(over: Partial<{ countryId: string; name: string; timeZone: string; code: string }> = {}) {
  const countryId = over.countryId ?? (await createCountry()).id;
  return testDb().site.create({
    data: {
      countryId,
      code: over.code ?? `T-${uid()}`,
      name: over.name ?? `Clinic ${uid()}`,
      timeZone: over.timeZone ?? "Africa/Johannesburg",
    },
  });
}

export async function createUser(
  role: Role,
  over: Partial<{ siteIds: string[]; countryId: string | null; username: string; name: string; active: boolean; languages: string[] }> = {},
) {
  const username = over.username ?? `${role.toLowerCase()}-${uid()}`;
  return testDb().user.create({
    data: {
      username,
      name: over.name ?? `Test ${username}`,
      passwordHash: await passwordHash(),
      role,
      active: over.active ?? true,
      countryId: over.countryId ?? null,
      sites: over.siteIds ? { create: over.siteIds.map((siteId) => ({ siteId })) } : undefined,
      mentorProfile: role === "MENTOR_MOTHER" ? { create: { languages: over.languages ?? ["en"], dailyCapacity: 40 } } : undefined,
    },
    include: { sites: true },
  });
}

/** An actor as lib/auth/actor.ts would load it, backed by a real session row. */
export async function actorFor(user: { id: string; name: string; role: Role; countryId: string | null; locale?: string }): Promise<Actor> {
  const full = await testDb().user.findUniqueOrThrow({ where: { id: user.id }, include: { sites: true } });
  const session = await testDb().userSession.create({ data: { userId: user.id, sessionVersion: full.sessionVersion } });
  return {
    userId: user.id,
    sessionId: session.id,
    name: full.name,
    role: full.role,
    siteIds: full.sites.map((s) => s.siteId),
    countryId: full.countryId,
    locale: full.locale,
    identifiedAccess: full.identifiedAccessGrantedAt !== null,
  };
}

export async function createClient(siteId: string, over: Partial<{ mentorId: string | null; status: "ACTIVE" | "OPTED_OUT" }> = {}) {
  return testDb().client.create({
    data: {
      ref: `T-${uid()}`,
      siteId,
      firstName: "Test",
      lastName: `Client ${uid()}`,
      dateOfBirth: new Date("1995-05-05"),
      category: "POSTNATAL",
      enrolmentDate: new Date("2026-01-10"),
      preferredLanguage: "en",
      consentCalls: true,
      mentorId: over.mentorId ?? null,
      status: over.status ?? "ACTIVE",
    },
  });
}

/** Audit rows for one entity, newest last. */
export function auditFor(entityId: string) {
  return testDb().auditEvent.findMany({ where: { entityId }, orderBy: { id: "asc" } });
}
