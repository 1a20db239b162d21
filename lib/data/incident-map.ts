import "server-only";
import { getPool } from "@/lib/db";
import type { AttackTypeCode } from "@/lib/dashboard/types";
import type { BBox, IncidentFilters } from "@/lib/filters";
import type { ClusterProperties, GeoPrecisionCode, MapFeature, MapResponse } from "@/lib/map/features";
import { incidentConditions, type SqlFilters, SqlParams, whereClause, withTextGroups } from "./incident-filter-sql";

// Map features for one view: clusters of a grid whose cells are ~32 px at the view's zoom, or the
// incidents themselves once few enough are in view. Clustering happens in PostgreSQL, from the grid
// rollup when only dates are filtered, from the incident table otherwise; the browser never
// receives more than MAX_FEATURES. Every cluster says what is in it — its most frequent claimant
// and attack type and their shares — so the map can colour it as the legend and the timeline do.

export const MAX_FEATURES = 2_000;
/** At or below this many incidents in view, send the incidents themselves. */
const POINTS_THRESHOLD = 1_000;
const GRID_MIN_ZOOM = 3;
const GRID_MAX_ZOOM = 12; // the rollup's finest level; beyond it views are small enough for points
/**
 * The rollup has no claimant or attack type: for its clusters, the incidents themselves are read,
 * at most this many for the whole view (split evenly over its ≤ 2,000 cells, at least
 * MIN_CELL_SAMPLE per cell). A cell with fewer incidents than its share is counted exactly.
 */
export const ROLLUP_SAMPLE_BUDGET = 20_000;
export const MIN_CELL_SAMPLE = 64;

/** Degrees per cell at a zoom level: a 256 px tile spans 360 / 2^z degrees; 8 cells per tile. */
export const cellSize = (zoom: number) => 360 / 2 ** (zoom + 3);

function lonRange(column: string, west: number, east: number, params: SqlParams): string {
  return west <= east
    ? `${column} BETWEEN ${params.add(west)} AND ${params.add(east)}`
    : `(${column} >= ${params.add(west)} OR ${column} <= ${params.add(east)})`; // across the antimeridian
}

const onlyDates = (f: IncidentFilters) => Object.keys(f).every((k) => k === "from" || k === "to");

type ClusterRow = { gx: number; gy: number; n: number; lon: number; lat: number; kmax: number; wmax: number };
/** A cluster's most frequent claimant (slug) and attack type, counted on `sampled` of its incidents. */
type DominantRow = { gx: number; gy: number; claimant: string | null; claimant_n: number; attack_type: string; type_n: number; sampled: number };

/**
 * SQL over a relation `parts(gx, gy, claimant_id, attack_type, n)` (n incidents each): per cell, the
 * most frequent claimant (ties: a group before "unclaimed", then by slug) and attack type (ties: by
 * code), with their counts and the cell's total. CTEs to append after `WITH parts AS (…)`.
 */
const DOMINANT_CTES = `
  claimants AS (SELECT gx, gy, claimant_id, sum(n)::int AS n FROM parts GROUP BY 1, 2, 3),
  top_claimant AS (
    SELECT DISTINCT ON (c.gx, c.gy) c.gx, c.gy, g.slug AS claimant, c.n
    FROM claimants c LEFT JOIN armed_group g ON g.id = c.claimant_id
    ORDER BY c.gx, c.gy, c.n DESC, g.slug NULLS LAST),
  types AS (SELECT gx, gy, attack_type, sum(n)::int AS n FROM parts GROUP BY 1, 2, 3),
  top_type AS (
    SELECT DISTINCT ON (gx, gy) gx, gy, attack_type::text AS attack_type, n
    FROM types ORDER BY gx, gy, n DESC, attack_type::text),
  sampled AS (SELECT gx, gy, sum(n)::int AS sampled FROM claimants GROUP BY 1, 2),
  dominant AS (
    SELECT gx, gy, tc.claimant, tc.n AS claimant_n, tt.attack_type, tt.n AS type_n, sa.sampled
    FROM top_claimant tc JOIN top_type tt USING (gx, gy) JOIN sampled sa USING (gx, gy))`;

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

/** Clusters computed on the fly from the incident table, for any filter, with what is in each (exact). */
async function clustersFromIncidents(filters: SqlFilters, view: BBox, zoom: number): Promise<Array<ClusterRow & DominantRow>> {
  const params = new SqlParams();
  const cell = params.add(cellSize(zoom));
  const where = [...incidentConditions(filters, params), ...viewConditions(view, params)];
  // One pass over the (covering) index, grouped by cell, claimant and attack type; the cells and
  // their dominant values are then summed from those few thousand groups.
  const { rows } = await getPool().query<ClusterRow & DominantRow>(
    `WITH parts AS (
       SELECT floor(i.lon / ${cell})::int AS gx, floor(i.lat / ${cell})::int AS gy, i.claimant_id, i.attack_type,
              count(*)::int AS n, sum(i.lon) AS slon, sum(i.lat) AS slat,
              coalesce(sum(i.killed_max), 0) AS kmax, coalesce(sum(i.wounded_max), 0) AS wmax
       FROM incident i ${whereClause(where)} GROUP BY 1, 2, 3, 4),
     cells AS (
       SELECT gx, gy, sum(n)::int AS n, sum(slon) / sum(n) AS lon, sum(slat) / sum(n) AS lat,
              sum(kmax)::int AS kmax, sum(wmax)::int AS wmax
       FROM parts GROUP BY 1, 2),
     ${DOMINANT_CTES}
     SELECT c.gx, c.gy, c.n, c.lon, c.lat, c.kmax, c.wmax, d.claimant, d.claimant_n, d.attack_type, d.type_n, d.sampled
     FROM cells c JOIN dominant d USING (gx, gy)`,
    params.values,
  );
  return rows;
}

/**
 * What is in the rollup's clusters: the incidents of each cell read through the (lon, lat) index,
 * at most `perCell` of them (a bounded query whatever the table holds: ≤ 2,000 cells × perCell).
 */
async function dominantForCells(filters: SqlFilters, cells: readonly ClusterRow[], zoom: number): Promise<DominantRow[]> {
  if (cells.length === 0) return [];
  const perCell = Math.max(MIN_CELL_SAMPLE, Math.floor(ROLLUP_SAMPLE_BUDGET / cells.length));
  const params = new SqlParams();
  const gxs = params.add(cells.map((c) => c.gx));
  const gys = params.add(cells.map((c) => c.gy));
  const cell = params.add(cellSize(zoom));
  const where = [
    ...incidentConditions(filters, params),
    // The rollup's cell: floor(lon / cell) = gx, as its trigger computes it (cell is a power of two: exact).
    `i.lon >= c.gx * ${cell}::float8`, `i.lon < (c.gx + 1) * ${cell}::float8`,
    `i.lat >= c.gy * ${cell}::float8`, `i.lat < (c.gy + 1) * ${cell}::float8`,
  ];
  const { rows } = await getPool().query<DominantRow>(
    `WITH parts AS (
       SELECT c.gx, c.gy, s.claimant_id, s.attack_type, count(*)::int AS n
       FROM unnest(${gxs}::int[], ${gys}::int[]) AS c(gx, gy)
       CROSS JOIN LATERAL (
         SELECT i.claimant_id, i.attack_type FROM incident i ${whereClause(where)} LIMIT ${params.add(perCell)}
       ) s
       GROUP BY 1, 2, 3, 4),
     ${DOMINANT_CTES}
     SELECT gx, gy, claimant, claimant_n, attack_type, type_n, sampled FROM dominant`,
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
    id: string; reference: string; occurred_on: string; location_name: string; attack_type: string; geo_precision: string; lon: number; lat: number;
    claimant: string | null; claimant_name: string | null; killed_min: number | null; killed_max: number | null;
    wounded_min: number | null; wounded_max: number | null; site_slug: string | null; site_name: string | null;
  }>(
    `SELECT i.id, i.reference, i.occurred_on::text, i.location_name, i.attack_type::text, i.geo_precision::text, i.lon, i.lat,
            g.slug AS claimant, g.name AS claimant_name, i.killed_min, i.killed_max, i.wounded_min, i.wounded_max,
            s.slug AS site_slug, s.name AS site_name
     FROM incident i LEFT JOIN armed_group g ON g.id = i.claimant_id LEFT JOIN site s ON s.id = i.site_id
     ${whereClause(where)} ORDER BY i.occurred_on DESC, i.id DESC LIMIT ${MAX_FEATURES}`,
    params.values,
  );
  return rows.map((r) => ({
    type: "Feature",
    geometry: { type: "Point", coordinates: [r.lon, r.lat] },
    properties: {
      kind: "incident", id: r.id, reference: r.reference, occurredOn: r.occurred_on, locationName: r.location_name,
      attackType: r.attack_type as AttackTypeCode, geoPrecision: r.geo_precision as GeoPrecisionCode,
      claimant: r.claimant, claimantName: r.claimant_name,
      killedMin: r.killed_min, killedMax: r.killed_max, woundedMin: r.wounded_min, woundedMax: r.wounded_max,
      siteSlug: r.site_slug, siteName: r.site_name,
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
  const clustersAt = (gridLevel: number) =>
    useRollup ? clustersFromRollup(filters, view, gridLevel) : clustersFromIncidents(filters, view, gridLevel);
  let gridLevel = level;
  let clusters: Array<ClusterRow | (ClusterRow & DominantRow)> = await clustersAt(gridLevel);
  // Too many cells for one view: coarsen the grid until it fits.
  while (clusters.length > MAX_FEATURES && gridLevel > GRID_MIN_ZOOM) {
    gridLevel--;
    clusters = await clustersAt(gridLevel);
  }
  const total = clusters.reduce((sum, c) => sum + c.n, 0);

  if (total <= POINTS_THRESHOLD || Math.round(zoom) > GRID_MAX_ZOOM) {
    const features = await incidentsInView(filters, view);
    return { type: "FeatureCollection", features, meta: { zoom: Math.round(zoom), total } };
  }
  const dominant = useRollup ? await dominantForCells(filters, clusters, gridLevel) : clusters.filter(hasDominant);
  const dominantOf = new Map(dominant.map((d) => [`${d.gx}:${d.gy}`, d]));
  const features: MapFeature[] = clusters.map((c) => ({
    type: "Feature",
    geometry: { type: "Point", coordinates: [Number(c.lon), Number(c.lat)] },
    properties: clusterProperties(c, dominantOf.get(`${c.gx}:${c.gy}`)),
  }));
  return { type: "FeatureCollection", features, meta: { zoom: Math.round(zoom), total } };
}

const hasDominant = (c: ClusterRow | (ClusterRow & DominantRow)): c is ClusterRow & DominantRow => "sampled" in c;

function clusterProperties(c: ClusterRow, d: DominantRow | undefined): ClusterProperties {
  // A rollup cell whose incidents changed between the two reads can lack a sample: say so by a share of 0.
  const sampled = d?.sampled ?? 0;
  const share = (n: number) => (sampled > 0 ? Math.round((n / sampled) * 1000) / 1000 : 0);
  return {
    kind: "cluster", count: c.n, killedMax: c.kmax, woundedMax: c.wmax,
    claimant: d?.claimant ?? null, claimantShare: share(d?.claimant_n ?? 0),
    attackType: (d?.attack_type ?? "UNKNOWN") as AttackTypeCode, attackTypeShare: share(d?.type_n ?? 0),
    sampled,
  };
}
