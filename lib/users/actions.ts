"use server";
import { serverAction } from "@/lib/server-action";
import {
  createUserCommand,
  deactivateUserCommand,
  reactivateUserCommand,
  resetPasswordCommand,
  updateUserCommand,
} from "@/lib/users/commands";

export async function createUserAction(input: unknown) {
  return serverAction(createUserCommand, input);
}

export async function updateUserAction(input: unknown) {
  return serverAction(updateUserCommand, input);
}

export async function deactivateUserAction(input: unknown) {
  return serverAction(deactivateUserCommand, input);
}

export async function reactivateUserAction(input: unknown) {
  return serverAction(reactivateUserCommand, input);
}

export async function resetPasswordAction(input: unknown) {
  return serverAction(resetPasswordCommand, input);
}
