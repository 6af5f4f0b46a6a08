export function Stat({ label, value, testId }: { label: string; value: number | string; testId?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-2xl font-bold" data-testid={testId}>
        {typeof value === "number" ? value.toLocaleString() : value}
      </dd>
    </div>
  );
}
