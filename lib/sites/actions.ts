"use server";
import { serverAction } from "@/lib/server-action";
import { createSiteCommand, updateSiteCommand } from "@/lib/sites/commands";

export async function createSiteAction(input: unknown) {
  return serverAction(createSiteCommand, input);
}

export async function updateSiteAction(input: unknown) {
  return serverAction(updateSiteCommand, input);
}
