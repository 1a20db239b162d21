// What /api/map sends for one view: clusters and incidents as GeoJSON points. The shapes extend
// lib/dashboard/types.ts's (the read API's common types) with what the map draws from: a cluster's
// dominant claimant and attack type with their shares, an incident's location precision.

import type { AttackTypeCode, MapFeatureProperties as BaseProperties } from "@/lib/dashboard/types";
import type { GeoPrecision } from "@/lib/generated/prisma/enums";

export type GeoPrecisionCode = GeoPrecision;

export type ClusterProperties = Extract<BaseProperties, { kind: "cluster" }> & {
  /** Most frequent credited claimant in the cluster (null: most are unclaimed); ties go to a group, then by slug. */
  claimant: string | null;
  /** Its share of `sampled`, 0–1. */
  claimantShare: number;
  /** Most frequent attack type in the cluster, and its share of `sampled`. */
  attackType: AttackTypeCode;
  attackTypeShare: number;
  /**
   * How many of the cluster's incidents the shares were counted on: all of them (`count`), except for a
   * big cell of the grid rollup, where it is a bounded sample of the cell's incidents.
   */
  sampled: number;
};

export type IncidentProperties = Extract<BaseProperties, { kind: "incident" }> & {
  /** How precisely the point is known: EXACT is the site itself; the others are a centre of an area. */
  geoPrecision: GeoPrecisionCode;
  /** The target site the incident is filed under, for the popup's link to its page; null when none. */
  siteSlug: string | null;
  siteName: string | null;
};

export type MapFeatureProperties = ClusterProperties | IncidentProperties;

export type MapFeature = {
  type: "Feature";
  geometry: { type: "Point"; coordinates: [lon: number, lat: number] };
  properties: MapFeatureProperties;
};

export type MapResponse = {
  type: "FeatureCollection";
  features: MapFeature[];
  /** total = incidents inside the view under the filter; features never exceed MAX_FEATURES (2,000). */
  meta: { zoom: number; total: number };
};
