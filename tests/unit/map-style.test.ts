import { describe, expect, it } from "vitest";
import type { GroupSummary } from "@/lib/dashboard/types";
import type { ClusterProperties, MapFeature } from "@/lib/map/features";
import { summarizeIncident, type IncidentProperties } from "@/lib/map/incident-summary";
import {
  claimantColors,
  clusterRadius,
  colorOfClaimant,
  formatClusterCount,
  inDrawingOrder,
  incidentRadius,
  legendEntries,
  UNCLAIMED_COLOR,
  UNKNOWN_GROUP_COLOR,
} from "@/lib/map/style";

const group = (slug: string, name: string, color: string): GroupSummary => ({ slug, name, color, nameAr: null, aliases: [], parentSlug: null });
const groups = [group("kataib-hezbollah", "Kata'ib Hezbollah", "#b91c1c"), group("nujaba", "Harakat al-Nujaba", "#15803d"), group("bad", "Bad colour", "red;background:url(x)")];

const incident = (over: Partial<IncidentProperties> = {}): IncidentProperties => ({
  kind: "incident", id: "abc", reference: "IQ-2024-0001", occurredOn: "2024-01-28", locationName: "Tower 22", attackType: "ONE_WAY_DRONE",
  claimant: null, claimantName: null, killedMin: null, killedMax: null, woundedMin: null, woundedMax: null, geoPrecision: "EXACT", siteSlug: null, siteName: null, ...over,
});
const at = (properties: MapFeature["properties"]): MapFeature => ({ type: "Feature", geometry: { type: "Point", coordinates: [44, 33] }, properties });
const cluster = (count: number, claimant: string | null, over: Partial<ClusterProperties> = {}) =>
  at({ kind: "cluster", count, killedMax: 0, woundedMax: 0, claimant, claimantShare: 1, attackType: "ROCKET", attackTypeShare: 1, sampled: count, ...over });

describe("colours", () => {
  const colors = claimantColors(groups);
  it("uses the group's colour, grey when unclaimed, and never an unsafe colour string", () => {
    expect(colorOfClaimant(colors, "nujaba")).toBe("#15803d");
    expect(colorOfClaimant(colors, null)).toBe(UNCLAIMED_COLOR);
    expect(colorOfClaimant(colors, "bad")).toBe(UNKNOWN_GROUP_COLOR);
    expect(colorOfClaimant(colors, "not-passed")).toBe(UNKNOWN_GROUP_COLOR);
  });

  it("lists the groups in view in the page's order, then Unclaimed; clusters count by their dominant claimant", () => {
    const entries = legendEntries([cluster(3, "nujaba"), cluster(2, "kataib-hezbollah"), cluster(4, null)], groups, colors);
    // A cluster whose most frequent claimant is none is "Unclaimed": no grey "several incidents" any more.
    expect(entries.map((e) => e.label)).toEqual(["Kata'ib Hezbollah", "Harakat al-Nujaba", "Unclaimed"]);
    expect(legendEntries([at(incident())], groups, colors).map((e) => e.label)).toEqual(["Unclaimed"]);
  });
});

describe("sizes", () => {
  it("grows clusters on a log scale and incidents with casualties, within bounds", () => {
    expect(clusterRadius(10)).toBeLessThan(clusterRadius(100));
    expect(clusterRadius(100_000)).toBeLessThanOrEqual(35);
    // At least 7 px: the weapon letter fits inside, a finger finds it.
    expect(incidentRadius(null, null)).toBe(7);
    expect(incidentRadius(2, 2)).toBe(10);
    expect(incidentRadius(500, 500)).toBe(15);
  });

  it("shortens big cluster counts", () => {
    expect([999, 1234, 9999, 12_345].map(formatClusterCount)).toEqual(["999", "1.2k", "9.9k", "12k"]);
  });

  it("draws clusters first and small circles last, so the small ones stay clickable", () => {
    const small = at(incident({ id: "small" }));
    const big = at(incident({ id: "big", killedMax: 20 }));
    const ordered = inDrawingOrder([small, cluster(5, null), big, cluster(500, null)]);
    expect(ordered.map((f) => (f.properties.kind === "cluster" ? f.properties.count : f.properties.id))).toEqual([500, 5, "big", "small"]);
  });
});

describe("summarizeIncident", () => {
  it("writes ranges, labels and the link; unknown is not zero", () => {
    const s = summarizeIncident(incident({ killedMin: 0, killedMax: 0, woundedMin: 2, woundedMax: 5 }), groups);
    expect(s).toMatchObject({ date: "2024-01-28", attackType: "One-way drone", claimant: "Unclaimed", killed: "0", wounded: "2–5", href: "/incidents/abc" });
    expect(summarizeIncident(incident(), groups)).toMatchObject({ killed: "unknown", wounded: "unknown" });
  });

  it("names the claimant from the feature, else from the groups", () => {
    expect(summarizeIncident(incident({ claimant: "nujaba", claimantName: "Nujaba (as claimed)" }), groups).claimant).toBe("Nujaba (as claimed)");
    expect(summarizeIncident(incident({ claimant: "nujaba" }), groups).claimant).toBe("Harakat al-Nujaba");
  });

  it("keeps markup in a place name as plain text and escapes the id in the link", () => {
    const s = summarizeIncident(incident({ id: "a/b?c", locationName: "<script>alert(1)</script>" }), groups);
    expect(s.place).toBe("<script>alert(1)</script>");
    expect(s.href).toBe("/incidents/a%2Fb%3Fc");
  });
});
