"use client";
// The script editor: the identity check and the steps after it, checked as she types with the same
// rules the server applies on save (lib/content/rules.ts), and previewed as the call screen will
// show them. Saving makes a draft; approving makes the draft what the call screen uses.
import { useMemo, useState } from "react";
import { useTranslations } from "next-intl";
import { fillScript, issueMessage, scriptIssues, type ScriptBody } from "@/lib/content/rules";
import { approveScriptAction, saveScriptDraftAction } from "@/lib/content/actions";
import { useErrorText } from "@/components/forms/use-error-text";
import { ContentEditorActions, useContentCommand } from "@/components/content/content-editor-actions";
import { ContentPreview } from "@/components/content/content-fields";
import { TextAreaField } from "@/components/ui/field";

const SAMPLE = { firstName: "Amahle", mentorName: "Thandi" };

function bodyOf(identity: string, say: string): ScriptBody {
  const steps = say
    .split(/\n\s*\n/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((text) => ({ type: "say" as const, text }));
  return { steps: [{ type: "identity", text: identity.trim() }, ...steps] };
}

export function ScriptPreview({ body, lang }: { body: ScriptBody; lang: string }) {
  return (
    <div lang={lang} className="space-y-2 text-sm" data-testid="script-preview">
      {body.steps.map((s, i) => (
        <p key={i} className={s.type === "identity" ? "font-medium" : undefined}>
          {fillScript(s.text, SAMPLE)}
        </p>
      ))}
    </div>
  );
}

export function ScriptEditor({
  refKey,
  language,
  variant,
  version,
  initial,
  hasDraft,
}: {
  refKey: string;
  language: string;
  variant: "FEMALE" | "MALE" | "OTHER";
  version: number;
  initial: ScriptBody | null;
  hasDraft: boolean;
}) {
  const t = useTranslations("content");
  const errorText = useErrorText();
  const { run, message, pending } = useContentCommand();
  const [identity, setIdentity] = useState(initial?.steps.find((s) => s.type === "identity")?.text ?? "");
  const [say, setSay] = useState(
    initial?.steps
      .filter((s) => s.type === "say")
      .map((s) => s.text)
      .join("\n\n") ?? "",
  );
  const body = useMemo(() => bodyOf(identity, say), [identity, say]);
  const issues = useMemo(() => scriptIssues(body), [body]);
  const issueText = (i: (typeof issues)[number]) => errorText(issueMessage(i)) ?? i.key;
  const identityIssues = issues.filter((i) => i.path === "steps.0").map(issueText);
  const otherIssues = issues.filter((i) => i.path !== "steps.0").map(issueText);

  const ref = { key: refKey, language, variant };
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (issues.length === 0) run(() => saveScriptDraftAction({ ...ref, body, version }), t("saved"));
      }}
    >
      <TextAreaField
        label={t("identity")}
        hint={t("identityHint")}
        name="identity"
        rows={3}
        value={identity}
        onChange={(e) => setIdentity(e.target.value)}
        error={identityIssues.join(" ") || undefined}
        lang={language}
      />
      <TextAreaField label={t("say")} hint={t("sayHint")} name="say" rows={8} value={say} onChange={(e) => setSay(e.target.value)} error={otherIssues.join(" ") || undefined} lang={language} />
      <ContentPreview id="script-preview-title" title={t("preview")} caption={t("previewFor")}>
        <ScriptPreview body={body} lang={language} />
      </ContentPreview>
      <ContentEditorActions
        message={message}
        pending={pending}
        canSave={issues.length === 0}
        hasDraft={hasDraft}
        onApprove={() => run(() => approveScriptAction({ ...ref, version }), t("approved"))}
      />
    </form>
  );
}
