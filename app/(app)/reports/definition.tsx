import type { ReactNode } from "react";

/** A figure's definition one tap away: a native disclosure (keyboard and screen readers, no
 * JavaScript needed on a slow phone). */
export function Definition({ summary, children }: { summary: string; children: ReactNode }) {
  return (
    <details className="text-sm">
      <summary className="inline-flex min-h-11 cursor-pointer items-center text-brand-700 underline">{summary}</summary>
      <p className="mt-1 max-w-prose text-slate-700">{children}</p>
    </details>
  );
}
