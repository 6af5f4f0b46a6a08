"use server";
import type { CommandInput } from "@/lib/action";
import { serverAction } from "@/lib/server-action";
import { updateCountrySettingsCommand, updateProgrammeSettingsCommand } from "@/lib/settings/commands";

export async function updateCountrySettingsAction(input: CommandInput<typeof updateCountrySettingsCommand>) {
  return serverAction(updateCountrySettingsCommand, input);
}

export async function updateProgrammeSettingsAction(input: CommandInput<typeof updateProgrammeSettingsCommand>) {
  return serverAction(updateProgrammeSettingsCommand, input);
}
