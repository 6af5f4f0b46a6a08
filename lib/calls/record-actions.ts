"use server";
import type { CommandInput } from "@/lib/action";
import { serverAction } from "@/lib/server-action";
import { claimNextTaskCommand, claimTaskCommand } from "@/lib/calls/claim";
import { correctOutcomeCommand, recordOutcomeCommand } from "@/lib/calls/record";
import { metrics } from "@/lib/metrics";

export async function recordOutcomeAction(input: CommandInput<typeof recordOutcomeCommand>) {
  const result = await serverAction(recordOutcomeCommand, input);
  if (result.ok) metrics().outcomes.inc({ disposition: result.data.disposition });
  return result;
}

export async function correctOutcomeAction(input: CommandInput<typeof correctOutcomeCommand>) {
  return serverAction(correctOutcomeCommand, input);
}

export async function claimNextTaskAction(input: CommandInput<typeof claimNextTaskCommand>) {
  return serverAction(claimNextTaskCommand, input);
}

export async function claimTaskAction(input: CommandInput<typeof claimTaskCommand>) {
  return serverAction(claimTaskCommand, input);
}
