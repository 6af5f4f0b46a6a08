"use server";
import { serverAction } from "@/lib/server-action";
import { enrolClientCommand, findPossibleDuplicatesCommand } from "@/lib/clients/commands";

export async function enrolClientAction(input: unknown) {
  return serverAction(enrolClientCommand, input);
}

export async function findPossibleDuplicatesAction(input: unknown) {
  return serverAction(findPossibleDuplicatesCommand, input);
}
