import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/card";
import { TRANSFER_DECIDED_PARAM, transferDecidedCode } from "@/lib/clients/edit-schemas";

/** What the last transfer decision on this page did (TransferDecision sets the parameter). */
export async function TransferDecided({ searchParams }: { searchParams: Record<string, string | string[] | undefined> }) {
  const code = transferDecidedCode(searchParams[TRANSFER_DECIDED_PARAM]);
  if (!code) return null;
  const t = await getTranslations("clientEdit.transfers");
  return <Alert kind="success">{t(code)}</Alert>;
}
