"use client";

import { useFilterNavigation } from "@/components/filters/use-filter-navigation";
import type { TimelineEventMark } from "@/components/timeline/event-marks";
import { IncidentTimeline } from "@/components/timeline/incident-timeline";
import type { TimelineResponse } from "@/lib/dashboard/types";

/** Connects the timeline to the URL: its toggles are view parameters, brushing sets from/to. */
export function DashboardTimeline({ data, events }: { data: TimelineResponse; events?: readonly TimelineEventMark[] }) {
  const { update, setView, isPending } = useFilterNavigation();
  return (
    <IncidentTimeline
      data={data}
      events={events}
      isPending={isPending}
      onIntervalChange={(interval) => setView({ interval })}
      onGroupByChange={(groupBy) => setView({ groupBy })}
      onBrush={(from, to) => update({ from, to })}
    />
  );
}
