"use server";
// Server actions of the client profile: each runs its command for the signed-in user.
import type { CommandInput } from "@/lib/action";
import { serverAction } from "@/lib/server-action";
import {
  addAppointmentCommand,
  addInfantCommand,
  addViralLoadCommand,
  changeStatusCommand,
  markAppointmentCommand,
  recordSexCommand,
  rescheduleAppointmentCommand,
} from "@/lib/clients/profile-commands";

export async function addAppointmentAction(input: CommandInput<typeof addAppointmentCommand>) {
  return serverAction(addAppointmentCommand, input);
}

export async function markAppointmentAction(input: CommandInput<typeof markAppointmentCommand>) {
  return serverAction(markAppointmentCommand, input);
}

export async function rescheduleAppointmentAction(input: CommandInput<typeof rescheduleAppointmentCommand>) {
  return serverAction(rescheduleAppointmentCommand, input);
}

export async function addViralLoadAction(input: CommandInput<typeof addViralLoadCommand>) {
  return serverAction(addViralLoadCommand, input);
}

export async function addInfantAction(input: CommandInput<typeof addInfantCommand>) {
  return serverAction(addInfantCommand, input);
}

export async function changeStatusAction(input: CommandInput<typeof changeStatusCommand>) {
  return serverAction(changeStatusCommand, input);
}

export async function recordSexAction(input: CommandInput<typeof recordSexCommand>) {
  return serverAction(recordSexCommand, input);
}
