"use server";
import { serverAction } from "@/lib/server-action";
import { claimNextTaskCommand, claimTaskCommand } from "@/lib/calls/claim";
import { correctOutcomeCommand, recordOutcomeCommand } from "@/lib/calls/record";

export async function recordOutcomeAction(input: unknown) {
  return serverAction(recordOutcomeCommand, input);
}

export async function correctOutcomeAction(input: unknown) {
  return serverAction(correctOutcomeCommand, input);
}

export async function claimNextTaskAction(input: unknown) {
  return serverAction(claimNextTaskCommand, input);
}

export async function claimTaskAction(input: unknown) {
  return serverAction(claimTaskCommand, input);
}
