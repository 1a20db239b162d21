// The map's own panes, bottom to top (Leaflet's: tiles 200, overlays 400, markers 600, tooltips
// 650, popups 700). Target sites sit BELOW the incident canvas: a point or a cluster at a site is
// drawn over its diamond and takes the click; a click that hits no circle falls through to the map,
// which opens the site under it (leaflet-map.tsx).

import type { Map as LeafletMap } from "leaflet";

export const BASEMAP_PANE = "basemap";
export const FILTER_AREA_PANE = "filter-area";
export const SITES_PANE = "sites";
export const INCIDENTS_PANE = "incidents";

export const PANE_Z_INDEX = {
  [BASEMAP_PANE]: 250,
  [FILTER_AREA_PANE]: 350,
  [SITES_PANE]: 420,
  [INCIDENTS_PANE]: 450,
} as const;

/** Creates one of these panes on first use (idempotent: React may run effects twice). */
export function ensurePane(map: LeafletMap, name: keyof typeof PANE_Z_INDEX): HTMLElement {
  const pane = map.getPane(name) ?? map.createPane(name);
  pane.style.zIndex = String(PANE_Z_INDEX[name]);
  return pane;
}
