import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { cn } from "@/components/ui/cn";

const CONTROL =
  "block w-full min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 aria-[invalid=true]:border-red-600";

type FieldProps = { label: ReactNode; error?: string; hint?: ReactNode; className?: string };

/** A labelled control with its hint and error wired for screen readers. */
function FieldShell({ id, label, error, hint, className, children }: FieldProps & { id: string; children: ReactNode }) {
  return (
    <div className={cn("space-y-1", className)}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {hint && !error && (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

function describedBy(id: string, error?: string, hint?: ReactNode) {
  return error ? `${id}-error` : hint ? `${id}-hint` : undefined;
}

export function TextField({ label, error, hint, className, id, ...props }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const auto = useId();
  const fid = id ?? auto;
  return (
    <FieldShell id={fid} label={label} error={error} hint={hint} className={className}>
      <input id={fid} className={CONTROL} aria-invalid={error ? true : undefined} aria-describedby={describedBy(fid, error, hint)} {...props} />
    </FieldShell>
  );
}

export function SelectField({ label, error, hint, className, id, children, ...props }: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  const auto = useId();
  const fid = id ?? auto;
  return (
    <FieldShell id={fid} label={label} error={error} hint={hint} className={className}>
      <select id={fid} className={CONTROL} aria-invalid={error ? true : undefined} aria-describedby={describedBy(fid, error, hint)} {...props}>
        {children}
      </select>
    </FieldShell>
  );
}

export function TextAreaField({ label, error, hint, className, id, ...props }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const auto = useId();
  const fid = id ?? auto;
  return (
    <FieldShell id={fid} label={label} error={error} hint={hint} className={className}>
      <textarea id={fid} className={CONTROL} aria-invalid={error ? true : undefined} aria-describedby={describedBy(fid, error, hint)} {...props} />
    </FieldShell>
  );
}

export function CheckboxField({ label, error, className, id, ...props }: Omit<FieldProps, "hint"> & InputHTMLAttributes<HTMLInputElement>) {
  const auto = useId();
  const fid = id ?? auto;
  return (
    <div className={cn("flex min-h-11 items-center gap-3", className)}>
      <input id={fid} type="checkbox" className="h-5 w-5 shrink-0 rounded border-slate-400" aria-invalid={error ? true : undefined} aria-describedby={error ? `${fid}-error` : undefined} {...props} />
      <label htmlFor={fid} className="text-sm text-slate-800">
        {label}
      </label>
      {error && (
        <p id={`${fid}-error`} className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

/** A group of checkboxes (languages, working days) with one legend. */
export function CheckboxGroup({ legend, error, children }: { legend: ReactNode; error?: string; children: ReactNode }) {
  const id = useId();
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined} className="space-y-1">
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <div className="flex flex-wrap gap-x-4">{children}</div>
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      )}
    </fieldset>
  );
}
