// The shapes of the dashboard's read API (JSON), shared by the route handlers that produce them and
// the client components that draw them. Dates are YYYY-MM-DD strings: calendar days, no timezone.

import type { AttackType } from "@/lib/codes";

export type AttackTypeCode = AttackType;

/** A cluster of nearby incidents (grid cell) or one incident, as GeoJSON point properties. */
export type MapFeatureProperties =
  | {
      kind: "cluster";
      count: number;
      /** Upper estimates summed over the cluster (unknown counts as 0 here). */
      killedMax: number;
      woundedMax: number;
      /** Slug of the claimant with most incidents in the cluster, for its colour; null when not broken down. */
      claimant: string | null;
    }
  | {
      kind: "incident";
      id: string;
      reference: string;
      occurredOn: string;
      locationName: string;
      attackType: AttackTypeCode;
      /** Slug of the claiming group (first claim), null when unclaimed. */
      claimant: string | null;
      claimantName: string | null;
      killedMin: number | null;
      killedMax: number | null;
      woundedMin: number | null;
      woundedMax: number | null;
    };

export type MapFeature = {
  type: "Feature";
  geometry: { type: "Point"; coordinates: [lon: number, lat: number] };
  properties: MapFeatureProperties;
};

export type MapResponse = {
  type: "FeatureCollection";
  features: MapFeature[];
  /** total = incidents inside the box under the filter; features never exceed ~2,000. */
  meta: { zoom: number; total: number };
};

export type TimelineInterval = "day" | "week" | "month";
export type TimelineGroupBy = "claimant" | "type";

export type TimelineResponse = {
  interval: TimelineInterval;
  groupBy: TimelineGroupBy;
  /** The stacked series, in drawing order; `key` is a group slug or an attack type code ("none" = unclaimed). */
  series: Array<{ key: string; label: string; color: string }>;
  buckets: Array<{
    /** First day of the bucket. */
    start: string;
    total: number;
    counts: Record<string, number>;
    killedMin: number;
    killedMax: number;
    woundedMin: number;
    woundedMax: number;
  }>;
};

export type SiteSummary = {
  slug: string;
  name: string;
  nameAr: string | null;
  country: string;
  admin1: string | null;
  lat: number;
  lon: number;
  type: string;
  coordinatesApproximate: boolean;
  /** Incidents at this site under the current filter. */
  incidentCount: number;
};

export type GroupSummary = {
  slug: string;
  name: string;
  nameAr: string | null;
  aliases: string[];
  parentSlug: string | null;
  color: string;
};
