import type { GroupSummary, SiteSummary } from "@/lib/dashboard/types";
import type { BBox } from "@/lib/filters";

export type IncidentMapProps = {
  /** Current filter as a query string WITHOUT bbox, e.g. "from=2024-01-01&claimant=kataib-hezbollah" ("" = none). Appended to every /api/map request; a change refetches. */
  query: string;
  /** Colours and legend names; a feature's `claimant` is one of these slugs or null. */
  groups: GroupSummary[];
  /** The target-site layer, labelled with each site's incidentCount. */
  sites: SiteSummary[];
  /** The filter's area: drawn as a dashed rectangle; the initial view fits it. */
  bbox?: BBox;
  /** "Search this area": called with the current view's bounds (clamped, rounded). */
  onSearchArea(bbox: BBox): void;
  /** "Clear area", shown while `bbox` is set. */
  onClearArea(): void;
  /** Optional tile layer, drawn only when given (the app itself is offline: no tiles by default). */
  tileUrl?: string;
  tileAttribution?: string;
};

/** One size for the map and its loading placeholder, so nothing jumps when the chunk arrives. */
export const MAP_FRAME_CLASS = "relative h-[32rem] w-full overflow-hidden rounded border border-stone-300";
