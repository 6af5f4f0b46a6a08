import { requireActor } from "@/lib/auth";
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
  return <AppShell actor={actor}>{children}</AppShell>;
}
