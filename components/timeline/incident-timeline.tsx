"use client";

// Incidents per day/week/month as stacked bars (one colour per claimant or attack type), with the
// upper casualty estimates as lines on a second axis. Dragging across the chart selects a date
// range for the filters; the filter bar's date inputs are the keyboard way to do the same.
//
// Performance: ~800 day buckets × 10 series is up to 8,000 bar rectangles, and Recharts' cost is
// per rectangle per render. So: no animation, no Recharts <Legend> (it forces two extra layout
// passes), and the plot's elements are memoised so hovering and dragging re-render only the
// tooltip and the selection, never the bars.

import { useMemo } from "react";
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type MouseHandlerDataParam,
} from "recharts";
import type { TimelineGroupBy, TimelineInterval, TimelineResponse } from "@/lib/dashboard/types";
import { eventMarks, type TimelineEventMark } from "./event-marks";
import { brushRange } from "./timeline-brush";
import { formatBucketLabel } from "./timeline-dates";
import { TimelineRangePicker } from "./range-picker";
import { TimelineLegend, type CasualtyLineStyle } from "./timeline-legend";
import { seriesDataKey, sumTotals, toTimelineRows } from "./timeline-rows";
import { TimelineTooltip } from "./timeline-tooltip";
import { ToggleGroup } from "./toggle-group";
import { useDragSelection } from "./use-drag-selection";

type IncidentTimelineProps = {
  data: TimelineResponse;
  /** A new filter is loading: the chart dims but stays usable. */
  isPending?: boolean;
  onIntervalChange(interval: TimelineInterval): void;
  onGroupByChange(groupBy: TimelineGroupBy): void;
  /** A dragged date range, YYYY-MM-DD, both ends inclusive. */
  onBrush(from: string, to: string): void;
  /** Key events, drawn as marks with their titles on hover. */
  events?: readonly TimelineEventMark[];
};

const INTERVAL_OPTIONS = [
  { value: "day", label: "Day" },
  { value: "week", label: "Week" },
  { value: "month", label: "Month" },
] as const;

const GROUP_BY_OPTIONS = [
  { value: "claimant", label: "By claimant" },
  { value: "type", label: "By attack type" },
] as const;

const CHART_HEIGHT = 320;
const INCIDENTS_AXIS = "incidents";
const CASUALTIES_AXIS = "casualties";
// Neutral ink, so the casualty lines never share a hue with a series colour.
const KILLED_LINE: CasualtyLineStyle = { label: "Killed (upper estimate)", color: "#1c1917" };
const WOUNDED_LINE: CasualtyLineStyle = { label: "Wounded (upper estimate)", color: "#78716c", dashArray: "4 3" };
const AXIS_TICK = { fontSize: 12, fill: "#57534e" };
const NO_EVENTS: readonly TimelineEventMark[] = [];

export function IncidentTimeline({ data, isPending = false, onIntervalChange, onGroupByChange, onBrush, events = NO_EVENTS }: IncidentTimelineProps) {
  const { buckets, series, interval, groupBy } = data;
  const rows = useMemo(() => toTimelineRows(data), [data]);
  const total = useMemo(() => sumTotals(buckets), [buckets]);

  const drag = useDragSelection((anchorIndex, releaseIndex) => {
    const range = brushRange(buckets, interval, anchorIndex, releaseIndex);
    if (range) onBrush(range.from, range.to);
  });

  const plot = useMemo(
    () => [
      <CartesianGrid key="grid" vertical={false} stroke="#e7e5e4" />,
      <XAxis
        key="x"
        dataKey="start"
        tickFormatter={(start: string) => formatBucketLabel(start, interval)}
        minTickGap={24}
        tick={AXIS_TICK}
      />,
      <YAxis
        key="y-incidents"
        yAxisId={INCIDENTS_AXIS}
        allowDecimals={false}
        width={52}
        tick={AXIS_TICK}
        label={{ value: "Incidents", angle: -90, position: "insideLeft", fontSize: 12, fill: "#57534e" }}
      />,
      <YAxis
        key="y-casualties"
        yAxisId={CASUALTIES_AXIS}
        orientation="right"
        allowDecimals={false}
        width={52}
        tick={AXIS_TICK}
        label={{ value: "Killed / wounded", angle: 90, position: "insideRight", fontSize: 12, fill: "#57534e" }}
      />,
      ...series.map((s, index) => (
        <Bar
          key={`bar-${s.key}`}
          yAxisId={INCIDENTS_AXIS}
          dataKey={seriesDataKey(index)}
          stackId="incidents"
          name={s.label}
          fill={s.color}
          isAnimationActive={false}
        />
      )),
      casualtyLine("killedMax", KILLED_LINE),
      casualtyLine("woundedMax", WOUNDED_LINE),
      ...eventMarks(events, buckets, interval, INCIDENTS_AXIS),
      <Tooltip
        key="tooltip"
        isAnimationActive={false}
        content={({ activeIndex }) => {
          const bucket = buckets[Number(activeIndex)];
          return bucket ? <TimelineTooltip bucket={bucket} series={series} interval={interval} /> : null;
        }}
      />,
    ],
    [buckets, series, interval, events],
  );

  const selection = drag.selection && {
    first: buckets[Math.min(drag.selection.anchorIndex, drag.selection.currentIndex)]?.start,
    last: buckets[Math.max(drag.selection.anchorIndex, drag.selection.currentIndex)]?.start,
  };

  return (
    <section
      data-testid="incident-timeline"
      data-bucket-count={buckets.length}
      data-total={total}
      data-interval={interval}
      data-group-by={groupBy}
      aria-label="Incidents over time"
      aria-busy={isPending}
      className="rounded border border-stone-300 bg-white p-4"
    >
      <div className="flex flex-wrap items-center gap-3">
        <ToggleGroup label="Interval" options={INTERVAL_OPTIONS} value={interval} onChange={onIntervalChange} />
        <ToggleGroup label="Stack bars" options={GROUP_BY_OPTIONS} value={groupBy} onChange={onGroupByChange} />
        <p role="status" className="text-sm text-stone-600">
          {isPending ? "Updating…" : ""}
        </p>
      </div>

      <div className={`transition-opacity ${isPending ? "opacity-50" : ""}`}>
        {buckets.length === 0 ? (
          <p className="py-16 text-center text-stone-600">No incidents match these filters.</p>
        ) : (
          <>
            <p className="mt-3 text-xs text-stone-600">
              {total.toLocaleString("en-US")} {total === 1 ? "incident" : "incidents"} · drag across the chart to select
              a date range, or choose one below
            </p>
            {/* select-none: a drag must not highlight axis labels as text. The focus ring stays for
                keyboard users (arrow keys move the tooltip) but not after a mouse press. */}
            <div className="mt-2 select-none [&_.recharts-surface:focus:not(:focus-visible)]:outline-none">
              <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
                <ComposedChart
                  data={rows}
                  // Thin day bars would otherwise be mostly gap.
                  barCategoryGap={buckets.length > 120 ? 0 : "12%"}
                  margin={{ top: 8, right: 4, bottom: 0, left: 4 }}
                  onMouseDown={(state: MouseHandlerDataParam, event) => {
                    const index = bucketIndex(state);
                    if (event.button === 0 && index !== null) drag.start(index);
                  }}
                  onMouseMove={(state: MouseHandlerDataParam) => {
                    const index = bucketIndex(state);
                    if (drag.selection && index !== null) drag.moveTo(index);
                  }}
                  style={{ cursor: "crosshair" }}
                >
                  {plot}
                  {selection?.first && selection.last && (
                    <ReferenceArea
                      yAxisId={INCIDENTS_AXIS}
                      x1={selection.first}
                      x2={selection.last}
                      fill="#0369a1"
                      fillOpacity={0.15}
                      stroke="#0369a1"
                      strokeOpacity={0.6}
                    />
                  )}
                </ComposedChart>
              </ResponsiveContainer>
            </div>
            <TimelineLegend series={series} lines={[KILLED_LINE, WOUNDED_LINE]} />
            <TimelineRangePicker key={`${interval}:${buckets[0]?.start}:${buckets.length}`} buckets={buckets} interval={interval} onApply={onBrush} />
          </>
        )}
      </div>
    </section>
  );
}

function casualtyLine(dataKey: "killedMax" | "woundedMax", style: CasualtyLineStyle) {
  return (
    <Line
      key={dataKey}
      yAxisId={CASUALTIES_AXIS}
      dataKey={dataKey}
      name={style.label}
      type="linear"
      stroke={style.color}
      strokeWidth={1.5}
      strokeDasharray={style.dashArray}
      dot={false}
      isAnimationActive={false}
    />
  );
}

/** The bucket under the pointer, or null when it is outside the plot. */
function bucketIndex(state: MouseHandlerDataParam): number | null {
  const index = Number(state.activeIndex ?? Number.NaN);
  return Number.isInteger(index) && index >= 0 ? index : null;
}
