"use server";
// The profile's message-consent form (lib/messages/consent.ts) for the signed-in user.
import type { CommandInput } from "@/lib/action";
import { serverAction } from "@/lib/server-action";
import { setMessageConsentCommand } from "@/lib/messages/consent";

export async function setMessageConsentAction(input: CommandInput<typeof setMessageConsentCommand>) {
  return serverAction(setMessageConsentCommand, input);
}
