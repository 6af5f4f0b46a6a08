"use client";
// The profile's small forms: use-command-form with the client's id and current version sent on
// every submit (the page refreshes after each change, so the version prop is always the latest),
// a "saved" message, and a page refresh after success.
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import type { DefaultValues, FieldValues } from "react-hook-form";
import type { z } from "zod";
import type { ActionResult } from "@/lib/action";
import { useCommandForm } from "@/components/forms/use-command-form";

export function useProfileForm<S extends z.ZodType<{ clientId: string; version: number }, FieldValues>, TResult>(opts: {
  schema: S;
  clientId: string;
  version: number;
  defaultValues: DefaultValues<z.input<S>>;
  action: (input: z.output<S>) => Promise<ActionResult<TResult>>;
  onSuccess?: (data: TResult) => void;
}) {
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const { form, submit, pending, formError } = useCommandForm({
    schema: opts.schema,
    defaultValues: opts.defaultValues,
    // The props, not the form's copy: another form on the page may have moved the version on.
    action: async (values) => {
      const result = await opts.action({ ...values, clientId: opts.clientId, version: opts.version });
      // Someone else saved first: show her changes (and the new version) under the kept input, so
      // a second submit is a deliberate choice made on fresh data.
      if (!result.ok && result.error.code === "CONFLICT") router.refresh();
      return result;
    },
    onSuccess: (data) => {
      form.reset(opts.defaultValues);
      setSaved(true);
      opts.onSuccess?.(data);
      router.refresh();
    },
  });
  const onSubmit = (e?: FormEvent) => {
    setSaved(false);
    return submit(e);
  };
  return { form, submit: onSubmit, pending, formError, saved };
}
