import "server-only";
import { getPool } from "@/lib/db";
import type { MapFeature, MapResponse } from "@/lib/dashboard/types";
import type { BBox, IncidentFilters } from "@/lib/filters";
import { incidentConditions, type SqlFilters, SqlParams, whereClause, withTextGroups } from "./incident-filter-sql";

// Map features for one view: clusters of a grid whose cells are ~32 px at the view's zoom, or the
// incidents themselves once few enough are in view. Clustering happens in PostgreSQL, from the grid
// rollup when only dates are filtered, from the incident table otherwise; the browser never
// receives more than MAX_FEATURES.

export const MAX_FEATURES = 2_000;
/** At or below this many incidents in view, send the incidents themselves. */
const POINTS_THRESHOLD = 1_000;
const GRID_MIN_ZOOM = 3;
const GRID_MAX_ZOOM = 12; // the rollup's finest level; beyond it views are small enough for points

/** Degrees per cell at a zoom level: a 256 px tile spans 360 / 2^z degrees; 8 cells per tile. */
export const cellSize = (zoom: number) => 360 / 2 ** (zoom + 3);

function lonRange(column: string, west: number, east: number, params: SqlParams): string {
  return west <= east
    ? `${column} BETWEEN ${params.add(west)} AND ${params.add(east)}`
    : `(${column} >= ${params.add(west)} OR ${column} <= ${params.add(east)})`; // across the antimeridian
}

const onlyDates = (f: IncidentFilters) => Object.keys(f).every((k) => k === "from" || k === "to");

type ClusterRow = { gx: number; gy: number; n: number; lon: number; lat: number; kmax: number; wmax: number };

/** Clusters from the grid rollup: only for filters on dates. */
async function clustersFromRollup(filters: IncidentFilters, view: BBox, zoom: number): Promise<ClusterRow[]> {
  const [west, south, east, north] = view;
  const cell = cellSize(zoom);
  const params = new SqlParams();
  const where = [
    `zoom = ${params.add(zoom)}`,
    lonRange("gx", Math.floor(west / cell), Math.floor(east / cell), params),
    `gy BETWEEN ${params.add(Math.floor(south / cell))} AND ${params.add(Math.floor(north / cell))}`,
  ];
  if (filters.from) where.push(`day >= ${params.add(filters.from)}::date`);
  if (filters.to) where.push(`day <= ${params.add(filters.to)}::date`);
  const { rows } = await getPool().query<ClusterRow>(
    `SELECT gx, gy, sum(incidents)::int AS n, sum(sum_lon) / sum(incidents) AS lon, sum(sum_lat) / sum(incidents) AS lat,
            0 AS kmax, 0 AS wmax
     FROM incident_grid_stat ${whereClause(where)} GROUP BY gx, gy HAVING sum(incidents) > 0`,
    params.values,
  );
  return rows;
}

/** Clusters computed on the fly from the incident table, for any filter. */
async function clustersFromIncidents(filters: SqlFilters, view: BBox, zoom: number): Promise<ClusterRow[]> {
  const params = new SqlParams();
  const cell = params.add(cellSize(zoom));
  const where = [...incidentConditions(filters, params), ...viewConditions(view, params)];
  const { rows } = await getPool().query<ClusterRow>(
    `SELECT floor(i.lon / ${cell})::int AS gx, floor(i.lat / ${cell})::int AS gy, count(*)::int AS n,
            avg(i.lon) AS lon, avg(i.lat) AS lat,
            coalesce(sum(i.killed_max), 0)::int AS kmax, coalesce(sum(i.wounded_max), 0)::int AS wmax
     FROM incident i ${whereClause(where)} GROUP BY 1, 2`,
    params.values,
  );
  return rows;
}

function viewConditions([west, south, east, north]: BBox, params: SqlParams): string[] {
  return [lonRange("i.lon", west, east, params), `i.lat BETWEEN ${params.add(south)} AND ${params.add(north)}`];
}

async function incidentsInView(filters: SqlFilters, view: BBox): Promise<MapFeature[]> {
  const params = new SqlParams();
  const where = [...incidentConditions(filters, params), ...viewConditions(view, params)];
  const { rows } = await getPool().query<{
    id: string; reference: string; occurred_on: string; location_name: string; attack_type: string; lon: number; lat: number;
    claimant: string | null; claimant_name: string | null; killed_min: number | null; killed_max: number | null;
    wounded_min: number | null; wounded_max: number | null;
  }>(
    `SELECT i.id, i.reference, i.occurred_on::text, i.location_name, i.attack_type::text, i.lon, i.lat,
            g.slug AS claimant, g.name AS claimant_name, i.killed_min, i.killed_max, i.wounded_min, i.wounded_max
     FROM incident i LEFT JOIN armed_group g ON g.id = i.claimant_id
     ${whereClause(where)} ORDER BY i.occurred_on DESC, i.id DESC LIMIT ${MAX_FEATURES}`,
    params.values,
  );
  return rows.map((r) => ({
    type: "Feature",
    geometry: { type: "Point", coordinates: [r.lon, r.lat] },
    properties: {
      kind: "incident", id: r.id, reference: r.reference, occurredOn: r.occurred_on, locationName: r.location_name,
      attackType: r.attack_type as never, claimant: r.claimant, claimantName: r.claimant_name,
      killedMin: r.killed_min, killedMax: r.killed_max, woundedMin: r.wounded_min, woundedMax: r.wounded_max,
    },
  }));
}

/**
 * Features for a view. `filters.bbox` (a searched area) narrows the view; the view itself is the
 * visible map.
 */
export async function getMapFeatures(query: IncidentFilters, view: BBox, zoom: number): Promise<MapResponse> {
  const filters = await withTextGroups(query);
  const level = Math.min(GRID_MAX_ZOOM, Math.max(GRID_MIN_ZOOM, Math.round(zoom)));
  const useRollup = onlyDates(filters);
  let gridLevel = level;
  let clusters = useRollup ? await clustersFromRollup(filters, view, gridLevel) : await clustersFromIncidents(filters, view, gridLevel);
  // Too many cells for one view: coarsen the grid until it fits.
  while (clusters.length > MAX_FEATURES && gridLevel > GRID_MIN_ZOOM) {
    gridLevel--;
    clusters = useRollup ? await clustersFromRollup(filters, view, gridLevel) : await clustersFromIncidents(filters, view, gridLevel);
  }
  const total = clusters.reduce((sum, c) => sum + c.n, 0);

  if (total <= POINTS_THRESHOLD || Math.round(zoom) > GRID_MAX_ZOOM) {
    const features = await incidentsInView(filters, view);
    return { type: "FeatureCollection", features, meta: { zoom: Math.round(zoom), total } };
  }
  const features: MapFeature[] = clusters.map((c) => ({
    type: "Feature",
    geometry: { type: "Point", coordinates: [Number(c.lon), Number(c.lat)] },
    properties: { kind: "cluster", count: c.n, killedMax: c.kmax, woundedMax: c.wmax, claimant: null },
  }));
  return { type: "FeatureCollection", features, meta: { zoom: Math.round(zoom), total } };
}
