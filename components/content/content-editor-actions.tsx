"use client";
// What every content editor ends with: the outcome of the last save or approval, "Save draft" and,
// when a draft is waiting, "Approve the draft" - and the one way both commands are run (a typed
// result, its first field error in the user's language, a refresh after success).
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { ActionResult } from "@/lib/action";
import { useErrorText } from "@/components/forms/use-error-text";
import { Alert } from "@/components/ui/card";
import { Button } from "@/components/ui/button";

export type ContentAction = () => Promise<ActionResult<{ version: number }>>;

export function useContentCommand() {
  const errorText = useErrorText();
  const router = useRouter();
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string }>();
  const [pending, startTransition] = useTransition();
  function run(action: ContentAction, done: string) {
    setMessage(undefined);
    startTransition(async () => {
      try {
        const res = await action();
        if (res.ok) {
          setMessage({ kind: "success", text: done });
          router.refresh();
        } else {
          const field = Object.values(res.error.fieldErrors ?? {})[0]?.[0];
          setMessage({ kind: "error", text: errorText(field ?? res.error.message) ?? res.error.code });
        }
      } catch {
        setMessage({ kind: "error", text: errorText("UNAVAILABLE") ?? "UNAVAILABLE" });
      }
    });
  }
  return { run, message, pending };
}

export function ContentEditorActions({ message, pending, canSave, hasDraft, onApprove, approvedText }: {
  message: { kind: "error" | "success"; text: string } | undefined;
  pending: boolean;
  /** The text passes the kind's checks (the save button is the form's submit). */
  canSave: boolean;
  hasDraft: boolean;
  onApprove: () => void;
  /** Said next to the approve button: what approving does for this kind. */
  approvedText?: string;
}) {
  const t = useTranslations("content");
  return (
    <>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending || !canSave} data-testid="save-draft">
          {pending ? t("saving") : t("saveDraft")}
        </Button>
        {hasDraft && (
          <Button type="button" variant="secondary" disabled={pending} onClick={onApprove} data-testid="approve">
            {pending ? t("approving") : t("approve")}
          </Button>
        )}
      </div>
      {hasDraft && <p className="text-xs text-slate-700">{approvedText ?? t("approveHint")}</p>}
    </>
  );
}
