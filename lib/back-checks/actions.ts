"use server";
import type { CommandInput } from "@/lib/action";
import { serverAction } from "@/lib/server-action";
import { recordBackCheckCommand } from "@/lib/back-checks/commands";

export async function recordBackCheckAction(input: CommandInput<typeof recordBackCheckCommand>) {
  return serverAction(recordBackCheckCommand, input);
}
