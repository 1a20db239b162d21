import "server-only";
import { getPool } from "@/lib/db";
import { assignGroupColors, ATTACK_TYPE_COLORS, UNCLAIMED_COLOR } from "@/lib/colors";
import type { AttackTypeCode, GroupSummary, SiteSummary, TimelineGroupBy, TimelineInterval, TimelineResponse } from "@/lib/dashboard/types";
import type { IncidentFilters } from "@/lib/filters";
import { ATTACK_TYPE_LABELS, label } from "@/lib/vocabulary";
import { claimantIds, incidentConditions, needsIncidentRows, rollupConditions, type SqlFilters, SqlParams, whereClause, withTextGroups } from "./incident-filter-sql";

// Aggregates for the dashboard. Counting happens in PostgreSQL: from the daily rollup when the
// filter allows it, from the incident table (with its indexes) otherwise. Nothing loads the table.

/**
 * The rows to aggregate, as a FROM + WHERE over columns named like the rollups' (day, claimant_id,
 * attack_type, [country, site_id,] incidents, killed_min, …), from the smallest table that can
 * answer: the compact daily rollup (date, claimant, type), the daily rollup by site (+ country,
 * site), or the incident table for any other filter.
 */
function aggregateSource(filters: SqlFilters, params: SqlParams, options: { bySite?: boolean } = {}): string {
  if (!needsIncidentRows(filters)) {
    const table = options.bySite || filters.country || filters.site ? "incident_daily_stat" : "incident_daily_total";
    return `(SELECT * FROM ${table} d ${whereClause(rollupConditions(filters, params))}) d`;
  }
  return `(SELECT i.occurred_on AS day, i.claimant_id, i.attack_type, i.country, i.site_id, 1 AS incidents,
            coalesce(i.killed_min, 0) AS killed_min, coalesce(i.killed_max, 0) AS killed_max,
            coalesce(i.wounded_min, 0) AS wounded_min, coalesce(i.wounded_max, 0) AS wounded_max,
            i.claim_count AS claims
          FROM incident i ${whereClause(incidentConditions(filters, params))}) d`;
}

export type Summary = {
  incidents: number;
  claimedIncidents: number;
  killedMin: number;
  killedMax: number;
  woundedMin: number;
  woundedMax: number;
  /** Claim links of the matching incidents: a statement claiming two of them counts twice. */
  claims: number;
  firstDay: string | null;
  lastDay: string | null;
  topSites: Array<{ slug: string; name: string; incidents: number }>;
  /**
   * The groups credited with the most incidents, each counted with its member (façade) groups, as
   * the claimant filter counts it, so a group's figure is what filtering on it gives. ownIncidents:
   * those credited to the group under its own name.
   */
  topClaimants: Array<{ slug: string; name: string; incidents: number; ownIncidents: number }>;
};

/** How many incidents match: from the rollup when the filter allows, else an indexed count. */
export async function countIncidents(query: IncidentFilters): Promise<number> {
  const filters = await withTextGroups(query);
  const params = new SqlParams();
  const { rows } = await getPool().query<{ n: number }>(
    `SELECT coalesce(sum(incidents), 0)::int AS n FROM ${aggregateSource(filters, params)}`,
    params.values,
  );
  return rows[0]?.n ?? 0;
}

export async function getSummary(query: IncidentFilters): Promise<Summary> {
  const filters = await withTextGroups(query);
  const pool = getPool();
  const totalsParams = new SqlParams();
  const totals = pool.query(
    `SELECT coalesce(sum(incidents), 0)::int AS incidents,
            coalesce(sum(incidents) FILTER (WHERE claimant_id IS NOT NULL), 0)::int AS claimed,
            coalesce(sum(killed_min), 0)::int AS killed_min, coalesce(sum(killed_max), 0)::int AS killed_max,
            coalesce(sum(wounded_min), 0)::int AS wounded_min, coalesce(sum(wounded_max), 0)::int AS wounded_max,
            coalesce(sum(claims), 0)::int AS claims, min(day)::text AS first_day, max(day)::text AS last_day
     FROM ${aggregateSource(filters, totalsParams)}`,
    totalsParams.values,
  );
  const sitesParams = new SqlParams();
  const sites = pool.query<{ slug: string; name: string; incidents: number }>(
    `SELECT t.slug, t.name, x.n::int AS incidents
     FROM (SELECT site_id, sum(incidents) AS n FROM ${aggregateSource(filters, sitesParams, { bySite: true })}
           WHERE site_id IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 5) x
     JOIN site t ON t.id = x.site_id ORDER BY x.n DESC, t.name`,
    sitesParams.values,
  );
  const claimantsParams = new SqlParams();
  // Each credited incident counts for its claimant and for every group above it. With a claimant
  // filter only the chosen groups and their members are listed: a group above them would have a
  // figure its own filter does not give.
  const claimants = pool.query<{ slug: string; name: string; incidents: number; own_incidents: number }>(
    `WITH RECURSIVE membership AS (
       SELECT id AS group_id, id AS member_id FROM armed_group
       UNION ALL SELECT m.group_id, g.id FROM membership m JOIN armed_group g ON g.parent_id = m.member_id
     ), credited AS (
       SELECT claimant_id, sum(incidents) AS n FROM ${aggregateSource(filters, claimantsParams)} WHERE claimant_id IS NOT NULL GROUP BY 1
     )
     SELECT t.slug, t.name, sum(credited.n)::int AS incidents,
            coalesce(sum(credited.n) FILTER (WHERE m.member_id = m.group_id), 0)::int AS own_incidents
     FROM credited JOIN membership m ON m.member_id = credited.claimant_id JOIN armed_group t ON t.id = m.group_id
     ${filters.claimant ? `WHERE t.id IN ${claimantIds(filters.claimant, claimantsParams)}` : ""}
     GROUP BY t.id ORDER BY 3 DESC, t.name LIMIT 5`,
    claimantsParams.values,
  );
  const [t, topSites, topClaimants] = await Promise.all([totals, sites, claimants]);
  const row = t.rows[0]!;
  return {
    incidents: row.incidents,
    claimedIncidents: row.claimed,
    killedMin: row.killed_min,
    killedMax: row.killed_max,
    woundedMin: row.wounded_min,
    woundedMax: row.wounded_max,
    claims: row.claims,
    firstDay: row.first_day,
    lastDay: row.last_day,
    topSites: topSites.rows,
    topClaimants: topClaimants.rows.map(({ own_incidents, ...c }) => ({ ...c, ownIncidents: own_incidents })),
  };
}

/** Day buckets for up to three months, weeks up to two years, months beyond. */
export function defaultInterval(from: string | undefined, to: string | undefined, dataFirst: string | null, dataLast: string | null): TimelineInterval {
  const start = from ?? dataFirst;
  const end = to ?? dataLast;
  if (!start || !end) return "month";
  const days = (Date.parse(end) - Date.parse(start)) / 86_400_000;
  return days <= 92 ? "day" : days <= 731 ? "week" : "month";
}

export async function getTimeline(query: IncidentFilters, interval: TimelineInterval, groupBy: TimelineGroupBy): Promise<TimelineResponse> {
  const filters = await withTextGroups(query);
  const params = new SqlParams();
  const key = groupBy === "claimant" ? "claimant_id" : "attack_type";
  // date_trunc on timestamp (not timestamptz): no timezone can move a day into another bucket.
  // Grouped on the raw values and turned into text only afterwards, on the few hundred groups:
  // casting every row first cost half the query at 10^6 incidents.
  const { rows } = await getPool().query<{ bucket: string; key: string | null; n: number; kmin: number; kmax: number; wmin: number; wmax: number }>(
    `SELECT bucket::date::text AS bucket, key::text AS key, n, kmin, kmax, wmin, wmax FROM (
       SELECT date_trunc('${interval}', day::timestamp) AS bucket, ${key} AS key, sum(incidents)::int AS n,
              sum(killed_min)::int AS kmin, sum(killed_max)::int AS kmax, sum(wounded_min)::int AS wmin, sum(wounded_max)::int AS wmax
       FROM ${aggregateSource(filters, params)} GROUP BY 1, 2
     ) grouped ORDER BY 1`,
    params.values,
  );

  const groups = groupBy === "claimant" ? await listGroups() : [];
  const groupById = new Map(groups.map((g) => [g.id, g]));
  const seriesKey = (raw: string | null) => (groupBy === "claimant" ? (raw ? (groupById.get(raw)?.slug ?? raw) : "none") : (raw ?? "UNKNOWN"));

  const buckets = new Map<string, TimelineResponse["buckets"][number]>();
  const totalsByKey = new Map<string, number>();
  for (const r of rows) {
    const bucket = buckets.get(r.bucket) ?? { start: r.bucket, total: 0, counts: {}, killedMin: 0, killedMax: 0, woundedMin: 0, woundedMax: 0 };
    const k = seriesKey(r.key);
    bucket.counts[k] = (bucket.counts[k] ?? 0) + r.n;
    bucket.total += r.n;
    bucket.killedMin += r.kmin;
    bucket.killedMax += r.kmax;
    bucket.woundedMin += r.wmin;
    bucket.woundedMax += r.wmax;
    buckets.set(r.bucket, bucket);
    totalsByKey.set(k, (totalsByKey.get(k) ?? 0) + r.n);
  }
  // Largest series at the bottom of the stack.
  const series = [...totalsByKey.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k]) => {
      if (groupBy === "type") return { key: k, label: label(ATTACK_TYPE_LABELS, k), color: ATTACK_TYPE_COLORS[k as AttackTypeCode] ?? UNCLAIMED_COLOR };
      const group = groups.find((g) => g.slug === k);
      return { key: k, label: group?.name ?? "Unclaimed", color: group?.color ?? UNCLAIMED_COLOR };
    });
  return { interval, groupBy, series, buckets: withEmptyBuckets(buckets, interval, filters) };
}

/** Every bucket from the filter's start (or the first incident) to its end, quiet ones as zeros. */
function withEmptyBuckets(buckets: Map<string, TimelineResponse["buckets"][number]>, interval: TimelineInterval, filters: IncidentFilters) {
  const starts = [...buckets.keys()].sort();
  const first = bucketStart(filters.from ?? starts[0], interval);
  const last = bucketStart(filters.to ?? starts.at(-1), interval);
  if (!first || !last) return [];
  const all: TimelineResponse["buckets"] = [];
  // Whole days in UTC: calendar arithmetic with no timezone to shift a day.
  for (let day = new Date(`${first}T00:00:00Z`); all.length < 5000; ) {
    const key = day.toISOString().slice(0, 10);
    if (key > last) break;
    all.push(buckets.get(key) ?? { start: key, total: 0, counts: {}, killedMin: 0, killedMax: 0, woundedMin: 0, woundedMax: 0 });
    if (interval === "day") day.setUTCDate(day.getUTCDate() + 1);
    else if (interval === "week") day.setUTCDate(day.getUTCDate() + 7);
    else day.setUTCMonth(day.getUTCMonth() + 1);
  }
  return all;
}

/** The first day of the day/ISO week (Monday)/month containing `day`, as PostgreSQL's date_trunc. */
export function bucketStart(day: string | undefined, interval: TimelineInterval): string | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T00:00:00Z`);
  if (interval === "week") date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  if (interval === "month") date.setUTCDate(1);
  return date.toISOString().slice(0, 10);
}

/**
 * Every group, by slug, each with its colour: the eight groups credited with the most published
 * incidents get the palette's colours in that order (lib/colors.ts), so the map and the timeline
 * colour a group alike and the groups an analyst sees most are never the ones sharing a colour.
 */
export async function listGroups(): Promise<Array<GroupSummary & { id: string }>> {
  const { rows } = await getPool().query<{ id: string; slug: string; name: string; name_ar: string | null; aliases: string[]; parent_slug: string | null; incidents: number }>(
    `SELECT g.id, g.slug, g.name, g.name_ar, g.aliases, p.slug AS parent_slug, coalesce(credited.n, 0)::int AS incidents
     FROM armed_group g
     LEFT JOIN armed_group p ON p.id = g.parent_id
     LEFT JOIN (SELECT claimant_id, sum(incidents) AS n FROM incident_daily_total GROUP BY 1) credited ON credited.claimant_id = g.id
     ORDER BY g.slug`,
  );
  const colors = assignGroupColors([...rows].sort((a, b) => b.incidents - a.incidents || a.slug.localeCompare(b.slug)).map((g) => g.slug));
  return rows.map((g) => ({
    id: g.id,
    slug: g.slug,
    name: g.name,
    nameAr: g.name_ar,
    aliases: g.aliases,
    parentSlug: g.parent_slug,
    color: colors.get(g.slug)!,
  }));
}

export async function listSites(query: IncidentFilters): Promise<SiteSummary[]> {
  const filters = await withTextGroups(query);
  const params = new SqlParams();
  const { rows } = await getPool().query<{
    slug: string; name: string; name_ar: string | null; country: string; admin1: string | null; lat: number; lon: number;
    type: string; coordinates_approximate: boolean; n: number;
  }>(
    `SELECT s.slug, s.name, s.name_ar, s.country, s.admin1, s.lat, s.lon, s.type::text, s.coordinates_approximate,
            coalesce(x.n, 0)::int AS n
     FROM site s LEFT JOIN (SELECT site_id, sum(incidents) AS n FROM ${aggregateSource(filters, params, { bySite: true })} GROUP BY 1) x ON x.site_id = s.id
     ORDER BY s.name`,
    params.values,
  );
  return rows.map((s) => ({
    slug: s.slug, name: s.name, nameAr: s.name_ar, country: s.country, admin1: s.admin1, lat: s.lat, lon: s.lon,
    type: s.type, coordinatesApproximate: s.coordinates_approximate, incidentCount: s.n,
  }));
}
