// The offline basemap: Natural Earth country outlines (world-atlas, 1:110m) as GeoJSON for Leaflet.
// Imported only by the map's lazy chunk, so the 108 KB of TopoJSON never reaches other pages.

import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from "geojson";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import countries110m from "world-atlas/countries-110m.json";

export type CountryProperties = { name: string };
export type CountryOutlines = FeatureCollection<Polygon | MultiPolygon, CountryProperties>;

/**
 * world-atlas stitches polygons that Natural Earth cut at ±180°, so a ring may jump from 179° to
 * -179°. Leaflet draws such a step as a line across the whole map. Unwrapping makes every step the
 * short way round (the ring may then reach past 180°, which Leaflet draws correctly); a ring that
 * still does not close went round a pole (Antarctica), so it is closed along that pole's edge.
 */
export function unwrapRing(ring: readonly Position[]): Position[] {
  const first = ring[0];
  if (!first) return [];
  const unwrapped: Position[] = [[first[0]!, first[1]!]];
  let previousLon = first[0]!;
  for (const point of ring.slice(1)) {
    let lon = point[0]!;
    while (lon - previousLon > 180) lon -= 360;
    while (lon - previousLon < -180) lon += 360;
    unwrapped.push([lon, point[1]!]);
    previousLon = lon;
  }

  const last = unwrapped[unwrapped.length - 1]!;
  const drift = last[0]! - first[0]!;
  if (Math.abs(drift) < 180) return unwrapped;

  // Round a pole: walk along it back to the start and close the ring there.
  const meanLat = unwrapped.reduce((sum, p) => sum + p[1]!, 0) / unwrapped.length;
  const poleLat = meanLat < 0 ? -90 : 90;
  return [...unwrapped, [last[0]!, poleLat], [first[0]!, poleLat], [first[0]!, first[1]!]];
}

function unwrapGeometry(geometry: Polygon | MultiPolygon): Polygon | MultiPolygon {
  if (geometry.type === "Polygon") return { type: "Polygon", coordinates: geometry.coordinates.map(unwrapRing) };
  return { type: "MultiPolygon", coordinates: geometry.coordinates.map((polygon) => polygon.map(unwrapRing)) };
}

type CountriesTopology = Topology<{ countries: GeometryCollection<CountryProperties> }>;

/** Converts world-atlas countries TopoJSON into Leaflet-ready outlines (pure; exported for tests). */
export function toCountryOutlines(topology: CountriesTopology): CountryOutlines {
  const collection = feature(topology, topology.objects.countries) as FeatureCollection<Polygon | MultiPolygon, CountryProperties>;
  return {
    type: "FeatureCollection",
    features: collection.features
      // A few Natural Earth entries have no geometry at 1:110m.
      .filter((country): country is Feature<Polygon | MultiPolygon, CountryProperties> => country.geometry != null)
      .map((country) => ({ ...country, geometry: unwrapGeometry(country.geometry) })),
  };
}

let cachedOutlines: CountryOutlines | undefined;

/** The country outlines, converted once on first use. */
export function getCountryOutlines(): CountryOutlines {
  cachedOutlines ??= toCountryOutlines(countries110m as unknown as CountriesTopology);
  return cachedOutlines;
}
