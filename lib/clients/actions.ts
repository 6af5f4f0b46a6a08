"use server";
import type { CommandInput } from "@/lib/action";
import { serverAction } from "@/lib/server-action";
import { enrolClientCommand, findPossibleDuplicatesCommand } from "@/lib/clients/commands";

export async function enrolClientAction(input: CommandInput<typeof enrolClientCommand>) {
  return serverAction(enrolClientCommand, input);
}

export async function findPossibleDuplicatesAction(input: CommandInput<typeof findPossibleDuplicatesCommand>) {
  return serverAction(findPossibleDuplicatesCommand, input);
}
