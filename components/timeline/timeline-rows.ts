// The flat rows Recharts draws from, one per bucket.

import type { TimelineResponse } from "@/lib/dashboard/types";

type Bucket = TimelineResponse["buckets"][number];

/** Indexed keys, not series slugs: a slug such as "total" or "a.b" could clash with a field or be read as a path. */
export type TimelineRow = {
  /** Category value of the X axis; unique per bucket. */
  start: string;
  killedMax: number;
  woundedMax: number;
  [seriesKey: `s${number}`]: number;
};

export function seriesDataKey(seriesIndex: number): `s${number}` {
  return `s${seriesIndex}`;
}

export function toTimelineRows(data: TimelineResponse): TimelineRow[] {
  return data.buckets.map((bucket) => {
    const row: TimelineRow = { start: bucket.start, killedMax: bucket.killedMax, woundedMax: bucket.woundedMax };
    data.series.forEach((series, index) => {
      row[seriesDataKey(index)] = bucket.counts[series.key] ?? 0;
    });
    return row;
  });
}

export function sumTotals(buckets: ReadonlyArray<Pick<Bucket, "total">>): number {
  return buckets.reduce((sum, bucket) => sum + bucket.total, 0);
}
