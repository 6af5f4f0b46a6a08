// Pieces the content editors share (call scripts and reminder templates, lib/content): the language
// box of the "open or start" form, with the programme's languages offered, and the preview panel.
import type { ReactNode } from "react";
import { TextField } from "@/components/ui/field";

/** A language code (2-3 letters), any code allowed, the programme's languages suggested. */
export function ContentLanguageField({ id, label, hint, languages }: { id: string; label: string; hint: string; languages: { code: string; name: string }[] }) {
  return (
    <>
      <TextField label={label} name="language" hint={hint} required pattern="[A-Za-z]{2,3}" maxLength={3} list={id} autoComplete="off" />
      <datalist id={id}>
        {languages.map((l) => (
          <option key={l.code} value={l.code}>
            {l.name}
          </option>
        ))}
      </datalist>
    </>
  );
}

/** The preview panel: a heading, what it previews, and the text as the reader will see it. */
export function ContentPreview({ id, title, caption, children }: { id: string; title: string; caption: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-md border border-slate-200 bg-slate-50 p-3">
      <h2 id={id} className="text-sm font-semibold">
        {title}
      </h2>
      <p className="mb-2 text-xs text-slate-700">{caption}</p>
      {children}
    </section>
  );
}
