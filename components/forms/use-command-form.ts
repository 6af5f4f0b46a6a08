"use client";
// react-hook-form + zod on the client with the same schema as the server; server answers
// (field errors, conflicts, outages) land on the same form. Nothing typed is lost on failure.
// Typed by the schema itself: the form's values are what the schema takes (z.input), the action
// receives what it gives (z.output) - no casts in the forms.
import { useState, useTransition } from "react";
import { useForm, type DefaultValues, type FieldValues, type Path } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { z } from "zod";
import type { ActionResult } from "@/lib/action";
import { keyErrorMap } from "@/lib/validation";

export function useCommandForm<S extends z.ZodType<unknown, FieldValues>, TResult>(opts: {
  schema: S;
  defaultValues: DefaultValues<z.input<S>>;
  action: (values: z.output<S>) => Promise<ActionResult<TResult>>;
  onSuccess?: (data: TResult) => void;
}) {
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: zodResolver(opts.schema, { error: keyErrorMap }),
    defaultValues: opts.defaultValues,
    // Validate on submit, then as the user corrects: validating on blur moves the layout under
    // the pointer and swallows the click on the submit button.
    mode: "onSubmit",
    reValidateMode: "onChange",
  });
  const [formError, setFormError] = useState<string | undefined>();
  const [pending, startTransition] = useTransition();

  const submit = form.handleSubmit((values) => {
    setFormError(undefined);
    startTransition(async () => {
      let result: ActionResult<TResult>;
      try {
        result = await opts.action(values);
      } catch {
        setFormError("UNAVAILABLE");
        return;
      }
      if (result.ok) {
        opts.onSuccess?.(result.data);
        return;
      }
      // Messages are catalogue keys (lib/validation.ts, lib/errors.ts): the form translates them.
      for (const [name, messages] of Object.entries(result.error.fieldErrors ?? {})) {
        if (name !== "_form" && messages[0]) form.setError(name as Path<z.input<S>>, { message: messages[0] });
      }
      setFormError(result.error.fieldErrors?._form?.[0] ?? result.error.message ?? result.error.code);
    });
  });

  return { form, submit, pending, formError };
}
