// What each role's home page shows. Scoped like every other read.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { assertCan, clientScope, countryScope, siteScope, userScope, type Actor } from "@/lib/authz";

export async function mentorHome(db: PrismaClient, actor: Actor) {
  assertCan(actor, "queue.work");
  const [profile, sites, activeClients] = await Promise.all([
    db.mentorProfile.findUnique({ where: { userId: actor.userId } }),
    db.site.findMany({ where: siteScope(actor), select: { id: true, name: true, timeZone: true } }),
    db.client.count({ where: { AND: [clientScope(actor), { status: "ACTIVE" }] } }),
  ]);
  return { profile, sites, activeClients };
}

export async function supervisorHome(db: PrismaClient, actor: Actor) {
  assertCan(actor, "supervision.view");
  const [sites, mentors] = await Promise.all([
    db.site.findMany({ where: siteScope(actor), orderBy: { name: "asc" }, select: { id: true, name: true, code: true } }),
    db.user.findMany({
      where: { AND: [userScope(actor), { role: "MENTOR_MOTHER" }] },
      orderBy: { name: "asc" },
      select: {
        id: true, name: true, active: true,
        sites: { select: { siteId: true } },
        mentorProfile: { select: { languages: true, dailyCapacity: true } },
        _count: { select: { clients: { where: { status: "ACTIVE" } } } },
      },
    }),
  ]);
  return { sites, mentors };
}

export async function programmeOverview(db: PrismaClient, actor: Actor) {
  assertCan(actor, "reports.view");
  const [countries, sites, activeClients, mentors] = await Promise.all([
    db.country.count({ where: countryScope(actor) }),
    db.site.count({ where: { AND: [siteScope(actor), { active: true }] } }),
    db.client.count({ where: { AND: [clientScope(actor), { status: "ACTIVE" }] } }),
    db.user.count({ where: { AND: [userScope(actor), { role: "MENTOR_MOTHER", active: true }] } }),
  ]);
  const country = actor.countryId ? await db.country.findUnique({ where: { id: actor.countryId }, select: { name: true } }) : null;
  return { countries, sites, activeClients, mentors, scopeName: country?.name ?? null };
}
