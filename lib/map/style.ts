// How features look: claimant or attack-type colours, circle sizes, weapon letters, precision halos
// and cluster labels. Pure, so the canvas layer, the legend and the tests agree on one definition.

import type { AttackTypeCode, GroupSummary } from "@/lib/dashboard/types";
import { ATTACK_TYPE_LABELS } from "@/lib/vocabulary";
import type { GeoPrecisionCode, MapFeature } from "./features";

import { ATTACK_TYPE_COLORS, UNCLAIMED_COLOR } from "@/lib/colors";

export { ATTACK_TYPE_COLORS, UNCLAIMED_COLOR };
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

/**
 * What the fill colour says: the claimant (the legend's group colours), or the attack type when the
 * timeline stacks by type (the page's `groupBy`), so the map and the chart read alike.
 */
export type ColorBy = "claimant" | "type";

/** The weapon, written inside every incident's circle (and explained in the legend). */
export const ATTACK_TYPE_LETTERS: Record<AttackTypeCode, string> = {
  ONE_WAY_DRONE: "D", ROCKET: "R", MORTAR: "M", BALLISTIC_MISSILE: "B", IED: "I", SMALL_ARMS: "S", OTHER: "O", UNKNOWN: "?",
};

export const attackTypeLetter = (type: string): string => (ATTACK_TYPE_LETTERS as Record<string, string>)[type] ?? "?";
export const colorOfAttackType = (type: string): string => (ATTACK_TYPE_COLORS as Record<string, string>)[type] ?? ATTACK_TYPE_COLORS.UNKNOWN;

/**
 * How far from its point an incident may be, in metres, by its location precision: the radius of the
 * translucent halo drawn around it (null for an exact site). NEAR is the vocabulary's "within about
 * 25 km"; the areas are typical radii of a district, a province and a country of the region.
 */
export const PRECISION_RADIUS_M: Record<GeoPrecisionCode, number | null> = {
  EXACT: null, NEAR: 25_000, DISTRICT: 40_000, PROVINCE: 120_000, COUNTRY: 300_000,
};

export function precisionRadius(precision: string | undefined): number | null {
  return (PRECISION_RADIUS_M as Record<string, number | null>)[precision ?? "EXACT"] ?? null;
}

/** Log scale: 2 incidents → 11.5 px, 10 → 15, 100 → 20, 1,000 → 25, 10,000 → 30. */
export function clusterRadius(count: number): number {
  return 10 + 5 * Math.log10(Math.max(1, count));
}

/**
 * Casualties by the upper estimates (unknown = 0): 0 → 7 px, 4 → 10, 25 and more → 15 (capped). At
 * least 7 px, so the weapon letter fits inside and a finger finds it.
 */
export function incidentRadius(killedMax: number | null, woundedMax: number | null): number {
  const casualties = (killedMax ?? 0) + (woundedMax ?? 0);
  return Math.min(15, 7 + 1.5 * Math.sqrt(casualties));
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

/** Fill colour of a feature: a cluster takes its most frequent claimant's (or attack type's), an incident its own. */
export function featureColor(colors: ClaimantColors, feature: MapFeature, colorBy: ColorBy = "claimant"): string {
  const p = feature.properties;
  return colorBy === "type" ? colorOfAttackType(p.attackType) : colorOfClaimant(colors, p.claimant);
}

/** Share of a cluster its colour stands for (1 for an incident): the cluster's ring shows it. */
export function featureShare(feature: MapFeature, colorBy: ColorBy = "claimant"): number {
  const p = feature.properties;
  if (p.kind === "incident") return 1;
  return colorBy === "type" ? p.attackTypeShare : p.claimantShare;
}

/**
 * The colours in view: by claimant, the groups in the page's group order, then "Unclaimed"; by
 * attack type, the types in the timeline's order.
 */
export function legendEntries(features: readonly MapFeature[], groups: readonly GroupSummary[], colors: ClaimantColors, colorBy: ColorBy = "claimant"): LegendEntry[] {
  if (colorBy === "type") {
    const present = new Set(features.map((f) => f.properties.attackType));
    return (Object.keys(ATTACK_TYPE_COLORS) as AttackTypeCode[])
      .filter((type) => present.has(type))
      .map((type) => ({ key: type, label: ATTACK_TYPE_LABELS[type], color: ATTACK_TYPE_COLORS[type] }));
  }
  const present = new Set(features.map((f) => f.properties.claimant));
  const known = new Set(groups.map((g) => g.slug));
  const entries: LegendEntry[] = groups
    .filter((group) => present.has(group.slug))
    .map((group) => ({ key: group.slug, label: group.name, color: colorOfClaimant(colors, group.slug) }));
  for (const slug of present) {
    if (slug !== null && !known.has(slug)) entries.push({ key: slug, label: slug, color: UNKNOWN_GROUP_COLOR });
  }
  if (present.has(null)) entries.push({ key: "(unclaimed)", label: "Unclaimed", color: UNCLAIMED_COLOR });
  return entries;
}

/** The weapon letters, in the timeline's order of attack types. */
export const WEAPON_KEY: ReadonlyArray<{ letter: string; label: string }> = (Object.keys(ATTACK_TYPE_LETTERS) as AttackTypeCode[]).map((type) => ({
  letter: ATTACK_TYPE_LETTERS[type],
  label: ATTACK_TYPE_LABELS[type],
}));

export type PrecisionHalo = { lat: number; lon: number; radiusM: number; color: string };

/**
 * One translucent halo per imprecise place in view: incidents at the same point with the same
 * precision share theirs (a province centre with 50 incidents is one halo, not 50 stacked ones,
 * which would turn opaque). The colour is the first such incident's; exact sites have none.
 */
export function precisionHalos(features: readonly MapFeature[], colors: ClaimantColors, colorBy: ColorBy = "claimant"): PrecisionHalo[] {
  const halos = new Map<string, PrecisionHalo>();
  for (const feature of features) {
    if (feature.properties.kind !== "incident") continue;
    const radiusM = precisionRadius(feature.properties.geoPrecision);
    if (radiusM === null) continue;
    const [lon, lat] = feature.geometry.coordinates;
    const key = `${lon}:${lat}:${radiusM}`;
    if (!halos.has(key)) halos.set(key, { lat, lon, radiusM, color: featureColor(colors, feature, colorBy) });
  }
  // Big halos first, so a small one inside stays visible on top.
  return [...halos.values()].sort((a, b) => b.radiusM - a.radiusM);
}
