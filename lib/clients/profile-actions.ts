"use server";
// Server actions of the client profile: each runs its command for the signed-in user.
import { serverAction } from "@/lib/server-action";
import {
  addAppointmentCommand,
  addInfantCommand,
  addViralLoadCommand,
  changeStatusCommand,
  markAppointmentCommand,
  rescheduleAppointmentCommand,
} from "@/lib/clients/profile-commands";

export async function addAppointmentAction(input: unknown) {
  return serverAction(addAppointmentCommand, input);
}

export async function markAppointmentAction(input: unknown) {
  return serverAction(markAppointmentCommand, input);
}

export async function rescheduleAppointmentAction(input: unknown) {
  return serverAction(rescheduleAppointmentCommand, input);
}

export async function addViralLoadAction(input: unknown) {
  return serverAction(addViralLoadCommand, input);
}

export async function addInfantAction(input: unknown) {
  return serverAction(addInfantCommand, input);
}

export async function changeStatusAction(input: unknown) {
  return serverAction(changeStatusCommand, input);
}
