import "server-only";
import { getPool } from "@/lib/db";
import { type FilterProblem, type IncidentFilters, isFilterDay } from "@/lib/filters";
import { incidentConditions, SqlParams, whereClause, withTextGroups } from "./incident-filter-sql";

// Pages of the filtered incidents, by keyset (the last row's sort value and id), never OFFSET:
// page 1,000 costs what page 1 costs.

export const INCIDENT_SORTS = {
  date_desc: { expression: "i.occurred_on", direction: "DESC" },
  date_asc: { expression: "i.occurred_on", direction: "ASC" },
  // Unknown casualties sort after every known count.
  killed_desc: { expression: "coalesce(i.killed_max, -1)", direction: "DESC" },
  reference_asc: { expression: "i.reference", direction: "ASC" },
} as const;
export type IncidentSort = keyof typeof INCIDENT_SORTS;
export const DEFAULT_SORT: IncidentSort = "date_desc";
export const MAX_PAGE_SIZE = 500;

export type IncidentRow = {
  id: string;
  reference: string;
  occurredOn: string;
  datePrecision: string;
  country: string;
  admin1: string | null;
  locationName: string;
  locationNameAr: string | null;
  attackType: string;
  outcome: string;
  claimStatus: string;
  claimant: string | null;
  claimantName: string | null;
  confidence: string;
  killedMin: number | null;
  killedMax: number | null;
  woundedMin: number | null;
  woundedMax: number | null;
};

type Cursor = { value: string | number; id: string };

/** An offered sort: own keys only, so "constructor" or "__proto__" is no sort (and no `ORDER BY undefined`). */
export function isIncidentSort(value: string): value is IncidentSort {
  return Object.hasOwn(INCIDENT_SORTS, value);
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id])).toString("base64url");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INT_MAX = 2_147_483_647;

/**
 * Whether a cursor's value is one `sort` could have written (its sort_value, as text): a day for
 * the date sorts, an int for casualties, plain text for references. Anything else would reach the
 * query's cast (`::date`, `::int`) and fail there as a 500.
 */
function fitsSort(value: string | number, sort: IncidentSort): boolean {
  const text = String(value);
  switch (sort) {
    case "date_desc":
    case "date_asc":
      return typeof value === "string" && isFilterDay(value);
    case "killed_desc":
      return /^-?\d{1,10}$/.test(text) && Number(text) >= -1 && Number(text) <= INT_MAX;
    case "reference_asc":
      // PostgreSQL text holds no NUL; references hold no control characters at all.
      return typeof value === "string" && text.length <= 64 && !/[\u0000-\u001F\u007F]/.test(text);
  }
}

/** null for anything that is not a cursor this API wrote for `sort`. */
export function decodeCursor(raw: string, sort: IncidentSort = DEFAULT_SORT): Cursor | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [value, id] = parsed as [unknown, unknown];
    const isUuid = typeof id === "string" && UUID.test(id);
    if (!isUuid || (typeof value !== "string" && typeof value !== "number") || !fitsSort(value, sort)) return null;
    return { value, id };
  } catch {
    return null;
  }
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * The list's sort and cursor as pages read them: leniently. A sort that is not offered falls back
 * to the default, a cursor that does not fit the sort to the first page, and each says so.
 */
export function readIncidentPage(raw: { sort?: string | string[]; cursor?: string | string[] }): {
  sort: IncidentSort;
  cursor: Cursor | null;
  problems: FilterProblem[];
} {
  const problems: FilterProblem[] = [];
  const rawSort = first(raw.sort);
  const sort = rawSort && isIncidentSort(rawSort) ? rawSort : DEFAULT_SORT;
  if (rawSort && sort !== rawSort) {
    problems.push({ parameter: "sort", value: rawSort.slice(0, 40), message: `sort must be one of ${Object.keys(INCIDENT_SORTS).join(", ")}` });
  }
  const rawCursor = first(raw.cursor);
  const cursor = rawCursor ? decodeCursor(rawCursor, sort) : null;
  if (rawCursor && !cursor) problems.push({ parameter: "cursor", value: rawCursor.slice(0, 40), message: "cursor is not valid; showing the first page" });
  return { sort, cursor, problems };
}

export async function listIncidents(
  filters: IncidentFilters,
  page: { sort: IncidentSort; limit: number; cursor?: Cursor | null },
): Promise<{ items: IncidentRow[]; nextCursor: string | null }> {
  const { expression, direction } = INCIDENT_SORTS[page.sort];
  const params = new SqlParams();
  const where = incidentConditions(await withTextGroups(filters), params);
  if (page.cursor) {
    const comparison = direction === "DESC" ? "<" : ">";
    const cast = page.sort.startsWith("date") ? "::date" : page.sort === "killed_desc" ? "::int" : "::text";
    where.push(`(${expression}, i.id) ${comparison} (${params.add(page.cursor.value)}${cast}, ${params.add(page.cursor.id)}::uuid)`);
  }
  const { rows } = await getPool().query(
    `SELECT i.id, i.reference, i.occurred_on::text AS occurred_on, i.date_precision::text, i.country, i.admin1,
            i.location_name, i.location_name_ar, i.attack_type::text, i.outcome::text, i.claim_status::text,
            g.slug AS claimant, g.name AS claimant_name, i.confidence::text,
            i.killed_min, i.killed_max, i.wounded_min, i.wounded_max, (${expression})::text AS sort_value
     FROM incident i LEFT JOIN armed_group g ON g.id = i.claimant_id
     ${whereClause(where)}
     ORDER BY ${expression} ${direction}, i.id ${direction}
     LIMIT ${params.add(page.limit + 1)}`,
    params.values,
  );
  const hasMore = rows.length > page.limit;
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map((r) => ({
      id: r.id, reference: r.reference, occurredOn: r.occurred_on, datePrecision: r.date_precision, country: r.country,
      admin1: r.admin1, locationName: r.location_name, locationNameAr: r.location_name_ar, attackType: r.attack_type,
      outcome: r.outcome, claimStatus: r.claim_status, claimant: r.claimant, claimantName: r.claimant_name,
      confidence: r.confidence, killedMin: r.killed_min, killedMax: r.killed_max, woundedMin: r.wounded_min,
      woundedMax: r.wounded_max,
    })),
    nextCursor: hasMore && last ? encodeCursor({ value: last.sort_value, id: last.id }) : null,
  };
}
