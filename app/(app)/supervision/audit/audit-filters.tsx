"use client";
// The audit viewer's filters. A client reference or a username typed here is POSTed and resolved
// into an id (lookupAuditSubjectAction): the address carries ids and days only, never what was typed.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { Button, ButtonLink } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Alert } from "@/components/ui/card";
import { useErrorText } from "@/components/forms/use-error-text";
import { lookupAuditSubjectAction } from "@/lib/audit-trail/actions";

type Props = { from: string; to: string; client: { id: string; ref: string } | null; user: { id: string; name: string } | null };

export function AuditFilters({ from, to, client, user }: Props) {
  const t = useTranslations("security.audit");
  const errorText = useErrorText();
  // Unknown and out of scope look the same: "nothing you may see has this".
  const fieldText = (m: string | undefined) => (m === "notFound" ? t("notFound") : errorText(m));
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [formError, setFormError] = useState<string>();

  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const clientRef = String(data.get("clientRef") ?? "").trim();
    const username = String(data.get("username") ?? "").trim();
    const params = new URLSearchParams();
    for (const k of ["from", "to"]) {
      const v = String(data.get(k) ?? "");
      if (v) params.set(k, v);
    }
    setErrors({});
    setFormError(undefined);
    startTransition(async () => {
      let ids: { client: string | null; user: string | null } = { client: clientRef ? null : (client?.id ?? null), user: username ? null : (user?.id ?? null) };
      if (clientRef || username) {
        try {
          const r = await lookupAuditSubjectAction({ clientRef, username });
          if (!r.ok) {
            setErrors(r.error.fieldErrors ?? {});
            if (!r.error.fieldErrors) setFormError(r.error.message || r.error.code);
            return;
          }
          ids = { client: r.data.client ?? ids.client, user: r.data.user ?? ids.user };
        } catch {
          setFormError("UNAVAILABLE");
          return;
        }
      }
      if (ids.client) params.set("client", ids.client);
      if (ids.user) params.set("user", ids.user);
      router.push(`/supervision/audit?${params}`);
    });
  }

  return (
    <form onSubmit={submit} className="mb-6 space-y-3 rounded-lg border border-slate-200 bg-white p-4" noValidate aria-label={t("filters")}>
      {formError && <Alert>{errorText(formError)}</Alert>}
      {(client || user) && (
        <p className="text-sm" role="status">
          {client && t("filteredClient", { ref: client.ref })} {user && t("filteredUser", { name: user.name })}
        </p>
      )}
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField name="clientRef" label={t("clientRef")} hint={t("clientRefHint")} autoComplete="off" error={fieldText(errors.clientRef?.[0])} />
        <TextField name="username" label={t("username")} autoComplete="off" error={fieldText(errors.username?.[0])} />
        <TextField name="from" type="date" label={t("from")} defaultValue={from} />
        <TextField name="to" type="date" label={t("to")} defaultValue={to} />
      </div>
      <p className="text-xs text-slate-600">{t("utc")}</p>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? t("working") : t("apply")}
        </Button>
        <ButtonLink href="/supervision/audit">{t("clear")}</ButtonLink>
      </div>
    </form>
  );
}
