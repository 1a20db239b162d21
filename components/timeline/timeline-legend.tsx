// The key under the chart, as plain HTML rather than Recharts' <Legend>: Recharts measures its
// legend and then lays the whole chart out again, which with ~800 day buckets × 10 series cost two
// extra full renders of every bar (see the performance note in incident-timeline.tsx).

import type { TimelineResponse } from "@/lib/dashboard/types";

export type CasualtyLineStyle = { label: string; color: string; dashArray?: string };

type TimelineLegendProps = {
  series: TimelineResponse["series"];
  lines: ReadonlyArray<CasualtyLineStyle>;
};

export function TimelineLegend({ series, lines }: TimelineLegendProps) {
  return (
    <ul className="mt-2 flex flex-wrap justify-center gap-x-4 gap-y-1 text-xs text-stone-700">
      {series.map((s) => (
        <li key={s.key} className="flex items-center gap-1.5">
          <span aria-hidden className="inline-block size-3 rounded-sm" style={{ backgroundColor: s.color }} />
          {s.label}
        </li>
      ))}
      {lines.map((line) => (
        <li key={line.label} className="flex items-center gap-1.5">
          <svg aria-hidden width="18" height="6" className="overflow-visible">
            <line x1="0" y1="3" x2="18" y2="3" stroke={line.color} strokeWidth="2" strokeDasharray={line.dashArray} />
          </svg>
          {line.label}
        </li>
      ))}
    </ul>
  );
}
