"use server";
import type { CommandInput } from "@/lib/action";
import { serverAction } from "@/lib/server-action";
import { dismissDuplicatesCommand, linkDuplicatesCommand } from "@/lib/clients/duplicate-review";

export async function linkDuplicatesAction(input: CommandInput<typeof linkDuplicatesCommand>) {
  return serverAction(linkDuplicatesCommand, input);
}

export async function dismissDuplicatesAction(input: CommandInput<typeof dismissDuplicatesCommand>) {
  return serverAction(dismissDuplicatesCommand, input);
}
