// A handle for browser tests. Canvas circles are not DOM elements, so a Playwright test cannot
// click one by selector; instead it reads the drawn features and asks Leaflet where one is:
//
//   const point = await page.evaluate(() => {
//     const { map, features } = window.__incidentMap!;
//     const f = features.find((f) => f.properties.kind === "incident")!;
//     const [lon, lat] = f.geometry.coordinates;
//     const p = map.latLngToContainerPoint([lat, lon]);   // relative to .leaflet-container
//     return { x: p.x, y: p.y };
//   });
//   const box = (await page.locator('[data-testid="incident-map"] .leaflet-container').boundingBox())!;
//   await page.mouse.click(box.x + point.x, box.y + point.y);
//
// A click hits the topmost circle there (incidents above clusters, small above big). `features` are
// the circles drawn: a group of overlapping incidents is one "cluster" feature, and `groups` gives,
// by index, its number of incidents and whether they share one point (a list) or split on zooming.
// Only what the page shows anyway is exposed.

import type { Map as LeafletMap } from "leaflet";
import type { MapFeature } from "@/lib/map/features";
import type { PointGroup } from "@/lib/map/point-clusters";

type GroupSummary = { size: number; samePoint: boolean } | null;
export type IncidentMapTestHandle = { map: LeafletMap; features: readonly MapFeature[]; groups: readonly GroupSummary[] };

declare global {
  interface Window {
    __incidentMap?: IncidentMapTestHandle;
  }
}

/** Publishes the handle; the returned function withdraws it (when the features or the map change). */
export function exposeForTests(map: LeafletMap, features: readonly MapFeature[], groupOf: ReadonlyMap<MapFeature, PointGroup>): () => void {
  const groups = features.map((f) => {
    const group = groupOf.get(f);
    return group ? { size: group.incidents.length, samePoint: group.expansionZoom === null } : null;
  });
  const handle: IncidentMapTestHandle = { map, features, groups };
  window.__incidentMap = handle;
  return () => {
    if (window.__incidentMap === handle) delete window.__incidentMap;
  };
}
