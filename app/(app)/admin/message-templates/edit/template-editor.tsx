"use client";
// The reminder-template editor: the text (only {date} may be filled in), the provider's WhatsApp
// template name, checked as she types with the rules the server applies (lib/messages/templates.ts:
// no health word in any language, known placeholders, and no approval in a language without a
// forbidden-word list), and previewed as the phone will show it. Saving makes a draft; approving
// makes it live. The scripts editor's save / approve pieces (components/content).
import { useMemo, useState } from "react";
import { useTranslations } from "next-intl";
import { MAX_TEMPLATE_CHARS, approvalIssues, fillTemplate, type TemplateBody, type TemplateKey } from "@/lib/messages/templates";
import { issueMessage } from "@/lib/content/rules";
import { approveTemplateAction, saveTemplateDraftAction } from "@/lib/messages/template-actions";
import { useErrorText } from "@/components/forms/use-error-text";
import { ContentEditorActions, useContentCommand } from "@/components/content/content-editor-actions";
import { ContentPreview } from "@/components/content/content-fields";
import { TextAreaField, TextField } from "@/components/ui/field";

/** The date a preview fills in (DD/MM/YYYY, as every message writes it). */
const SAMPLE_DATE = "2026-03-14";

export function TemplatePreview({ body, lang }: { body: TemplateBody; lang: string }) {
  const t = useTranslations("content");
  return (
    <div className="space-y-2 text-sm" data-testid="template-preview">
      <p lang={lang} className="max-w-xs whitespace-pre-wrap rounded-lg bg-slate-100 p-3">
        {fillTemplate(body.text, SAMPLE_DATE)}
      </p>
      {body.whatsappTemplate && <p className="text-xs text-slate-700">{t("templates.whatsappShown", { name: body.whatsappTemplate })}</p>}
    </div>
  );
}

export function TemplateEditor({ refKey, language, version, initial, hasDraft }: {
  refKey: TemplateKey;
  language: string;
  version: number;
  initial: TemplateBody | null;
  hasDraft: boolean;
}) {
  const t = useTranslations("content");
  const errorText = useErrorText();
  const { run, message, pending } = useContentCommand();
  const [text, setText] = useState(initial?.text ?? "");
  const [whatsapp, setWhatsapp] = useState(initial?.whatsappTemplate ?? "");
  const body = useMemo<TemplateBody>(() => (whatsapp.trim() ? { text, whatsappTemplate: whatsapp.trim() } : { text }), [text, whatsapp]);
  // Approval's checks include the save's; "language" (no word list) only stops the approval.
  const issues = useMemo(() => approvalIssues(body, language), [body, language]);
  const textOf = (path: string) =>
    issues.filter((i) => i.path === path).map((i) => errorText(issueMessage(i)) ?? i.key).join(" ") || undefined;
  const badWhatsapp = body.whatsappTemplate !== undefined && !/^[A-Za-z0-9_]{1,64}$/.test(body.whatsappTemplate);
  const canSave = !issues.some((i) => i.path !== "language") && !badWhatsapp && text.length <= MAX_TEMPLATE_CHARS;
  const ref = { key: refKey, language };
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (canSave) run(() => saveTemplateDraftAction({ ...ref, body, version }), t("saved"));
      }}
    >
      <TextAreaField
        label={t("templates.text")}
        hint={t("templates.textHint", { max: MAX_TEMPLATE_CHARS, used: text.length })}
        name="text"
        rows={4}
        maxLength={MAX_TEMPLATE_CHARS}
        value={text}
        onChange={(e) => setText(e.target.value)}
        error={textOf("text")}
        lang={language}
      />
      <TextField
        label={t("templates.whatsapp")}
        hint={t("templates.whatsappHint")}
        name="whatsappTemplate"
        value={whatsapp}
        onChange={(e) => setWhatsapp(e.target.value)}
        error={badWhatsapp ? errorText("invalidFormat") : textOf("whatsappTemplate")}
        autoComplete="off"
        maxLength={64}
      />
      <ContentPreview id="template-preview-title" title={t("preview")} caption={t("templates.previewFor")}>
        <TemplatePreview body={body} lang={language} />
      </ContentPreview>
      <ContentEditorActions
        message={message}
        pending={pending}
        canSave={canSave}
        hasDraft={hasDraft}
        onApprove={() => run(() => approveTemplateAction({ ...ref, version }), t("templates.approved"))}
        approvedText={t("templates.approveHint")}
      />
    </form>
  );
}
