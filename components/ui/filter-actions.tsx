import { Button, ButtonLink } from "@/components/ui/button";

/** The row under a GET filter form: apply, and clear (back to the unfiltered page) when filtered. */
export function FilterActions({ submitLabel, clearLabel, clearHref, filtered }: { submitLabel: string; clearLabel: string; clearHref: string; filtered: boolean }) {
  return (
    <div className="mt-3 flex flex-wrap gap-2">
      <Button type="submit">{submitLabel}</Button>
      {filtered && (
        <ButtonLink href={clearHref} variant="ghost">
          {clearLabel}
        </ButtonLink>
      )}
    </div>
  );
}
