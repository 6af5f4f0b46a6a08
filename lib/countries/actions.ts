"use server";
import { serverAction } from "@/lib/server-action";
import {
  addHolidayCommand,
  createCountryCommand,
  deleteCountryCommand,
  removeHolidayCommand,
  updateCountryCommand,
} from "@/lib/countries/commands";

export async function createCountryAction(input: unknown) {
  return serverAction(createCountryCommand, input);
}

export async function updateCountryAction(input: unknown) {
  return serverAction(updateCountryCommand, input);
}

export async function deleteCountryAction(input: unknown) {
  return serverAction(deleteCountryCommand, input);
}

export async function addHolidayAction(input: unknown) {
  return serverAction(addHolidayCommand, input);
}

export async function removeHolidayAction(input: unknown) {
  return serverAction(removeHolidayCommand, input);
}
