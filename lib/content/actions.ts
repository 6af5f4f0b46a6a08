"use server";
import type { CommandInput } from "@/lib/action";
import { serverAction } from "@/lib/server-action";
import { approveScriptCommand, saveScriptDraftCommand } from "@/lib/content/commands";

export async function saveScriptDraftAction(input: CommandInput<typeof saveScriptDraftCommand>) {
  return serverAction(saveScriptDraftCommand, input);
}

export async function approveScriptAction(input: CommandInput<typeof approveScriptCommand>) {
  return serverAction(approveScriptCommand, input);
}
