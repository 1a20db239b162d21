// Which country a point lies in, by the world-atlas outlines the maps draw (Natural Earth 1:110m),
// and whether it contradicts the country an incident names. The form warns as the editor clicks
// or types; the server action checks again before it saves. No server-only: both use it.
//
// The test is a hand-written even-odd ray cast on longitude/latitude rings: no point-in-polygon
// library is among our dependencies, and the region (Iraq, Syria, Jordan and their neighbours) is
// far from the poles and the antimeridian, where treating degrees as a plane would go wrong.

import type { MultiPolygon, Polygon, Position } from "geojson";
import { COUNTRY_NAMES } from "@/lib/vocabulary";
import { getCountryOutlines } from "./basemap";

/** world-atlas names countries by ISO 3166-1 numeric code; ours by the alpha-2 code. */
const ATLAS_ID_OF_COUNTRY: Record<string, string> = { IQ: "368", SY: "760", JO: "400" };

/**
 * At 1:110m a border is only good to several kilometres (Tower 22 sits about 1 km from the Syrian
 * border), so a point this close outside the named country's outline is not called a mismatch.
 */
export const BORDER_TOLERANCE_KM = 15;

const EARTH_RADIUS_KM = 6371;
const KM_PER_DEGREE = (Math.PI / 180) * EARTH_RADIUS_KM;

/** Great-circle distance in km (haversine). */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

function ringContains(ring: readonly Position[], lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const polygonsOf = (geometry: Polygon | MultiPolygon) => (geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates);

/** Inside the outer ring and outside every hole. */
function geometryContains(geometry: Polygon | MultiPolygon, lon: number, lat: number): boolean {
  return polygonsOf(geometry).some(([outer, ...holes]) => !!outer && ringContains(outer, lon, lat) && !holes.some((hole) => ringContains(hole, lon, lat)));
}

/** Shortest distance in km from the point to the outline's edges (locally flat: fine for tens of km). */
function distanceToOutlineKm(geometry: Polygon | MultiPolygon, lon: number, lat: number): number {
  const xScale = Math.cos((lat * Math.PI) / 180);
  let best = Infinity;
  for (const ring of polygonsOf(geometry).flat()) {
    for (let i = 1; i < ring.length; i++) {
      const [ax, ay] = [(ring[i - 1]![0]! - lon) * xScale, ring[i - 1]![1]! - lat];
      const [bx, by] = [(ring[i]![0]! - lon) * xScale, ring[i]![1]! - lat];
      const [dx, dy] = [bx - ax, by - ay];
      const t = dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy)));
      best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
    }
  }
  return best * KM_PER_DEGREE;
}

/** The atlas's name of the country the point lies in ("Iraq", "Saudi Arabia"), or null at sea. */
export function countryNameAt(lat: number, lon: number): string | null {
  const country = getCountryOutlines().features.find((f) => geometryContains(f.geometry, lon, lat));
  return country?.properties.name ?? null;
}

/**
 * The warning for a point outside the country the incident names, or null when it lies inside
 * (or within BORDER_TOLERANCE_KM of its border): "This point is in Iraq; the country says Jordan."
 */
export function countryMismatch(lat: number, lon: number, country: string): { message: string; pointCountry: string | null } | null {
  const atlasId = ATLAS_ID_OF_COUNTRY[country];
  const outline = atlasId ? getCountryOutlines().features.find((f) => String(f.id) === atlasId) : undefined;
  if (!outline || !Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  if (geometryContains(outline.geometry, lon, lat) || distanceToOutlineKm(outline.geometry, lon, lat) <= BORDER_TOLERANCE_KM) return null;
  const pointCountry = countryNameAt(lat, lon);
  const where = pointCountry ? `in ${pointCountry}` : "not in any country (at sea)";
  return { message: `This point is ${where}; the country says ${COUNTRY_NAMES[country]}.`, pointCountry };
}

/** Our code for an atlas country name, when it is one of ours ("Iraq" → "IQ"). */
export function countryCodeOfName(name: string | null): string | null {
  return Object.entries(COUNTRY_NAMES).find(([, n]) => n === name)?.[0] ?? null;
}
