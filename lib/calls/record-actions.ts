"use server";
import { serverAction } from "@/lib/server-action";
import { claimNextTaskCommand, claimTaskCommand } from "@/lib/calls/claim";
import { correctOutcomeCommand, recordOutcomeCommand } from "@/lib/calls/record";
import { metrics } from "@/lib/metrics";

export async function recordOutcomeAction(input: unknown) {
  const result = await serverAction(recordOutcomeCommand, input);
  if (result.ok) metrics().outcomes.inc({ disposition: result.data.disposition });
  return result;
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
