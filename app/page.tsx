import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth";
import { landingPath } from "@/lib/authz";

export const dynamic = "force-dynamic";

export default async function Root() {
  const actor = await getActor();
  redirect(actor ? landingPath(actor) : "/login");
}
