"use client";
// Due, reached and calls per day (Recharts, decision 017). Decorative for screen readers: the same
// numbers are in the table under it, which is what assistive technology reads.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type ChartDay = { day: string; due: number; reached: number; calls: number };

export function CoverageChart({ days, labels }: { days: ChartDay[]; labels: { due: string; reached: string; calls: string } }) {
  if (days.length === 0) return null;
  return (
    <div className="h-64 w-full" aria-hidden="true">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={days.map((d) => ({ ...d, day: d.day.slice(5) }))} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" fontSize={12} />
          <YAxis allowDecimals={false} fontSize={12} width={32} />
          <Tooltip />
          <Legend />
          <Bar dataKey="due" name={labels.due} fill="#94a3b8" isAnimationActive={false} />
          <Bar dataKey="reached" name={labels.reached} fill="#1f7a55" isAnimationActive={false} />
          <Bar dataKey="calls" name={labels.calls} fill="#0369a1" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
