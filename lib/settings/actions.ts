"use server";
import { serverAction } from "@/lib/server-action";
import { updateCountrySettingsCommand, updateProgrammeSettingsCommand } from "@/lib/settings/commands";

export async function updateCountrySettingsAction(input: unknown) {
  return serverAction(updateCountrySettingsCommand, input);
}

export async function updateProgrammeSettingsAction(input: unknown) {
  return serverAction(updateProgrammeSettingsCommand, input);
}
