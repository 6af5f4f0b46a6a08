"use server";
import { serverAction } from "@/lib/server-action";
import { addLeaveCommand, moveClientsCommand, removeLeaveCommand } from "@/lib/assignment/commands";

export async function moveClientsAction(input: unknown) {
  return serverAction(moveClientsCommand, input);
}

export async function addLeaveAction(input: unknown) {
  return serverAction(addLeaveCommand, input);
}

export async function removeLeaveAction(input: unknown) {
  return serverAction(removeLeaveCommand, input);
}
