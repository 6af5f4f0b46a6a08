import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getActor } from "@/lib/auth";
import { landingPath } from "@/lib/authz";
import { LoginForm } from "./login-form";
import { LocaleSwitcher } from "@/components/locale-switcher";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth");
  return { title: t("signInTitle") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ reason?: string }> }) {
  const actor = await getActor().catch(() => null);
  if (actor) redirect(landingPath(actor));
  const [t, tc, { reason }] = await Promise.all([getTranslations("auth"), getTranslations("common"), searchParams]);
  const notice = reason === "password" ? t("passwordChanged") : reason === "ended" ? t("sessionEnded") : undefined;
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-4 py-8">
      <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">{tc("appName")}</p>
      <h1 className="mt-1 text-2xl font-bold">{t("signInTitle")}</h1>
      <p className="mt-1 text-sm text-slate-600">{t("signInIntro")}</p>
      <LoginForm notice={notice} />
      <div className="mt-6">
        <LocaleSwitcher />
      </div>
    </main>
  );
}
