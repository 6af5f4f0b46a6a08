import { Badge } from "@/components/ui/card";

/** Reasons that call for the most care get a stronger colour (the queue and the call screen alike). */
const TONE: Record<string, "red" | "amber" | "slate"> = { missed: "red", eac_high: "red", eac_low: "amber", appointment: "amber" };

/** A task reason as a badge; `label` is its text in the user's language (calls.reasons.*). */
export function ReasonBadge({ reason, label }: { reason: string; label: string }) {
  return <Badge tone={TONE[reason] ?? "slate"}>{label}</Badge>;
}
