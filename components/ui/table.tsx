import { useId, type ReactNode } from "react";

/** A responsive table: scrolls sideways inside its own box on a narrow phone. The box can take the
 * keyboard focus (arrow keys scroll it) and is named by the table's caption (WCAG 2.1.1; axe
 * scrollable-region-focusable). */
export function DataTable({ caption, head, children }: { caption: ReactNode; head: ReactNode[]; children: ReactNode }) {
  const captionId = useId();
  return (
    // relative: screen-reader-only text in a cell (position: absolute) stays inside the scroll box
    // instead of widening the page on a phone.
    <div
      className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
      role="region"
      aria-labelledby={captionId}
      tabIndex={0}
    >
      <table className="min-w-full text-left text-sm">
        <caption id={captionId} className="sr-only">{caption}</caption>
        <thead className="bg-slate-100 text-xs uppercase text-slate-700">
          <tr>
            {head.map((h, i) => (
              <th key={i} scope="col" className="px-3 py-2 font-semibold">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

export function Cell({ children, className }: { children: ReactNode; className?: string }) {
  return <td className={`px-3 py-2 align-top ${className ?? ""}`}>{children}</td>;
}
