"use client";

// The keyboard and touch way to do what dragging across the chart does: choose the first and the
// last bucket from two lists and apply. One bucket is a range too (from its first day to its last).

import { useId, useState } from "react";
import type { TimelineInterval } from "@/lib/dashboard/types";
import { bucketEndDay, formatBucketLabel } from "./timeline-dates";

type RangePickerProps = {
  buckets: ReadonlyArray<{ start: string }>;
  interval: TimelineInterval;
  onApply(from: string, to: string): void;
};

export function TimelineRangePicker({ buckets, interval, onApply }: RangePickerProps) {
  const id = useId();
  const [firstIndex, setFirstIndex] = useState(0);
  const [lastIndex, setLastIndex] = useState(buckets.length - 1);
  // The lists follow the buckets: after a new filter, an index past the end means the last one.
  const first = Math.min(firstIndex, buckets.length - 1);
  const last = Math.min(lastIndex, buckets.length - 1);
  const apply = () => {
    const from = buckets[Math.min(first, last)];
    const to = buckets[Math.max(first, last)];
    if (from && to) onApply(from.start, bucketEndDay(to.start, interval));
  };
  const options = buckets.map((bucket, index) => (
    <option key={bucket.start} value={index}>
      {formatBucketLabel(bucket.start, interval)}
    </option>
  ));
  const select = "rounded border border-stone-300 bg-white px-2 py-1.5 text-sm";
  return (
    <details className="mt-2 text-sm" data-testid="timeline-range-picker">
      <summary className="cursor-pointer text-stone-700">Choose a date range without dragging</summary>
      <div className="mt-2 flex flex-wrap items-end gap-2">
        <label className="flex flex-col gap-1" htmlFor={`${id}-first`}>
          <span className="text-xs font-semibold text-stone-600">From the {interval} of</span>
          <select id={`${id}-first`} className={select} value={first} onChange={(e) => setFirstIndex(Number(e.target.value))}>
            {options}
          </select>
        </label>
        <label className="flex flex-col gap-1" htmlFor={`${id}-last`}>
          <span className="text-xs font-semibold text-stone-600">to the {interval} of</span>
          <select id={`${id}-last`} className={select} value={last} onChange={(e) => setLastIndex(Number(e.target.value))}>
            {options}
          </select>
        </label>
        <button type="button" onClick={apply} className="rounded bg-stone-900 px-3 py-1.5 font-semibold text-white hover:bg-stone-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700">
          Apply this range
        </button>
      </div>
    </details>
  );
}
