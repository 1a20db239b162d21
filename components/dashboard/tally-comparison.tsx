"use client";

// Our running count under the dashboard's filter as a line, and the published tallies as points
// (one colour and shape per counting rule), with a compact table of the latest figure of each
// publisher. The points are their figures for their own scope; the table sets each beside ours of
// that same scope, whatever the filter.

import Link from "next/link";
import { useMemo } from "react";
import { CartesianGrid, ComposedChart, Line, ResponsiveContainer, Scatter, Symbols, XAxis, YAxis } from "recharts";
import { formatDay, signed } from "@/components/tallies/reconciliation-table";
import type { Reconciliation, TallyComparison as TallyComparisonData } from "@/lib/data/tallies";
import { TALLY_RULE_LABELS } from "@/lib/validation/tally";
import type { TallyRule } from "@/lib/codes";
import { TALLY_RULES } from "@/lib/codes";

type SymbolType = "circle" | "diamond" | "square" | "triangle" | "star";
const RULE_STYLES: Record<TallyRule, { color: string; shape: SymbolType }> = {
  PENTAGON: { color: "#1d4ed8", shape: "circle" },
  WINEP: { color: "#dc2626", shape: "diamond" },
  SOHR: { color: "#059669", shape: "square" },
  ISW: { color: "#d97706", shape: "triangle" },
  OTHER: { color: "#6b7280", shape: "star" },
};
const OUR_LINE = "#1c1917";
const AXIS_TICK = { fontSize: 12, fill: "#57534e" };
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Days as UTC milliseconds: one number axis for the line and the points. */
const time = (day: string) => Date.parse(`${day}T00:00:00Z`);
const monthLabel = (t: number) => `${MONTHS[new Date(t).getUTCMonth()]} ${new Date(t).getUTCFullYear()}`;

type Point = { t: number; value: number; tally?: Reconciliation; tag?: string };

export function TallyComparison({ data }: { data: TallyComparisonData }) {
  const { line, pointsByRule, latest } = useMemo(() => chartData(data), [data]);
  const ourTotal = data.cumulative.at(-1)?.total ?? 0;

  return (
    <section aria-label="Published tallies and our count" className="rounded border border-stone-300 bg-white p-4" data-testid="tally-comparison">
      <p className="text-xs text-stone-600">
        The line is our running count of the incidents these filters match, from {formatDay(data.from)} ({ourTotal.toLocaleString("en-US")} in
        all). The points are published tallies, each for its own scope, which counts from 17 Oct 2023; the table sets each beside our count of that
        same scope.
      </p>
      {line.length <= 1 && data.tallies.length === 0 ? (
        <p className="py-12 text-center text-stone-600">No incidents or published tallies in this period.</p>
      ) : (
        <ResponsiveContainer width="100%" height={280}>
          <ComposedChart margin={{ top: 16, right: 12, bottom: 0, left: 4 }}>
            <CartesianGrid vertical={false} stroke="#e7e5e4" />
            <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={monthLabel} minTickGap={32} tick={AXIS_TICK} />
            <YAxis allowDecimals={false} width={52} tick={AXIS_TICK} />
            <Line data={line} dataKey="value" name="Ours" type="stepAfter" stroke={OUR_LINE} strokeWidth={2} dot={false} isAnimationActive={false} />
            {TALLY_RULES.filter((rule) => pointsByRule[rule].length).map((rule) => (
              // No labels on the points: they pile up where tallies crowd; the legend names each rule and hovering a point names its publisher.
              <Scatter key={rule} data={pointsByRule[rule]} dataKey="value" name={TALLY_RULE_LABELS[rule]} shape={pointShape(rule)} isAnimationActive={false} />
            ))}
          </ComposedChart>
        </ResponsiveContainer>
      )}
      <ul className="mt-2 flex flex-wrap justify-center gap-x-4 gap-y-1 text-xs text-stone-700">
        <li className="flex items-center gap-1.5">
          <svg aria-hidden width="18" height="6"><line x1="0" y1="3" x2="18" y2="3" stroke={OUR_LINE} strokeWidth="2" /></svg>
          Ours, under these filters
        </li>
        {TALLY_RULES.filter((rule) => pointsByRule[rule].length).map((rule) => (
          <li key={rule} className="flex items-center gap-1.5">
            <svg aria-hidden width="12" height="12"><Symbols cx={6} cy={6} size={48} type={RULE_STYLES[rule].shape} fill={RULE_STYLES[rule].color} /></svg>
            {TALLY_RULE_LABELS[rule]}
          </li>
        ))}
      </ul>

      {latest.length > 0 && (
        <table className="mt-3 w-full text-sm" data-testid="tally-comparison-table">
          <caption className="sr-only">The latest published tally of each publisher beside our count of its scope</caption>
          <thead className="text-left text-xs uppercase text-stone-500">
            <tr>
              <th className="py-1">Publisher</th>
              <th className="py-1">As of</th>
              <th className="py-1 text-right">Theirs</th>
              <th className="py-1 text-right">Ours, same scope</th>
              <th className="py-1 text-right">Difference</th>
            </tr>
          </thead>
          <tbody>
            {latest.map((t) => (
              <tr key={t.id} className="border-t border-stone-200" title={t.why}>
                <td className="py-1">{t.publisher}</td>
                <td className="py-1 whitespace-nowrap">{formatDay(t.asOf)}</td>
                <td className="py-1 text-right tabular-nums">{t.theirs.label}</td>
                <td className="py-1 text-right tabular-nums">{t.ours.toLocaleString("en-US")}</td>
                <td className="py-1 text-right tabular-nums">{signed(t.difference)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="mt-2 text-sm">
        <Link href="/tallies" className="text-blue-800 underline">Every published count, compared with ours, and why they differ</Link>
      </p>
    </section>
  );
}

function chartData(data: TallyComparisonData) {
  const lastDay = [data.cumulative.at(-1)?.day, data.tallies.at(-1)?.asOf].filter(Boolean).sort().at(-1);
  // From zero on the first day to a flat end at the last day anything is drawn.
  const line: Point[] = [{ t: time(data.from), value: 0 }, ...data.cumulative.map((p) => ({ t: time(p.day), value: p.total }))];
  if (lastDay && time(lastDay) > line.at(-1)!.t) line.push({ t: time(lastDay), value: line.at(-1)!.value });

  const pointsByRule = Object.fromEntries(TALLY_RULES.map((rule) => [rule, [] as Point[]])) as Record<TallyRule, Point[]>;
  const latestByPublisher = new Map<string, Reconciliation>();
  for (const tally of data.tallies) {
    pointsByRule[tally.rule].push({ t: time(tally.asOf), value: tally.count, tally });
    latestByPublisher.set(`${tally.rule}|${tally.publisher}`, tally); // ordered by as-of: the last one stays
  }
  const latest = [...latestByPublisher.values()].sort((a, b) => b.asOf.localeCompare(a.asOf));
  return { line, pointsByRule, latest };
}

/** A point of the rule's shape and colour; hovering it shows the figure and ours. */
function pointShape(rule: TallyRule) {
  function TallyPoint(props: unknown) {
    const { cx, cy, payload } = props as { cx?: number; cy?: number; payload?: Point };
    const tally = payload?.tally;
    if (cx === undefined || cy === undefined || !tally) return <g />;
    return (
      <g>
        <Symbols cx={cx} cy={cy} size={64} type={RULE_STYLES[rule].shape} fill={RULE_STYLES[rule].color} stroke="#fff" strokeWidth={1} />
        <title>{`${tally.publisher}, ${formatDay(tally.asOf)}: ${tally.theirs.label} (ours for the same scope: ${tally.ours.toLocaleString("en-US")})`}</title>
      </g>
    );
  }
  return TallyPoint;
}
