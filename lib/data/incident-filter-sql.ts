import "server-only";
import { getPool } from "@/lib/db";
import type { IncidentFilters } from "@/lib/filters";

// The only translation from IncidentFilters to SQL. Every view (table, summary, timeline, map,
// export) builds its WHERE clause here, so they always count the same incidents.
//
// Two targets:
//  - the incident table itself (alias `i`), for any filter;
//  - the daily rollup `incident_daily_stat` (alias `d`), which can answer filters on date, claimant,
//    attack type, country and site only — far faster at 10^6 incidents.

/** A filter ready for SQL: with a text search, the ids of the groups whose names match it. */
export type SqlFilters = IncidentFilters & { textGroupIds?: string[] };

/**
 * Looks up, once per request, which groups a text search names. Passing their ids as a value lets
 * PostgreSQL plan the search as index lookups (and drop the group branch when none match) instead
 * of scanning every incident.
 */
export async function withTextGroups(filters: IncidentFilters): Promise<SqlFilters> {
  if (!filters.q) return filters;
  const { rows } = await getPool().query<{ id: string }>(
    `SELECT g.id FROM armed_group g WHERE ${groupDocument("g")} @@ ${searchQuery("$1")}`,
    [filters.q],
  );
  return { ...filters, textGroupIds: rows.map((r) => r.id) };
}

/** Collects positional parameters ($1, $2, …) next to the SQL that uses them. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Group ids for the given slugs plus every group below them (a parent includes its façades). */
export function claimantIds(slugs: string[], params: SqlParams): string {
  return `(WITH RECURSIVE tree AS (
      SELECT id FROM armed_group WHERE slug = ANY(${params.add(slugs)}::text[])
      UNION SELECT g.id FROM armed_group g JOIN tree ON g.parent_id = tree.id
    ) SELECT id FROM tree)`;
}

const enumList = (values: string[], type: string, params: SqlParams) => `ANY(${params.add(values)}::"${type}"[])`;

/** Filters the rollup cannot answer: they need the incident rows themselves. */
export function needsIncidentRows(filters: IncidentFilters): boolean {
  return Boolean(
    filters.outcome || filters.admin1 || filters.confidence || filters.claimStatus || filters.confirmation || filters.claimLedger ||
      filters.minKilled !== undefined || filters.q || filters.bbox,
  );
}

/** Officials confirmed it; a claim but no official; no claim statement at all. */
const CONFIRMATION_SQL: Record<NonNullable<IncidentFilters["confirmation"]>[number], string> = {
  OFFICIAL: "cardinality(i.confirmed_by) > 0",
  CLAIM_ONLY: "(i.claim_count > 0 AND coalesce(cardinality(i.confirmed_by), 0) = 0)",
  UNCLAIMED: "i.claim_count = 0",
};

/**
 * WHERE conditions over `incident i`: published incidents only (the public view) unless the
 * review queue asks for the drafts.
 */
export function incidentConditions(filters: SqlFilters, params: SqlParams, status: "PUBLISHED" | "DRAFT" = "PUBLISHED"): string[] {
  const where = [`i.status = '${status}'`];
  if (filters.from) where.push(`i.occurred_on >= ${params.add(filters.from)}::date`);
  if (filters.to) where.push(`i.occurred_on <= ${params.add(filters.to)}::date`);
  if (filters.claimant) where.push(`i.claimant_id IN ${claimantIds(filters.claimant, params)}`);
  if (filters.type) where.push(`i.attack_type = ${enumList(filters.type, "AttackType", params)}`);
  if (filters.outcome) where.push(`i.outcome = ${enumList(filters.outcome, "Outcome", params)}`);
  if (filters.country) where.push(`i.country = ANY(${params.add(filters.country)}::text[])`);
  if (filters.admin1) where.push(`lower(i.admin1) = ANY(${params.add(filters.admin1.map((a) => a.toLowerCase()))}::text[])`);
  if (filters.site) where.push(`i.site_id IN (SELECT id FROM site WHERE slug = ANY(${params.add(filters.site)}::text[]))`);
  if (filters.confidence) where.push(`i.confidence = ${enumList(filters.confidence, "Confidence", params)}`);
  if (filters.claimStatus) where.push(`i.claim_status = ${enumList(filters.claimStatus, "ClaimStatus", params)}`);
  if (filters.confirmation) where.push(`(${filters.confirmation.map((c) => CONFIRMATION_SQL[c]).join(" OR ")})`);
  if (filters.claimLedger) {
    where.push(`EXISTS (SELECT 1 FROM incident_claim ic JOIN claim c ON c.id = ic.claim_id
      WHERE ic.incident_id = i.id AND c.status = ${enumList(filters.claimLedger, "ClaimStatementStatus", params)})`);
  }
  if (filters.minKilled !== undefined) where.push(`i.killed_min >= ${params.add(filters.minKilled)}`);
  if (filters.bbox) where.push(bboxCondition(filters.bbox, params));
  if (filters.q) where.push(textCondition(filters.q, filters.textGroupIds, params));
  return where;
}

/** WHERE conditions over `incident_daily_stat d`; only valid when !needsIncidentRows(filters). */
export function rollupConditions(filters: IncidentFilters, params: SqlParams): string[] {
  const where: string[] = [];
  if (filters.from) where.push(`d.day >= ${params.add(filters.from)}::date`);
  if (filters.to) where.push(`d.day <= ${params.add(filters.to)}::date`);
  if (filters.claimant) where.push(`d.claimant_id IN ${claimantIds(filters.claimant, params)}`);
  if (filters.type) where.push(`d.attack_type = ${enumList(filters.type, "AttackType", params)}`);
  if (filters.country) where.push(`d.country = ANY(${params.add(filters.country)}::text[])`);
  if (filters.site) where.push(`d.site_id IN (SELECT id FROM site WHERE slug = ANY(${params.add(filters.site)}::text[]))`);
  return where;
}

/** A box crossing the antimeridian (west > east) is two longitude ranges. */
function bboxCondition([west, south, east, north]: readonly [number, number, number, number], params: SqlParams): string {
  const lat = `i.lat BETWEEN ${params.add(south)} AND ${params.add(north)}`;
  const lon =
    west <= east
      ? `i.lon BETWEEN ${params.add(west)} AND ${params.add(east)}`
      : `(i.lon >= ${params.add(west)} OR i.lon <= ${params.add(east)})`;
  return `(${lon} AND ${lat})`;
}

/**
 * Text search, word by word in any language ('simple' configuration): the incident's own words
 * (place, Arabic place, province, notes, reference) and its sources' titles and publishers, all in
 * its search_vector, and the names and aliases of the group it is credited or attributed to. `%` and `_` are ordinary
 * characters here: no LIKE is involved.
 */
function textCondition(q: string, groupIds: string[] | undefined, params: SqlParams): string {
  if (groupIds === undefined) throw new Error("A text filter needs withTextGroups() before it becomes SQL.");
  const words = `i.search_vector @@ ${searchQuery(params.add(q))}`;
  if (groupIds.length === 0) return words;
  const ids = params.add(groupIds);
  return `(${words} OR i.claimant_id = ANY(${ids}::uuid[]) OR i.attributed_to_id = ANY(${ids}::uuid[]))`;
}

/**
 * The search term as a query. normalize_search_text (the arabic_search migration) folds Arabic
 * spelling variants — hamza forms of alef, alef maqsura, taa marbuta, short vowels, tatweel — on
 * both sides: here for the term, in search_vector and groupDocument for what is searched. So الاسد
 * finds what الأسد finds, and Latin text is matched as before.
 */
const searchQuery = (term: string) => `websearch_to_tsquery('simple', normalize_search_text(${term}))`;

const groupDocument = (alias: string) =>
  `to_tsvector('simple', normalize_search_text(${alias}.name || ' ' || coalesce(${alias}.name_ar, '') || ' ' || array_to_string(${alias}.aliases, ' ') || ' ' || ${alias}.slug))`;

export const whereClause = (conditions: string[]) => (conditions.length ? `WHERE ${conditions.join(" AND ")}` : "");
