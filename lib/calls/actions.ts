"use server";
import { serverAction } from "@/lib/server-action";
import { ensureTodayCommand, previewCallListsCommand } from "@/lib/calls/commands";

/** Generates the signed-in Mentor Mother's list for today when her site's run has not happened yet. */
export async function ensureTodayAction(input: unknown) {
  return serverAction(ensureTodayCommand, input);
}

/** Administrators: tomorrow's lists (or another day's) with other settings, nothing saved. */
export async function previewCallListsAction(input: unknown) {
  return serverAction(previewCallListsCommand, input);
}
