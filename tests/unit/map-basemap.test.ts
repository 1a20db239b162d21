import type { Position } from "geojson";
import { describe, expect, it } from "vitest";
import { getCountryOutlines, unwrapRing } from "@/lib/map/basemap";

const ringsOf = (name: string): Position[][] => {
  const country = getCountryOutlines().features.find((f) => f.properties.name === name);
  if (!country) throw new Error(`${name} is missing`);
  const g = country.geometry;
  return g.type === "Polygon" ? g.coordinates : g.coordinates.flat();
};

const largestLonStep = (ring: Position[]) => Math.max(0, ...ring.slice(1).map((p, i) => Math.abs(p[0]! - ring[i]![0]!)));

describe("unwrapRing", () => {
  it("makes a ring that crosses the antimeridian go the short way round", () => {
    const ring = unwrapRing([[179, 0], [-179, 0], [-179, 1], [179, 1], [179, 0]]);
    expect(ring).toEqual([[179, 0], [181, 0], [181, 1], [179, 1], [179, 0]]);
  });

  it("closes a ring that circles the south pole along the pole", () => {
    const ring = unwrapRing([[-180, -70], [-60, -72], [60, -72], [179, -70]]);
    expect(ring.slice(-3)).toEqual([[179, -90], [-180, -90], [-180, -70]]);
    expect(largestLonStep(ring)).toBeLessThanOrEqual(360); // the pole edge itself is the only long step
  });

  it("leaves ordinary rings as they are", () => {
    const ring = [[40, 30], [45, 30], [45, 35], [40, 30]];
    expect(unwrapRing(ring)).toEqual(ring);
  });
});

describe("country outlines", () => {
  it("has no ring that jumps across the map (the horizontal stripes)", () => {
    const outlines = getCountryOutlines();
    expect(outlines.features.length).toBeGreaterThan(150);
    for (const country of outlines.features) {
      const g = country.geometry;
      const rings = g.type === "Polygon" ? g.coordinates : g.coordinates.flat();
      for (const ring of rings) {
        // Steps along a pole edge are the only long ones; everything else is a short coastline step.
        const off = ring.filter((p, i) => i > 0 && Math.abs(p[0]! - ring[i - 1]![0]!) > 180 && Math.abs(p[1]!) !== 90 && Math.abs(ring[i - 1]![1]!) !== 90);
        expect(off, country.properties.name).toEqual([]);
      }
    }
  });

  it("fixes the countries that cross the antimeridian", () => {
    for (const name of ["Russia", "Fiji"]) {
      for (const ring of ringsOf(name)) expect(largestLonStep(ring), name).toBeLessThan(180);
    }
    const antarctica = ringsOf("Antarctica").flat();
    expect(antarctica.some((p) => p[1] === -90)).toBe(true);
  });

  it("contains Iraq, Syria and Jordan where they are", () => {
    const iraq = ringsOf("Iraq").flat();
    const lons = iraq.map((p) => p[0]!);
    const lats = iraq.map((p) => p[1]!);
    expect(Math.min(...lons)).toBeCloseTo(38.8, 0);
    expect(Math.max(...lons)).toBeCloseTo(48.5, 0);
    expect(Math.min(...lats)).toBeCloseTo(29.1, 0);
    expect(Math.max(...lats)).toBeCloseTo(37.4, 0);
    expect(ringsOf("Syria").length).toBeGreaterThan(0);
    expect(ringsOf("Jordan").length).toBeGreaterThan(0);
  });

  it("is converted once", () => {
    expect(getCountryOutlines()).toBe(getCountryOutlines());
  });
});
