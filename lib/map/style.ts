// How features look: claimant colours, circle sizes and cluster labels. Pure, so the canvas layer,
// the legend and the tests agree on one definition.

import type { GroupSummary, MapFeature } from "@/lib/dashboard/types";

export const UNCLAIMED_COLOR = "#9ca3af";
/** Clusters whose claimants the server does not break down (the grid rollup has no claimant). */
export const CLUSTER_COLOR = "#57534e";
/** A claimant slug the page did not pass in `groups` (should not happen): dark, so it is noticed. */
export const UNKNOWN_GROUP_COLOR = "#44403c";
export const SEA_COLOR = "#c9dcea";
export const LAND_COLOR = "#f4f1ea";
export const BORDER_COLOR = "#a8a29e";

/** Group colours come from the database; only plain hex colours reach the canvas and the legend. */
const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

export type ClaimantColors = ReadonlyMap<string, string>;

export function claimantColors(groups: readonly GroupSummary[]): ClaimantColors {
  return new Map(groups.map((group) => [group.slug, HEX_COLOR.test(group.color) ? group.color : UNKNOWN_GROUP_COLOR]));
}

export function colorOfClaimant(colors: ClaimantColors, claimant: string | null): string {
  if (claimant === null) return UNCLAIMED_COLOR;
  return colors.get(claimant) ?? UNKNOWN_GROUP_COLOR;
}

/** Log scale: 2 incidents → 11.5 px, 10 → 15, 100 → 20, 1,000 → 25, 10,000 → 30. */
export function clusterRadius(count: number): number {
  return 10 + 5 * Math.log10(Math.max(1, count));
}

/** Casualties by the upper estimates (unknown = 0): 0 → 5 px, 4 → 8, 25 and more → 14 (capped). */
export function incidentRadius(killedMax: number | null, woundedMax: number | null): number {
  const casualties = (killedMax ?? 0) + (woundedMax ?? 0);
  return Math.min(14, 5 + 1.5 * Math.sqrt(casualties));
}

/** Short enough to fit inside the circle: 999, 1.2k, 12k. */
export function formatClusterCount(count: number): string {
  if (count < 1000) return String(count);
  if (count < 10_000) return `${(Math.floor(count / 100) / 10).toString()}k`;
  return `${Math.floor(count / 1000)}k`;
}

export function featureRadius(feature: MapFeature): number {
  const p = feature.properties;
  return p.kind === "cluster" ? clusterRadius(p.count) : incidentRadius(p.killedMax, p.woundedMax);
}

/**
 * Canvas draws in order, and a click hits the last circle drawn: clusters go below incidents and
 * big circles below small ones, so every circle keeps some clickable area.
 */
export function inDrawingOrder(features: readonly MapFeature[]): MapFeature[] {
  // Keys computed once per feature, not once per comparison.
  const keyed = features.map((feature) => ({ feature, layer: feature.properties.kind === "cluster" ? 0 : 1, radius: featureRadius(feature) }));
  keyed.sort((a, b) => a.layer - b.layer || b.radius - a.radius);
  return keyed.map((k) => k.feature);
}

export type LegendEntry = { key: string; label: string; color: string };

/** Fill colour of a feature: its claimant's; a cluster without one is "several incidents", not "unclaimed". */
export function featureColor(colors: ClaimantColors, feature: MapFeature): string {
  if (feature.properties.kind === "cluster" && feature.properties.claimant === null) return CLUSTER_COLOR;
  return colorOfClaimant(colors, feature.properties.claimant);
}

/** The groups present in the view, in the page's group order, then "Unclaimed", then clusters. */
export function legendEntries(features: readonly MapFeature[], groups: readonly GroupSummary[], colors: ClaimantColors): LegendEntry[] {
  const hasMixedClusters = features.some((f) => f.properties.kind === "cluster" && f.properties.claimant === null);
  const present = new Set(
    features.filter((f) => !(f.properties.kind === "cluster" && f.properties.claimant === null)).map((f) => f.properties.claimant),
  );
  const known = new Set(groups.map((g) => g.slug));
  const entries: LegendEntry[] = groups
    .filter((group) => present.has(group.slug))
    .map((group) => ({ key: group.slug, label: group.name, color: colorOfClaimant(colors, group.slug) }));
  for (const slug of present) {
    if (slug !== null && !known.has(slug)) entries.push({ key: slug, label: slug, color: UNKNOWN_GROUP_COLOR });
  }
  if (present.has(null)) entries.push({ key: "(unclaimed)", label: "Unclaimed", color: UNCLAIMED_COLOR });
  if (hasMixedClusters) entries.push({ key: "(cluster)", label: "Several incidents", color: CLUSTER_COLOR });
  return entries;
}
