import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getActor } from "@/lib/auth";
import { homePath } from "@/lib/authz";
import { signOutAction } from "@/lib/account/actions";
import { Card } from "@/components/ui/card";
import { ChangePasswordForm } from "@/app/(app)/account/change-password-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("changePasswordTitle") };
}

/**
 * Where an account with a one-time password (npm run admin:create) lands after signing in, and the
 * only page it may open (app/(app)/layout.tsx sends it here; lib/authz.ts refuses everything else).
 * Outside the signed-in layout so that layout's redirect cannot loop. Changing the password ends
 * the session: she signs in again with her own password.
 */
export default async function ChangePasswordPage() {
  const actor = await getActor();
  if (!actor) redirect("/login");
  if (!actor.mustChangePassword) redirect(homePath(actor.role));
  const [t, tc] = await Promise.all([getTranslations("auth"), getTranslations("common")]);
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 py-8">
      <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">{tc("appName")}</p>
      <h1 className="mt-1 text-2xl font-bold">{t("changePasswordTitle")}</h1>
      <p className="mt-1 mb-4 text-sm text-slate-600">{t("changePasswordIntro")}</p>
      <Card>
        <ChangePasswordForm />
      </Card>
      <form action={signOutAction} className="mt-4">
        <button type="submit" className="min-h-11 rounded-md px-3 text-sm font-medium text-slate-800 hover:bg-slate-100">
          {t("signOut")}
        </button>
      </form>
    </main>
  );
}
