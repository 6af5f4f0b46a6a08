"use server";
// Server actions of the client edit page and of transfers: each runs its command for the signed-in user.
import type { CommandInput } from "@/lib/action";
import { serverAction } from "@/lib/server-action";
import { addPhoneCommand, editDetailsCommand, retirePhoneCommand, updatePhoneCommand } from "@/lib/clients/edit-commands";
import { decideTransferCommand, proposeTransferCommand } from "@/lib/clients/transfers";

export async function editDetailsAction(input: CommandInput<typeof editDetailsCommand>) {
  return serverAction(editDetailsCommand, input);
}

export async function addPhoneAction(input: CommandInput<typeof addPhoneCommand>) {
  return serverAction(addPhoneCommand, input);
}

export async function updatePhoneAction(input: CommandInput<typeof updatePhoneCommand>) {
  return serverAction(updatePhoneCommand, input);
}

export async function retirePhoneAction(input: CommandInput<typeof retirePhoneCommand>) {
  return serverAction(retirePhoneCommand, input);
}

export async function proposeTransferAction(input: CommandInput<typeof proposeTransferCommand>) {
  return serverAction(proposeTransferCommand, input);
}

export async function decideTransferAction(input: CommandInput<typeof decideTransferCommand>) {
  return serverAction(decideTransferCommand, input);
}
