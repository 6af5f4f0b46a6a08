"use server";
import type { CommandInput } from "@/lib/action";
import { serverAction } from "@/lib/server-action";
import { saveDhis2MappingCommand } from "@/lib/dhis2/service";

export async function saveDhis2MappingAction(input: CommandInput<typeof saveDhis2MappingCommand>) {
  return serverAction(saveDhis2MappingCommand, input);
}
