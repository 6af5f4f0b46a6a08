"use server";
import type { CommandInput } from "@/lib/action";
import { serverAction } from "@/lib/server-action";
import { createSiteCommand, updateSiteCommand } from "@/lib/sites/commands";

export async function createSiteAction(input: CommandInput<typeof createSiteCommand>) {
  return serverAction(createSiteCommand, input);
}

export async function updateSiteAction(input: CommandInput<typeof updateSiteCommand>) {
  return serverAction(updateSiteCommand, input);
}
