// A stored text's state in an editor's list: approved, approved with a new draft waiting, or a
// draft only. Shared by the lists of every kind of content.
import { Badge } from "@/components/ui/card";

export type ContentState = "approved" | "approvedWithDraft" | "draft";

export function contentState(s: { hasApproved: boolean; hasDraft: boolean }): ContentState {
  return s.hasApproved ? (s.hasDraft ? "approvedWithDraft" : "approved") : "draft";
}

export function ContentStateBadge({ state, label }: { state: ContentState; label: string }) {
  return <Badge tone={state === "draft" ? "amber" : "green"}>{label}</Badge>;
}
