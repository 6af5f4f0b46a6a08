import { redirect } from "next/navigation";
import { requireActor } from "@/lib/auth";
import { CHANGE_PASSWORD_PATH } from "@/lib/authz";
import { isDatabaseUnavailable } from "@/lib/errors";
import { log } from "@/lib/log";
import { AppShell } from "@/components/app-shell";
import { ServiceUnavailable } from "@/components/service-unavailable";

export const dynamic = "force-dynamic";

export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  let actor;
  try {
    actor = await requireActor();
  } catch (err) {
    // A database outage gets a clear page, not a stack trace; redirects and others pass through.
    if (isDatabaseUnavailable(err)) {
      log("error", "db.unavailable", { where: "layout" });
      return <ServiceUnavailable />;
    }
    throw err;
  }
  // A one-time password is replaced before anything else (the permissions refuse the rest anyway).
  if (actor.mustChangePassword) redirect(CHANGE_PASSWORD_PATH);
  return <AppShell actor={actor}>{children}</AppShell>;
}
