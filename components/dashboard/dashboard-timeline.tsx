"use client";

import { useFilterNavigation } from "@/components/filters/use-filter-navigation";
import { IncidentTimeline } from "@/components/timeline/incident-timeline";
import type { TimelineResponse } from "@/lib/dashboard/types";

/** Connects the timeline to the URL: its toggles are view parameters, brushing sets from/to. */
export function DashboardTimeline({ data }: { data: TimelineResponse }) {
  const { update, setView, isPending } = useFilterNavigation();
  return (
    <IncidentTimeline
      data={data}
      isPending={isPending}
      onIntervalChange={(interval) => setView({ interval })}
      onGroupByChange={(groupBy) => setView({ groupBy })}
      onBrush={(from, to) => update({ from, to })}
    />
  );
}
