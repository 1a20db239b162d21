// Turns a drag across the chart (from one bucket to another) into the inclusive date range the
// filters understand. Pure, so the pointer handling in the component stays thin.

import type { TimelineInterval } from "@/lib/dashboard/types";
import { bucketEndDay } from "./timeline-dates";

export type BrushRange = { from: string; to: string };

/**
 * `from` = first day of the earlier bucket, `to` = last day of the later one, whichever way the user
 * dragged. Null when nothing was selected: the pointer never left its bucket (a plain click) or an
 * index does not name a bucket.
 */
export function brushRange(
  buckets: ReadonlyArray<{ start: string }>,
  interval: TimelineInterval,
  anchorIndex: number,
  releaseIndex: number,
): BrushRange | null {
  if (anchorIndex === releaseIndex) return null;
  const first = buckets[Math.min(anchorIndex, releaseIndex)];
  const last = buckets[Math.max(anchorIndex, releaseIndex)];
  if (!first || !last) return null;
  return { from: first.start, to: bucketEndDay(last.start, interval) };
}
