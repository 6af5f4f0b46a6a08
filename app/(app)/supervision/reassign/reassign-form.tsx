"use client";
// The reassignment table: tick clients (or all on the page), choose a Mentor Mother or "balance
// automatically", add a note, submit. The server re-checks scope, the target's site and her cap
// (lib/assignment/commands.ts); the answer says how many moved and why any could not be placed.
import { useEffect, useId, useRef, useState, useSyncExternalStore, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { Cell, DataTable } from "@/components/ui/table";
import { useErrorText } from "@/components/forms/use-error-text";
import { moveClientsAction } from "@/lib/assignment/actions";
import type { MoveResult } from "@/lib/assignment/commands";

type ClientRow = { id: string; ref: string; name: string; language: string; holder: string | null };
type MentorOption = { id: string; name: string; caseload: number; cap: number; languages: string; onLeaveToday: boolean };

type Props = { siteName: string; clients: ClientRow[]; mentors: MentorOption[]; preselected: string[] };

/** Hydration as an external store: false in the server render, true once the page is alive. */
const noSubscription = () => () => {};

export function ReassignForm({ siteName, clients, mentors, preselected }: Props) {
  const t = useTranslations("assignment");
  const errorText = useErrorText();
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(() => new Set(preselected));
  const [target, setTarget] = useState("");
  const [note, setNote] = useState("");
  const [problem, setProblem] = useState<{ selection?: string; target?: string; form?: string }>({});
  const [result, setResult] = useState<MoveResult | null>(null);
  const [pending, startTransition] = useTransition();
  const selectAllRef = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  // Until the page has come alive a tick would not be counted: the boxes wait (slow phones).
  const ready = useSyncExternalStore(noSubscription, () => true, () => false);
  const noteId = useId();
  const selectAllId = useId();

  const allOnPage = clients.length > 0 && clients.every((c) => selected.has(c.id));
  const someOnPage = clients.some((c) => selected.has(c.id));
  useEffect(() => {
    // The answer appears above the table, far from the button on a phone: bring it into view.
    if (result) resultRef.current?.focus();
  }, [result]);
  useEffect(() => {
    // "Some but not all" is shown as the mixed state, also to screen readers.
    if (selectAllRef.current) selectAllRef.current.indeterminate = someOnPage && !allOnPage;
  }, [someOnPage, allOnPage]);

  function toggle(id: string, on: boolean) {
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  function toggleAll(on: boolean) {
    setSelected(on ? new Set(clients.map((c) => c.id)) : new Set());
  }

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const problems: typeof problem = {};
    if (selected.size === 0) problems.selection = t("reassign.nothingSelected");
    if (!target) problems.target = t("reassign.noTarget");
    setProblem(problems);
    setResult(null);
    if (problems.selection || problems.target) return;
    startTransition(async () => {
      try {
        const r = await moveClientsAction({ clientIds: [...selected], target, note });
        if (!r.ok) {
          const targetError = r.error.fieldErrors?.target?.[0];
          setProblem(targetError ? { target: errorText(targetError) } : { form: errorText(r.error.message || r.error.code) });
          return;
        }
        setResult(r.data);
        setSelected(new Set());
        setNote("");
        router.refresh();
      } catch {
        setProblem({ form: errorText("UNAVAILABLE") });
      }
    });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-3">
      {result && (
        <div ref={resultRef} tabIndex={-1} className="space-y-2 outline-none">
          <Alert kind="success">
            {[
              t("reassign.moved", { count: result.moved }),
              result.unchanged ? t("reassign.unchanged", { count: result.unchanged }) : "",
              result.tasksMoved ? t("reassign.tasksMoved", { count: result.tasksMoved }) : "",
            ]
              .filter(Boolean)
              .join(" ")}
          </Alert>
          {result.shortfall && (
            <Alert>{t(`shortfall.${result.shortfall.reason}`, { count: result.shortfall.count, site: result.shortfall.siteName })}</Alert>
          )}
        </div>
      )}

      <div className="flex flex-wrap items-center justify-between gap-2">
        {/* Not CheckboxField: the mixed state needs a ref to the input. */}
        <div className="flex min-h-11 items-center gap-3">
          <input
            ref={selectAllRef}
            id={selectAllId}
            type="checkbox"
            className="h-5 w-5 shrink-0 rounded border-slate-400"
            disabled={!ready}
            checked={allOnPage}
            onChange={(e) => toggleAll(e.currentTarget.checked)}
          />
          <label htmlFor={selectAllId} className="text-sm text-slate-800">
            {t("reassign.selectAll")}
          </label>
        </div>
        <p className="text-sm font-medium" aria-live="polite">
          {t("reassign.selected", { count: selected.size })}
        </p>
      </div>

      <DataTable
        caption={t("reassign.table", { site: siteName })}
        head={[<span key="s" className="sr-only">{t("reassign.selectAll")}</span>, t("reassign.ref"), t("reassign.name"), t("reassign.language"), t("reassign.holder")]}
      >
        {clients.map((c) => (
          <tr key={c.id} className={selected.has(c.id) ? "bg-brand-50" : undefined}>
            <Cell className="w-12 py-0">
              <label className="flex h-11 w-11 cursor-pointer items-center justify-center">
                <input
                  type="checkbox"
                  className="h-5 w-5 rounded border-slate-400"
                  aria-label={t("reassign.selectClient", { name: c.name })}
                  disabled={!ready}
                  checked={selected.has(c.id)}
                  onChange={(e) => toggle(c.id, e.currentTarget.checked)}
                />
              </label>
            </Cell>
            <Cell className="whitespace-nowrap font-mono text-xs">{c.ref}</Cell>
            <Cell>{c.name}</Cell>
            <Cell>{c.language}</Cell>
            <Cell>{c.holder ?? <span className="text-slate-600">{t("reassign.unassigned")}</span>}</Cell>
          </tr>
        ))}
      </DataTable>

      <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-3 shadow-sm sm:sticky sm:bottom-0">
        {/* Problems show next to the button that was pressed, not above a long table. */}
        {problem.selection && <Alert>{problem.selection}</Alert>}
        {problem.form && <Alert>{problem.form}</Alert>}
        <div className="flex flex-col gap-3 lg:flex-row lg:items-end">
          <SelectField
            label={t("reassign.target")}
            value={target}
            disabled={!ready}
            onChange={(e) => setTarget(e.currentTarget.value)}
            error={problem.target}
            hint={t("reassign.targetHint")}
            className="lg:w-[28rem]"
          >
            <option value="">{t("reassign.chooseTarget")}</option>
            <option value="balance">{t("reassign.balance")}</option>
            {mentors.map((m) => (
              <option key={m.id} value={m.id}>
                {t(m.onLeaveToday ? "reassign.targetOnLeave" : "reassign.targetOption", {
                  name: m.name,
                  caseload: m.caseload,
                  cap: m.cap,
                  languages: m.languages,
                })}
              </option>
            ))}
          </SelectField>
          <TextField id={noteId} label={t("reassign.note")} value={note} maxLength={500} disabled={!ready} onChange={(e) => setNote(e.currentTarget.value)} className="lg:flex-1" />
          <Button type="submit" disabled={pending || !ready} className="w-full lg:w-auto">
            {pending ? t("reassign.moving") : t("reassign.submit")}
          </Button>
        </div>
      </div>
    </form>
  );
}
