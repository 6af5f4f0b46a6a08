"use server";
import type { CommandInput } from "@/lib/action";
import { serverAction } from "@/lib/server-action";
import { resolveEscalationCommand } from "@/lib/escalations/commands";

export async function resolveEscalationAction(input: CommandInput<typeof resolveEscalationCommand>) {
  return serverAction(resolveEscalationCommand, input);
}
