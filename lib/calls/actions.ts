"use server";
import { redirect } from "next/navigation";
import { serverAction } from "@/lib/server-action";
import { ensureTodayCommand, generateTodayCommand, previewCallListsCommand } from "@/lib/calls/commands";
import type { PreviewInput } from "@/lib/calls/preview-schema";

/** Generates the signed-in Mentor Mother's list for today when her site's run has not happened yet. */
export async function ensureTodayAction(input: Record<string, never>) {
  return serverAction(ensureTodayCommand, input);
}

/** Administrators: tomorrow's lists (or another day's) with other settings, nothing saved. */
export async function previewCallListsAction(input: PreviewInput) {
  return serverAction(previewCallListsCommand, input);
}

/** Pages that show the "generate today's lists now" form, and where it returns to. */
const BACK = { supervision: "/supervision", admin: "/admin/call-lists" } as const;

/** "Generate today's lists now", posted by a plain form (it works before any JavaScript has loaded):
 * the site (empty = every site in her scope), then back to the page with the outcome. */
export async function generateTodayFormAction(form: FormData) {
  const siteId = String(form.get("siteId") ?? "");
  const back = BACK[String(form.get("back")) as keyof typeof BACK] ?? BACK.supervision;
  const res = await serverAction(generateTodayCommand, siteId ? { siteId } : {});
  redirect(`${back}?generated=${res.ok ? res.data.tasks : "failed"}`);
}
