"use server";
import type { CommandInput } from "@/lib/action";
import { serverAction } from "@/lib/server-action";
import { lookupAuditSubjectCommand } from "@/lib/audit-trail/queries";

export async function lookupAuditSubjectAction(input: CommandInput<typeof lookupAuditSubjectCommand>) {
  return serverAction(lookupAuditSubjectCommand, input);
}
