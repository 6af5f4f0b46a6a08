"use server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { db } from "@/lib/db";
import { getActor } from "@/lib/auth";
import { signOut } from "@/lib/auth/sign-in";
import type { CommandInput } from "@/lib/action";
import { serverAction } from "@/lib/server-action";
import { LOCALE_COOKIE, isLocale } from "@/i18n/config";
import { changePasswordCommand } from "@/lib/account/commands";

const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

async function clearSessionCookies() {
  const jar = await cookies();
  for (const name of SESSION_COOKIES) jar.delete(name);
}

export async function signOutAction(): Promise<void> {
  const actor = await getActor();
  if (actor) await signOut(db, actor.sessionId, actor.userId);
  await clearSessionCookies();
  redirect("/login");
}

export async function setLocaleAction(formData: FormData): Promise<void> {
  const locale = formData.get("locale");
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", sameSite: "lax", httpOnly: true, maxAge: 60 * 60 * 24 * 365 });
  const actor = await getActor();
  if (actor) await db.user.update({ where: { id: actor.userId }, data: { locale } });
}

export async function changePasswordAction(input: CommandInput<typeof changePasswordCommand>) {
  const result = await serverAction(changePasswordCommand, input);
  // A password change ends every session, this one included.
  if (result.ok) await clearSessionCookies();
  return result;
}
