"use client";

import { IncidentMap } from "@/components/map/incident-map";
import { useFilterNavigation } from "@/components/filters/use-filter-navigation";
import type { GroupSummary, SiteSummary } from "@/lib/dashboard/types";
import { toSearchParams } from "@/lib/filters";

/** Connects the map to the URL filter: the map draws what the filter selects and sets its area. */
export function DashboardMap(props: { groups: GroupSummary[]; sites: SiteSummary[]; tileUrl?: string; tileAttribution?: string }) {
  const { filters, update } = useFilterNavigation();
  // The map's requests carry the filter; the searched area travels as `area` (`bbox` is the view).
  const { bbox, ...rest } = filters;
  const params = toSearchParams(rest);
  if (bbox) params.set("area", bbox.join(","));
  return (
    <IncidentMap
      query={params.toString()}
      groups={props.groups}
      sites={props.sites}
      bbox={bbox}
      onSearchArea={(area) => update({ bbox: area })}
      onClearArea={() => update({ bbox: undefined })}
      tileUrl={props.tileUrl}
      tileAttribution={props.tileAttribution}
    />
  );
}
