import { describe, expect, it } from "vitest";
import type { GroupSummary, SiteSummary } from "@/lib/dashboard/types";
import type { ClusterProperties, IncidentProperties, MapFeature } from "@/lib/map/features";
import { precisionText, summarizeIncident, summarizeSite } from "@/lib/map/incident-summary";
import { groupOverlappingPoints } from "@/lib/map/point-clusters";
import { nearestWithin } from "@/lib/map/site-hit";
import {
  ATTACK_TYPE_COLORS,
  attackTypeLetter,
  claimantColors,
  featureColor,
  featureShare,
  legendEntries,
  precisionHalos,
  UNCLAIMED_COLOR,
  WEAPON_KEY,
} from "@/lib/map/style";

// What the map draws for the analysts' issue "the map shows every incident": clusters coloured by
// what is in them, weapons on the points, imprecise places as halos, sites that do not take clicks
// meant for points.

const group = (slug: string, name: string, color: string): GroupSummary => ({ slug, name, color, nameAr: null, aliases: [], parentSlug: null });
const groups = [group("kataib-hezbollah", "Kata'ib Hezbollah", "#b91c1c"), group("nujaba", "Harakat al-Nujaba", "#15803d")];
const colors = claimantColors(groups);

const point = (lon: number, lat: number, properties: MapFeature["properties"]): MapFeature => ({ type: "Feature", geometry: { type: "Point", coordinates: [lon, lat] }, properties });
const incident = (over: Partial<IncidentProperties> = {}): IncidentProperties => ({
  kind: "incident", id: "abc", reference: "IQ-2024-0001", occurredOn: "2024-01-28", locationName: "Near Erbil", attackType: "ROCKET",
  claimant: null, claimantName: null, killedMin: null, killedMax: null, woundedMin: null, woundedMax: null, geoPrecision: "EXACT", siteSlug: null, siteName: null, ...over,
});
const cluster = (over: Partial<ClusterProperties> = {}): ClusterProperties => ({
  kind: "cluster", count: 40, killedMax: 0, woundedMax: 0, claimant: "nujaba", claimantShare: 0.6, attackType: "MORTAR", attackTypeShare: 0.3, sampled: 40, ...over,
});

describe("cluster colours", () => {
  it("takes the colour of the cluster's most frequent claimant, the one the legend shows, not a grey 'several incidents'", () => {
    const c = point(44, 33, cluster());
    expect(featureColor(colors, c)).toBe("#15803d");
    expect(featureShare(c)).toBe(0.6);
    expect(legendEntries([c], groups, colors)).toEqual([{ key: "nujaba", label: "Harakat al-Nujaba", color: "#15803d" }]);
    // Mostly unclaimed: the unclaimed grey, named as such.
    expect(featureColor(colors, point(44, 33, cluster({ claimant: null })))).toBe(UNCLAIMED_COLOR);
  });

  it("takes its most frequent attack type's colour (the timeline's) when the timeline stacks by type", () => {
    const c = point(44, 33, cluster());
    expect(featureColor(colors, c, "type")).toBe(ATTACK_TYPE_COLORS.MORTAR);
    expect(featureShare(c, "type")).toBe(0.3);
    expect(featureColor(colors, point(44, 33, incident({ attackType: "IED", claimant: "nujaba" })), "type")).toBe(ATTACK_TYPE_COLORS.IED);
    expect(legendEntries([c, point(1, 1, incident({ attackType: "ONE_WAY_DRONE" }))], groups, colors, "type").map((e) => e.label)).toEqual([
      "One-way drone",
      "Mortar",
    ]);
  });
});

describe("weapons on the points", () => {
  it("gives every attack type its own letter, and the legend explains each", () => {
    const letters = Object.keys(ATTACK_TYPE_COLORS).map(attackTypeLetter);
    expect(new Set(letters).size).toBe(letters.length);
    expect(attackTypeLetter("ONE_WAY_DRONE")).toBe("D");
    expect(attackTypeLetter("NOT_A_TYPE")).toBe("?");
    expect(WEAPON_KEY).toContainEqual({ letter: "B", label: "Ballistic missile" });
  });
});

describe("imprecise places", () => {
  it("draws a halo sized to the precision around imprecise incidents, none around exact ones", () => {
    const features = [
      point(44, 36, incident({ id: "exact" })),
      point(44.1, 36.1, incident({ id: "near", geoPrecision: "NEAR" })),
      point(43, 35, incident({ id: "district", geoPrecision: "DISTRICT" })),
      point(44, 33, incident({ id: "province", geoPrecision: "PROVINCE", claimant: "kataib-hezbollah" })),
      point(43.7, 33, incident({ id: "country", geoPrecision: "COUNTRY" })),
      point(43.7, 33, cluster()), // clusters are mixed: no halo
    ];
    const halos = precisionHalos(features, colors);
    // Biggest first, so the smaller ones stay visible over it.
    expect(halos.map((h) => h.radiusM)).toEqual([300_000, 120_000, 40_000, 25_000]);
    expect(halos[1]).toEqual({ lat: 33, lon: 44, radiusM: 120_000, color: "#b91c1c" });
  });

  it("draws one halo for many incidents at one province centre (stacked halos would turn opaque)", () => {
    const same = Array.from({ length: 50 }, (_, i) => point(44, 33, incident({ id: String(i), geoPrecision: "PROVINCE" })));
    expect(precisionHalos(same, colors)).toHaveLength(1);
  });

  it("says the precision in the popup: a province centre is not an exact dot", () => {
    expect(summarizeIncident(incident({ geoPrecision: "PROVINCE" }), groups).precision).toBe("Province only: the point is its centre (shown as a 120 km circle)");
    expect(summarizeIncident(incident(), groups).precision).toBe("Exact site");
    expect(precisionText("NEAR")).toBe("Near (within about 25 km)");
    expect(precisionText("COUNTRY")).toContain("300 km");
  });
});

describe("target sites", () => {
  const site = (slug: string, incidentCount: number): SiteSummary => ({
    slug, name: slug === "harir" ? "Harir Air Base" : slug, nameAr: null, country: "IQ", admin1: null, lat: 36.54, lon: 44.35, type: "MILITARY_BASE",
    coordinatesApproximate: false, incidentCount,
  });

  it("gives a site's own count in its popup", () => {
    expect(summarizeSite(site("harir", 1))).toEqual({ slug: "harir", name: "Harir Air Base", attacks: "1 attack matching the filters", type: "Military base", note: null });
    expect(summarizeSite({ ...site("x", 1234), coordinatesApproximate: true })).toMatchObject({ attacks: "1,234 attacks matching the filters", note: "Coordinates approximate" });
  });

  it("opens the site nearest a click on empty map, only within reach of its diamond", () => {
    const sites = [{ id: "a", x: 100, y: 100 }, { id: "b", x: 110, y: 100 }, { id: "c", x: 300, y: 300 }];
    const at = (s: { x: number; y: number }) => s;
    expect(nearestWithin(sites, at, { x: 107, y: 101 })?.id).toBe("b");
    expect(nearestWithin(sites, at, { x: 98, y: 100 })?.id).toBe("a");
    expect(nearestWithin(sites, at, { x: 200, y: 200 })).toBeNull();
    expect(nearestWithin([], at, { x: 0, y: 0 })).toBeNull();
  });
});

describe("incidents that would overlap on the map", () => {
  const at = (lon: number, lat: number, over: Partial<IncidentProperties>) => point(lon, lat, incident(over));
  const MAX = 18;

  it("at one same point become one numbered group that never splits, coloured by its most frequent claimant, listing all in the order sent", () => {
    const features = [
      at(40.9, 34.4, { id: "a", claimant: "nujaba", attackType: "ROCKET" }),
      at(40.9, 34.4, { id: "b", claimant: "kataib-hezbollah", attackType: "ONE_WAY_DRONE" }),
      at(40.9, 34.4, { id: "c", claimant: "nujaba", attackType: "ONE_WAY_DRONE" }),
      at(44.0, 36.2, { id: "lone" }),
      point(46, 30, cluster()),
    ];
    for (const zoom of [5, 12, MAX]) {
      const { features: drawn, groupOf } = groupOverlappingPoints(features, zoom, MAX);
      expect(drawn).toHaveLength(3);
      const [grouped] = drawn.filter((f) => groupOf.has(f));
      expect(grouped!.geometry.coordinates).toEqual([40.9, 34.4]);
      expect(grouped!.properties).toMatchObject({ kind: "cluster", count: 3, claimant: "nujaba", attackType: "ONE_WAY_DRONE" });
      expect(featureShare(grouped!)).toBeCloseTo(2 / 3);
      expect(featureColor(colors, grouped!)).toBe("#15803d");
      const group = groupOf.get(grouped!)!;
      expect(group.incidents.map((m) => m.id)).toEqual(["a", "b", "c"]);
      expect(group.expansionZoom).toBeNull();
      // The lone incident and the server's cluster are drawn as they came.
      expect(drawn.filter((f) => !groupOf.has(f)).map((f) => f.properties.kind).sort()).toEqual(["cluster", "incident"]);
    }
  });

  it("a few km apart are one group at a regional zoom that splits when zoomed in, and two separate circles there", () => {
    const features = [at(42.44, 33.78, { id: "x", claimant: null, killedMax: 2 }), at(42.47, 33.80, { id: "y", claimant: "kataib-hezbollah", killedMax: 3, woundedMax: 4 })];
    const regional = groupOverlappingPoints(features, 6, MAX);
    expect(regional.features).toHaveLength(1);
    const group = regional.groupOf.get(regional.features[0]!)!;
    expect(group.expansionZoom).toBeGreaterThan(6);
    // A tie of claimants goes to a group before "unclaimed"; casualties add up.
    expect(regional.features[0]!.properties).toMatchObject({ count: 2, claimant: "kataib-hezbollah", claimantShare: 0.5, killedMax: 5, woundedMax: 4 });
    const close = groupOverlappingPoints(features, group.expansionZoom!, MAX);
    expect(close.features).toHaveLength(2);
    expect(close.groupOf.size).toBe(0);
  });
});
