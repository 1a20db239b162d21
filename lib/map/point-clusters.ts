// When few enough incidents are in view, the server sends each one (lib/data/incident-map.ts). Drawn
// as they are, forty attacks on one base — all placed at the base — would be forty circles on top of
// each other, read as one. So the browser groups the points that would overlap at the current zoom
// (supercluster, the library Mapbox and MapLibre use for this) into numbered circles coloured like
// the server's clusters. A group whose incidents share one point never separates by zooming: its
// click lists them instead.

import Supercluster, { type ClusterProperties as SuperclusterProperties, type PointFeature } from "supercluster";
import type { AttackTypeCode } from "@/lib/dashboard/types";
import type { ClusterProperties, IncidentProperties, MapFeature } from "./features";

/** Incidents closer than this (px, centre to centre) are drawn as one group: about two group circles' radii, so groups rarely overlap. */
export const POINT_GROUP_RADIUS_PX = 26;

/** A group drawn in place of several incidents: what a click on it does. */
export type PointGroup = {
  /** Newest first, as the server sent them. */
  incidents: readonly [IncidentProperties, ...IncidentProperties[]];
  /** The zoom at which the group splits apart; null when its incidents share one point and never do. */
  expansionZoom: number | null;
};

export type GroupedFeatures = {
  /** What to draw: the server's clusters and lone incidents as they came, one cluster-like feature per group. */
  features: MapFeature[];
  groupOf: ReadonlyMap<MapFeature, PointGroup>;
};

/** The most frequent value and how often it occurs; ties go to a group over "unclaimed", then by name. */
function mostFrequent<T extends string | null>(values: readonly T[]): { value: T; n: number } {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: { value: T; n: number } | null = null;
  for (const [value, n] of counts) {
    const better =
      best === null || n > best.n ||
      (n === best.n && (best.value === null ? value !== null : value !== null && value < best.value));
    if (better) best = { value, n };
  }
  return best!;
}

/** What a group holds, in the same terms as a server cluster, so it is coloured and ringed alike. */
export function groupProperties(members: readonly IncidentProperties[]): ClusterProperties {
  const claimant = mostFrequent(members.map((m) => m.claimant));
  const attackType = mostFrequent(members.map((m) => m.attackType as AttackTypeCode));
  return {
    kind: "cluster",
    count: members.length,
    killedMax: members.reduce((sum, m) => sum + (m.killedMax ?? 0), 0),
    woundedMax: members.reduce((sum, m) => sum + (m.woundedMax ?? 0), 0),
    claimant: claimant.value,
    claimantShare: claimant.n / members.length,
    attackType: attackType.value,
    attackTypeShare: attackType.n / members.length,
    sampled: members.length,
  };
}

/** Groups the incidents among `features` that overlap at `zoom`; `maxZoom` is the map's deepest zoom. */
export function groupOverlappingPoints(features: readonly MapFeature[], zoom: number, maxZoom: number): GroupedFeatures {
  const out: MapFeature[] = [];
  const points: Array<PointFeature<{ order: number }>> = [];
  const incidentFeatures: MapFeature[] = [];
  for (const feature of features) {
    if (feature.properties.kind !== "incident") {
      out.push(feature);
      continue;
    }
    points.push({ type: "Feature", geometry: feature.geometry, properties: { order: incidentFeatures.length } });
    incidentFeatures.push(feature);
  }
  const groupOf = new Map<MapFeature, PointGroup>();
  if (points.length === 0) return { features: out, groupOf };

  // supercluster measures its radius on 512 px tiles unless told otherwise; Leaflet's are 256 px.
  const index = new Supercluster<{ order: number }>({ radius: POINT_GROUP_RADIUS_PX, extent: 256, maxZoom, minZoom: 0 }).load(points);
  for (const item of index.getClusters([-180, -90, 180, 90], Math.floor(zoom))) {
    const props = item.properties as { order: number } | SuperclusterProperties;
    if (!("cluster_id" in props)) {
      out.push(incidentFeatures[props.order]!);
      continue;
    }
    const leaves = index.getLeaves(props.cluster_id, Infinity)
      .map((leaf) => leaf.properties.order)
      .sort((x, y) => x - y)
      .map((order) => incidentFeatures[order]!);
    const [first, ...others] = leaves.map((f) => f.properties as IncidentProperties);
    if (!first) continue;
    const expansion = index.getClusterExpansionZoom(props.cluster_id);
    const splits = expansion <= maxZoom;
    // A group that never splits sits exactly on its incidents' point, not on a rounded centre.
    const geometry = splits ? (item.geometry as MapFeature["geometry"]) : leaves[0]!.geometry;
    const feature: MapFeature = { type: "Feature", geometry, properties: groupProperties([first, ...others]) };
    groupOf.set(feature, { incidents: [first, ...others], expansionZoom: splits ? expansion : null });
    out.push(feature);
  }
  return { features: out, groupOf };
}
