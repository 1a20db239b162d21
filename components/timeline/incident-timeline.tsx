"use client";

// Incidents per day/week/month as stacked bars (one colour per claimant or attack type), with the
// upper casualty estimates as lines on a second axis. Dragging across the chart selects a date
// range for the filters; the filter bar's date inputs are the keyboard way to do the same.

import { useMemo } from "react";
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type MouseHandlerDataParam,
} from "recharts";
import type { TimelineGroupBy, TimelineInterval, TimelineResponse } from "@/lib/dashboard/types";
import { brushRange } from "./timeline-brush";
import { formatBucketLabel } from "./timeline-dates";
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

const CHART_HEIGHT = 340;
const INCIDENTS_AXIS = "incidents";
const CASUALTIES_AXIS = "casualties";
// Neutral ink, so the casualty lines never share a hue with a series colour.
const KILLED_COLOR = "#1c1917";
const WOUNDED_COLOR = "#78716c";

export function IncidentTimeline({ data, isPending = false, onIntervalChange, onGroupByChange, onBrush }: IncidentTimelineProps) {
  const { buckets, series, interval, groupBy } = data;
  const rows = useMemo(() => toTimelineRows(data), [data]);
  const total = useMemo(() => sumTotals(buckets), [buckets]);

  const drag = useDragSelection((anchorIndex, releaseIndex) => {
    const range = brushRange(buckets, interval, anchorIndex, releaseIndex);
    if (range) onBrush(range.from, range.to);
  });

  // Built once per response: while dragging, only the ReferenceArea changes, and re-rendering
  // thousands of bar rectangles on every mouse move would make the selection lag.
  const plot = useMemo(
    () => [
      <CartesianGrid key="grid" vertical={false} stroke="#e7e5e4" />,
      <XAxis
        key="x"
        dataKey="start"
        tickFormatter={(start: string) => formatBucketLabel(start, interval)}
        minTickGap={24}
        tick={{ fontSize: 12 }}
      />,
      <YAxis
        key="y-incidents"
        yAxisId={INCIDENTS_AXIS}
        allowDecimals={false}
        width={48}
        tick={{ fontSize: 12 }}
        label={{ value: "Incidents", angle: -90, position: "insideLeft", fontSize: 12 }}
      />,
      <YAxis
        key="y-casualties"
        yAxisId={CASUALTIES_AXIS}
        orientation="right"
        allowDecimals={false}
        width={48}
        tick={{ fontSize: 12 }}
        label={{ value: "Killed / wounded (max)", angle: 90, position: "insideRight", fontSize: 12 }}
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
      <Line
        key="killed"
        yAxisId={CASUALTIES_AXIS}
        dataKey="killedMax"
        name="Killed (max)"
        type="linear"
        stroke={KILLED_COLOR}
        strokeWidth={1.5}
        dot={false}
        isAnimationActive={false}
      />,
      <Line
        key="wounded"
        yAxisId={CASUALTIES_AXIS}
        dataKey="woundedMax"
        name="Wounded (max)"
        type="linear"
        stroke={WOUNDED_COLOR}
        strokeWidth={1.5}
        strokeDasharray="4 3"
        dot={false}
        isAnimationActive={false}
      />,
      <Tooltip
        key="tooltip"
        isAnimationActive={false}
        content={({ activeIndex }) => {
          const bucket = buckets[Number(activeIndex)];
          return bucket ? <TimelineTooltip bucket={bucket} series={series} interval={interval} /> : null;
        }}
      />,
    ],
    [buckets, series, interval],
  );

  const selected = drag.selection && {
    from: buckets[Math.min(drag.selection.anchorIndex, drag.selection.currentIndex)]?.start,
    to: buckets[Math.max(drag.selection.anchorIndex, drag.selection.currentIndex)]?.start,
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

      {buckets.length === 0 ? (
        <p className={`mt-4 py-12 text-center text-stone-600 ${isPending ? "opacity-50" : ""}`}>No incidents match these filters.</p>
      ) : (
        <>
          <p className="mt-3 text-xs text-stone-600">
            {total.toLocaleString("en-US")} {total === 1 ? "incident" : "incidents"} · drag across the chart to select a date
            range
          </p>
          {/* select-none: a drag must not highlight the axis labels as text. */}
          <div className={`mt-2 select-none transition-opacity ${isPending ? "opacity-50" : ""}`}>
            <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
              <ComposedChart
                data={rows}
                barCategoryGap={buckets.length > 200 ? 0 : "10%"}
                margin={{ top: 8, right: 8, bottom: 0, left: 8 }}
                onMouseDown={(state: MouseHandlerDataParam, event) => {
                  const index = bucketIndex(state);
                  if (event.button === 0 && index !== null) drag.start(index);
                }}
                onMouseMove={(state: MouseHandlerDataParam) => {
                  const index = bucketIndex(state);
                  if (index !== null) drag.moveTo(index);
                }}
                style={{ cursor: "crosshair" }}
              >
                {plot}
                {selected?.from && selected.to && (
                  <ReferenceArea
                    yAxisId={INCIDENTS_AXIS}
                    x1={selected.from}
                    x2={selected.to}
                    fill="#0369a1"
                    fillOpacity={0.15}
                    stroke="#0369a1"
                    strokeOpacity={0.6}
                    ifOverflow="visible"
                  />
                )}
              </ComposedChart>
            </ResponsiveContainer>
          </div>
        </>
      )}
    </section>
  );
}

/** The bucket under the pointer, or null when it is outside the plot. */
function bucketIndex(state: MouseHandlerDataParam): number | null {
  const index = Number(state.activeIndex ?? Number.NaN);
  return Number.isInteger(index) && index >= 0 ? index : null;
}
