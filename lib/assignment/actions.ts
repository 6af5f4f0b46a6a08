"use server";
import type { CommandInput } from "@/lib/action";
import { serverAction } from "@/lib/server-action";
import { addLeaveCommand, moveClientsCommand, removeLeaveCommand } from "@/lib/assignment/commands";

export async function moveClientsAction(input: CommandInput<typeof moveClientsCommand>) {
  return serverAction(moveClientsCommand, input);
}

export async function addLeaveAction(input: CommandInput<typeof addLeaveCommand>) {
  return serverAction(addLeaveCommand, input);
}

export async function removeLeaveAction(input: CommandInput<typeof removeLeaveCommand>) {
  return serverAction(removeLeaveCommand, input);
}
