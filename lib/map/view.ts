// The map's view as the API sees it: a clamped, rounded bbox and the /api/map request URL.
// Plain numbers in and out (no Leaflet), so it is unit-tested and safe to import anywhere.

import type { BBox } from "@/lib/filters";

/** Iraq, Syria and Jordan: the view the map opens on when no area is filtered. */
export const DEFAULT_REGION: BBox = [35, 29, 49, 38];

/** Web Mercator ends near ±85°; the API accepts ±90, but a box past the projection means nothing. */
const MAX_LAT = 85;
const MAX_LON = 180;

export type ViewEdges = { west: number; south: number; east: number; north: number };

const clamp = (n: number, limit: number) => Math.min(limit, Math.max(-limit, n));
/** Four decimals (~11 m), as lib/filters.ts writes a bbox: short URLs, stable cache keys. */
const round4 = (n: number) => Math.round(n * 1e4) / 1e4;

/** The visible edges as a BBox the API accepts: longitudes within ±180, latitudes within ±85. */
export function toViewBBox({ west, south, east, north }: ViewEdges): BBox {
  return [round4(clamp(west, MAX_LON)), round4(clamp(south, MAX_LAT)), round4(clamp(east, MAX_LON)), round4(clamp(north, MAX_LAT))];
}

/** GET /api/map for a view: the filter query (without bbox) plus the view's bbox and integer zoom. */
export function mapRequestUrl(query: string, bbox: BBox, zoom: number): string {
  const params = new URLSearchParams(query.replace(/^\?/, ""));
  params.delete("bbox"); // the view decides the box; a filter bbox is drawn, not fetched
  params.set("bbox", bbox.join(","));
  params.set("zoom", String(Math.round(zoom)));
  return `/api/map?${params.toString()}`;
}

/** Leaflet's [[south, west], [north, east]]. A box across the antimeridian is drawn past 180°. */
export function bboxToLatLngBounds([west, south, east, north]: BBox): [[number, number], [number, number]] {
  return [
    [south, west],
    [north, east < west ? east + 360 : east],
  ];
}
