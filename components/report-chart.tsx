"use client";
// A report figure's bars for the period and the previous one (Recharts, decisions 017 and 031).
// Decorative for screen readers: the same numbers are in the table beside it, which is what
// assistive technology reads (and what a 360 px phone, a printout and the files show).
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type ReportChartPoint = { label: string; value: number; previous: number };

export function ReportChart({ points, labels, testId }: { points: ReportChartPoint[]; labels: { value: string; previous: string }; testId?: string }) {
  if (points.length === 0 || points.every((p) => p.value === 0 && p.previous === 0)) return null;
  return (
    <div className="h-56 w-full" aria-hidden="true" inert data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={points} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" fontSize={11} interval={0} />
          <YAxis allowDecimals={false} fontSize={12} width={36} />
          <Tooltip />
          <Legend />
          <Bar dataKey="previous" name={labels.previous} fill="#94a3b8" isAnimationActive={false} />
          <Bar dataKey="value" name={labels.value} fill="#1f7a55" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
