import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireActor } from "@/lib/auth";
import { PageHeader } from "@/components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("home"))("adminTitle") };
}

const SECTIONS = [
  { href: "/admin/countries", key: "countries" },
  { href: "/admin/sites", key: "sites" },
  { href: "/admin/users", key: "users" },
  { href: "/admin/settings", key: "settings" },
  { href: "/admin/scripts", key: "scripts" },
  { href: "/admin/message-templates", key: "messageTemplates" },
] as const;

export default async function AdminPage() {
  await requireActor("admin.users");
  const [t, tn, ta] = await Promise.all([getTranslations("home"), getTranslations("nav"), getTranslations("admin")]);
  return (
    <>
      <PageHeader title={t("adminTitle")} description={t("adminIntro")} />
      <ul className="grid gap-3 sm:grid-cols-2">
        {SECTIONS.map((s) => (
          <li key={s.href}>
            <Link href={s.href} className="block min-h-11 rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-600">
              <span className="font-semibold">{tn(s.key)}</span>
              <span className="mt-1 block text-sm text-slate-600">{ta(`overview.${s.key}`)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
