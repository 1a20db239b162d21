"use client";

import { useSearchParams } from "next/navigation";
import { IncidentMap } from "@/components/map/incident-map";
import { useFilterNavigation } from "@/components/filters/use-filter-navigation";
import type { GroupSummary, SiteSummary } from "@/lib/dashboard/types";
import { type IncidentFilters, toSearchParams } from "@/lib/filters";

/**
 * Connects the map to the filter: it draws what the filter selects and sets its area. The filter
 * comes from the page, already checked on the server (unknown groups or sites removed), so the
 * map's own requests never carry a parameter the API would refuse. The map colours what it draws as
 * the timeline stacks it: by claimant, or by attack type when the page's `groupBy` is `type`.
 */
export function DashboardMap(props: {
  filters: IncidentFilters;
  groups: GroupSummary[];
  sites: SiteSummary[];
  tileUrl?: string;
  tileAttribution?: string;
}) {
  const { replaceAll } = useFilterNavigation();
  const colorBy = useSearchParams().get("groupBy") === "type" ? "type" : "claimant";
  // The map's requests carry the filter; the searched area travels as `area` (`bbox` is the view).
  const { bbox, ...rest } = props.filters;
  const params = toSearchParams(rest);
  if (bbox) params.set("area", bbox.join(","));
  return (
    <IncidentMap
      query={params.toString()}
      groups={props.groups}
      sites={props.sites}
      colorBy={colorBy}
      bbox={bbox}
      onSearchArea={(area) => replaceAll({ ...props.filters, bbox: area })}
      onClearArea={() => replaceAll({ ...props.filters, bbox: undefined })}
      tileUrl={props.tileUrl}
      tileAttribution={props.tileAttribution}
    />
  );
}
