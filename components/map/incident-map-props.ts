import type { GroupSummary, SiteSummary } from "@/lib/dashboard/types";
import type { BBox } from "@/lib/filters";
import type { ColorBy } from "@/lib/map/style";

export type IncidentMapProps = {
  /** Current filter as a query string WITHOUT bbox, e.g. "from=2024-01-01&claimant=kataib-hezbollah" ("" = none). Appended to every /api/map request; a change refetches. */
  query: string;
  /** Colours and legend names; a feature's `claimant` is one of these slugs or null. */
  groups: GroupSummary[];
  /** The target-site layer; each site's popup gives its incidentCount. */
  sites: SiteSummary[];
  /** What the colours stand for: the claimant (default) or, as the timeline stacks them, the attack type. */
  colorBy?: ColorBy;
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
export const MAP_FRAME_CLASS = "relative h-[32rem] w-full min-w-0 overflow-hidden rounded border border-stone-300";
