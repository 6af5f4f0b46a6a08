"use server";
// The message-template editor's writes (lib/messages/template-commands.ts) for the signed-in user.
import type { CommandInput } from "@/lib/action";
import { serverAction } from "@/lib/server-action";
import { approveTemplateCommand, saveTemplateDraftCommand } from "@/lib/messages/template-commands";

export async function saveTemplateDraftAction(input: CommandInput<typeof saveTemplateDraftCommand>) {
  return serverAction(saveTemplateDraftCommand, input);
}

export async function approveTemplateAction(input: CommandInput<typeof approveTemplateCommand>) {
  return serverAction(approveTemplateCommand, input);
}
