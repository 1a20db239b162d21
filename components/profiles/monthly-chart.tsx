"use client";

// Incidents per month as stacked bars (one colour per series), with an optional line drawn over
// them for a count that overlaps the bars (e.g. attributions beside claims). The same figures are
// a table just below, for screen readers and for anyone who wants the numbers.

import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatBucketLabel } from "@/components/timeline/timeline-dates";

export type ChartSeries = { key: string; label: string; color: string };
export type ChartMonth = { start: string; counts: Record<string, number> };

const CHART_HEIGHT = 220;

export function MonthlyChart({ title, months, bars, line, testId }: { title: string; months: ChartMonth[]; bars: ChartSeries[]; line?: ChartSeries; testId: string }) {
  const all = line ? [...bars, line] : bars;
  // Indexed keys, not slugs: a slug could clash with a field or be read by Recharts as a path.
  const rows = months.map((month) => ({
    label: formatBucketLabel(month.start, "month"),
    ...Object.fromEntries(all.map((series, index) => [`s${index}`, month.counts[series.key] ?? 0])),
  }));
  const shown = months.filter((month) => all.some((series) => (month.counts[series.key] ?? 0) > 0));
  return (
    <figure className="space-y-2" data-testid={testId}>
      <figcaption className="font-semibold">{title}</figcaption>
      {months.length === 0 ? (
        <p className="text-sm text-stone-600">No published incidents.</p>
      ) : (
        <>
          <div aria-hidden style={{ height: CHART_HEIGHT }}>
            <ResponsiveContainer width="100%" height="100%">
              {/* The table under it carries the figures: the chart is hidden from assistive technology and takes no focus. */}
              <ComposedChart data={rows} margin={{ top: 8, right: 24, bottom: 0, left: -16 }} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e7e5e4" />
                <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={16} />
                <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
                <Tooltip isAnimationActive={false} />
                {bars.map((series, index) => (
                  <Bar key={series.key} dataKey={`s${index}`} name={series.label} stackId="bars" fill={series.color} isAnimationActive={false} />
                ))}
                {line && (
                  <Line dataKey={`s${bars.length}`} name={line.label} stroke={line.color} strokeWidth={2} dot={{ r: 2 }} type="monotone" isAnimationActive={false} />
                )}
              </ComposedChart>
            </ResponsiveContainer>
          </div>
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-stone-700">
            {all.map((series) => (
              <li key={series.key} className="flex items-center gap-1.5">
                <span aria-hidden className={series === line ? "h-0.5 w-4" : "size-3 rounded-sm"} style={{ backgroundColor: series.color }} />
                {series.label}
              </li>
            ))}
          </ul>
          <details className="text-sm">
            <summary className="cursor-pointer text-blue-800">The figures as a table</summary>
            <div className="mt-2 overflow-x-auto">
              <table className="text-left text-xs" data-testid={`${testId}-table`}>
                <thead className="bg-stone-100">
                  <tr>
                    <th scope="col" className="px-2 py-1">Month</th>
                    {all.map((series) => <th key={series.key} scope="col" className="px-2 py-1">{series.label}</th>)}
                  </tr>
                </thead>
                <tbody>
                  {shown.map((month) => (
                    <tr key={month.start} className="border-t border-stone-200">
                      <th scope="row" className="px-2 py-1 font-normal whitespace-nowrap">{formatBucketLabel(month.start, "month")}</th>
                      {all.map((series) => <td key={series.key} className="px-2 py-1 text-right tabular-nums">{month.counts[series.key] ?? 0}</td>)}
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="mt-1 text-xs text-stone-500">Months without any incident are left out of the table.</p>
            </div>
          </details>
        </>
      )}
    </figure>
  );
}
