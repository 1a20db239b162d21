// What hovering (or arrow-keying) onto a bucket shows: its dates, the total, the non-zero series and
// the casualty ranges.

import type { TimelineInterval, TimelineResponse } from "@/lib/dashboard/types";
import { formatRange } from "@/lib/vocabulary";
import { formatBucketLabel } from "./timeline-dates";

type TimelineTooltipProps = {
  bucket: TimelineResponse["buckets"][number];
  series: TimelineResponse["series"];
  interval: TimelineInterval;
};

export function TimelineTooltip({ bucket, series, interval }: TimelineTooltipProps) {
  const counted = series.filter((s) => (bucket.counts[s.key] ?? 0) > 0);
  return (
    <div className="max-w-xs rounded border border-stone-300 bg-white px-3 py-2 text-sm shadow-md">
      <p className="font-semibold">{formatBucketLabel(bucket.start, interval)}</p>
      <p>
        {bucket.total.toLocaleString("en-US")} {bucket.total === 1 ? "incident" : "incidents"}
      </p>
      {counted.length > 0 && (
        <ul className="mt-1 space-y-0.5">
          {counted.map((s) => (
            <li key={s.key} className="flex items-center gap-2">
              <span aria-hidden className="inline-block size-2.5 shrink-0 rounded-sm" style={{ backgroundColor: s.color }} />
              <span className="grow">{s.label}</span>
              <span className="tabular-nums">{bucket.counts[s.key]}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="mt-1 text-stone-700">
        killed {formatRange(bucket.killedMin, bucket.killedMax)} · wounded {formatRange(bucket.woundedMin, bucket.woundedMax)}
      </p>
    </div>
  );
}
