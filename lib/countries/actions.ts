"use server";
import type { CommandInput } from "@/lib/action";
import { serverAction } from "@/lib/server-action";
import {
  addHolidayCommand,
  createCountryCommand,
  deleteCountryCommand,
  removeHolidayCommand,
  updateCountryCommand,
} from "@/lib/countries/commands";

export async function createCountryAction(input: CommandInput<typeof createCountryCommand>) {
  return serverAction(createCountryCommand, input);
}

export async function updateCountryAction(input: CommandInput<typeof updateCountryCommand>) {
  return serverAction(updateCountryCommand, input);
}

export async function deleteCountryAction(input: CommandInput<typeof deleteCountryCommand>) {
  return serverAction(deleteCountryCommand, input);
}

export async function addHolidayAction(input: CommandInput<typeof addHolidayCommand>) {
  return serverAction(addHolidayCommand, input);
}

export async function removeHolidayAction(input: CommandInput<typeof removeHolidayCommand>) {
  return serverAction(removeHolidayCommand, input);
}
