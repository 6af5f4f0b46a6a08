"use client";
// What the supervisor does with one escalation: send it back to a Mentor Mother, refer it to a home
// visit, record the tracing outcome, or close it with a reason. The server re-checks everything
// (lib/escalations/commands.ts); the page reloads its list after a change.
import { useId, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { useErrorText } from "@/components/forms/use-error-text";
import { resolveEscalationAction } from "@/lib/escalations/actions";

type Props = {
  escalationId: string;
  version: number;
  allowed: readonly ("sendBack" | "refer" | "tracing" | "close")[];
  mentors: { id: string; name: string }[];
  holderId: string | null;
  /** The client's recorded sex: the wording says he/him for a man. */
  sex: string;
};

const OUTCOMES = ["DE24", "DE25", "DE26", "DE27", "DE28", "DE29"] as const;

export function EscalationActions({ escalationId, version, allowed, mentors, holderId, sex }: Props) {
  const t = useTranslations("supervision.escalations");
  const errorText = useErrorText();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [mentorId, setMentorId] = useState(holderId ?? mentors[0]?.id ?? "");
  const [outcome, setOutcome] = useState<(typeof OUTCOMES)[number]>("DE24");
  const [returnDate, setReturnDate] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const statusId = useId();

  const submit = (input: Parameters<typeof resolveEscalationAction>[0]) =>
    start(async () => {
      setError(null);
      const r = await resolveEscalationAction(input);
      if (r.ok) {
        router.refresh();
        return;
      }
      const [field, messages] = Object.entries(r.error.fieldErrors ?? {})[0] ?? [];
      setError({ field, message: errorText(messages?.[0] ?? r.error.message) ?? r.error.message });
    });

  return (
    <div className="space-y-2">
      {allowed.includes("sendBack") && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            submit({ escalationId, version, action: "sendBack", mentorId });
          }}
        >
          <SelectField label={t("sendBack")} value={mentorId} onChange={(e) => setMentorId(e.target.value)} className="w-48"
            error={error?.field === "mentorId" ? error.message : undefined}>
            {mentors.map((m) => (
              <option key={m.id} value={m.id}>{m.name}</option>
            ))}
          </SelectField>
          <Button type="submit" variant="primary" disabled={pending || !mentorId}>{t("sendBackSubmit")}</Button>
        </form>
      )}
      {allowed.includes("refer") && (
        <Button type="button" variant="secondary" disabled={pending} onClick={() => submit({ escalationId, version, action: "refer" })}>
          {t("refer")}
        </Button>
      )}
      {allowed.includes("tracing") && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            submit({ escalationId, version, action: "tracing", outcome, ...(returnDate ? { returnDate } : {}) });
          }}
        >
          <SelectField label={t("tracingOutcome")} value={outcome} onChange={(e) => setOutcome(e.target.value as (typeof OUTCOMES)[number])} className="w-48">
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>{t(`outcomes.${o}`)}</option>
            ))}
          </SelectField>
          {outcome === "DE24" && (
            <TextField label={t("returnDate", { sex })} type="date" value={returnDate} onChange={(e) => setReturnDate(e.target.value)} className="w-44"
              error={error?.field === "returnDate" || error?.field === "tracing.returnDate" ? error.message : undefined} />
          )}
          <Button type="submit" variant="secondary" disabled={pending}>{t("recordOutcome")}</Button>
        </form>
      )}
      {allowed.includes("close") && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            submit({ escalationId, version, action: "close", reason });
          }}
        >
          <TextField label={t("closeReason")} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} className="w-56"
            error={error?.field === "reason" ? error.message : undefined} />
          <Button type="submit" variant="secondary" disabled={pending}>{t("close")}</Button>
        </form>
      )}
      <p id={statusId} role="status" className="text-sm text-red-700">
        {error && !["mentorId", "returnDate", "tracing.returnDate", "reason"].includes(error.field ?? "") ? error.message : ""}
      </p>
    </div>
  );
}
