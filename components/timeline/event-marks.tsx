// Key events as reference marks on the timeline: a thin dashed line at the bucket that holds the
// event, with a small triangle on top; hovering the mark shows the titles (an SVG <title>).
// A function returning elements, like the chart's other memoised plot elements.

import { ReferenceLine } from "recharts";
import type { TimelineInterval, TimelineResponse } from "@/lib/dashboard/types";
import { bucketEndDay } from "./timeline-dates";

/** What a mark needs of a key event (lib/data/timeline-events.ts's records fit). */
export type TimelineEventMark = { key: string; occurredOn: string; title: string };

const MARK_COLOR = "#44403c";

/** One mark per bucket that holds events; events outside the chart's buckets are left out. */
export function eventMarks(events: readonly TimelineEventMark[], buckets: TimelineResponse["buckets"], interval: TimelineInterval, yAxisId: string) {
  const titlesByBucket = new Map<string, string[]>();
  for (const event of events) {
    // Buckets are contiguous and sorted: the last one starting on or before the day, if it reaches it.
    const bucket = buckets.findLast((b) => b.start <= event.occurredOn);
    if (!bucket || bucketEndDay(bucket.start, interval) < event.occurredOn) continue;
    titlesByBucket.set(bucket.start, [...(titlesByBucket.get(bucket.start) ?? []), `${event.occurredOn}: ${event.title}`]);
  }
  return [...titlesByBucket].map(([start, titles]) => (
    <ReferenceLine
      key={`event-${start}`}
      x={start}
      yAxisId={yAxisId}
      stroke={MARK_COLOR}
      strokeDasharray="3 3"
      shape={(props: { x1?: number; y1?: number; x2?: number; y2?: number }) => <EventMark {...props} title={titles.join("\n")} />}
    />
  ));
}

function EventMark({ x1, y1, x2, y2, title }: { x1?: number; y1?: number; x2?: number; y2?: number; title: string }) {
  if (x1 === undefined || y1 === undefined || x2 === undefined || y2 === undefined) return <g />;
  const top = Math.min(y1, y2);
  return (
    <g data-testid="timeline-event-mark">
      <title>{title}</title>
      <line x1={x1} y1={y1} x2={x2} y2={y2} stroke={MARK_COLOR} strokeDasharray="3 3" strokeWidth={1} />
      {/* A wider invisible line: a 1 px line is hard to hover. */}
      <line x1={x1} y1={y1} x2={x2} y2={y2} stroke="transparent" strokeWidth={8} />
      <path d={`M${x1 - 5},${top} L${x1 + 5},${top} L${x1},${top + 7} Z`} fill={MARK_COLOR} />
    </g>
  );
}
