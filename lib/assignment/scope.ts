// Whose work an actor may rearrange (permission clients.assign): an administrator any Mentor
// Mother's, a supervisor only those of her own sites. Pure, shaped like a Prisma `where` on users.
import type { Actor } from "@/lib/authz";

export function mentorScope(actor: Actor): Record<string, unknown> {
  switch (actor.role) {
    case "ADMIN":
      return { role: "MENTOR_MOTHER" };
    case "SUPERVISOR":
      return { role: "MENTOR_MOTHER", sites: { some: { siteId: { in: actor.siteIds } } } };
    default:
      // Nobody else holds clients.assign; should a role gain it by mistake, it sees nothing.
      return { id: { in: [] } };
  }
}
