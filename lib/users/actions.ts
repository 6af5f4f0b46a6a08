"use server";
import type { CommandInput } from "@/lib/action";
import { serverAction } from "@/lib/server-action";
import {
  createUserCommand,
  deactivateUserCommand,
  reactivateUserCommand,
  resetPasswordCommand,
  setIdentifiedAccessCommand,
  updateUserCommand,
} from "@/lib/users/commands";

export async function createUserAction(input: CommandInput<typeof createUserCommand>) {
  return serverAction(createUserCommand, input);
}

export async function updateUserAction(input: CommandInput<typeof updateUserCommand>) {
  return serverAction(updateUserCommand, input);
}

export async function deactivateUserAction(input: CommandInput<typeof deactivateUserCommand>) {
  return serverAction(deactivateUserCommand, input);
}

export async function reactivateUserAction(input: CommandInput<typeof reactivateUserCommand>) {
  return serverAction(reactivateUserCommand, input);
}

export async function resetPasswordAction(input: CommandInput<typeof resetPasswordCommand>) {
  return serverAction(resetPasswordCommand, input);
}

export async function setIdentifiedAccessAction(input: CommandInput<typeof setIdentifiedAccessCommand>) {
  return serverAction(setIdentifiedAccessCommand, input);
}
