import "server-only";
import { getPool } from "@/lib/db";
import { type FilterProblem, type IncidentFilters, isFilterDay } from "@/lib/filters";
import { incidentConditions, type SqlFilters, SqlParams, whereClause, withTextGroups } from "./incident-filter-sql";
import { isUuid } from "@/lib/ids";

// Pages of the filtered incidents, by keyset (a row's sort value and id), never OFFSET: page
// 1,000 costs what page 1 costs. A cursor points after a row (the next page) or, marked "before",
// before one (the previous page).

export const INCIDENT_SORTS = {
  date_desc: { expression: "i.occurred_on", direction: "DESC", label: "date, newest first" },
  date_asc: { expression: "i.occurred_on", direction: "ASC", label: "date, oldest first" },
  // Unknown casualties sort after every known count.
  killed_desc: { expression: "coalesce(i.killed_max, -1)", direction: "DESC", label: "killed (high estimate), most first" },
  wounded_desc: { expression: "coalesce(i.wounded_max, -1)", direction: "DESC", label: "wounded (high estimate), most first" },
  reference_asc: { expression: "i.reference", direction: "ASC", label: "reference" },
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
  /** The target site's slug and name, when the incident is at a known site. */
  site: string | null;
  siteName: string | null;
  confidence: string;
  killedMin: number | null;
  killedMax: number | null;
  woundedMin: number | null;
  woundedMax: number | null;
  /** The start of the notes (our own words), shortened to about DETAILS_LENGTH characters. */
  notesExcerpt: string | null;
  /** The start of the wording of the earliest standing claim statement that records one. */
  claimExcerpt: string | null;
};

/** How much of the notes and of the claim wording a row carries; the incident page has the rest. */
export const DETAILS_LENGTH = 140;

type Cursor = { value: string | number; id: string; before?: boolean };

/** An offered sort: own keys only, so "constructor" or "__proto__" is no sort (and no `ORDER BY undefined`). */
export function isIncidentSort(value: string): value is IncidentSort {
  return Object.hasOwn(INCIDENT_SORTS, value);
}

export function encodeCursor(cursor: Cursor): string {
  const parts = cursor.before ? [cursor.value, cursor.id, "before"] : [cursor.value, cursor.id];
  return Buffer.from(JSON.stringify(parts)).toString("base64url");
}

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
    case "wounded_desc":
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
    if (!Array.isArray(parsed) || parsed.length < 2 || parsed.length > 3 || (parsed.length === 3 && parsed[2] !== "before")) return null;
    const [value, id] = parsed as [unknown, unknown];
    if (typeof id !== "string" || !isUuid(id) || (typeof value !== "string" && typeof value !== "number") || !fitsSort(value, sort)) return null;
    return parsed.length === 3 ? { value, id, before: true } : { value, id };
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

/** A shortened text: whole words up to about `max` characters, with an ellipsis when cut. */
export function excerpt(text: string | null, max = DETAILS_LENGTH): string | null {
  const plain = text?.replace(/\s+/g, " ").trim();
  if (!plain) return null;
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max + 1);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut.slice(0, max)).replace(/[\s,;:.]+$/, "")}…`;
}

export type IncidentPage = {
  items: IncidentRow[];
  nextCursor: string | null;
  previousCursor: string | null;
  /** With `withPosition`: the first row's number in the whole sorted list (1 on the first page). */
  firstRowNumber?: number;
};

/**
 * One page of the filtered incidents. `withPosition` also counts the rows before the page (an
 * indexed count over the same filter) so that a page can say "51–100 of 1,234".
 */
export async function listIncidents(
  filters: IncidentFilters,
  page: { sort: IncidentSort; limit: number; cursor?: Cursor | null; withPosition?: boolean },
): Promise<IncidentPage> {
  const { expression, direction } = INCIDENT_SORTS[page.sort];
  const sqlFilters = await withTextGroups(filters);
  const cursor = page.cursor ?? null;
  // A previous page is read backwards from its cursor, then put back in order.
  const isBackwards = cursor?.before === true;
  const readDirection = isBackwards ? (direction === "DESC" ? "ASC" : "DESC") : direction;
  const params = new SqlParams();
  const where = incidentConditions(sqlFilters, params);
  if (cursor) where.push(keysetCondition(page.sort, readDirection, cursor, params));
  const { rows } = await getPool().query(
    `SELECT i.id, i.reference, i.occurred_on::text AS occurred_on, i.date_precision::text, i.country, i.admin1,
            i.location_name, i.location_name_ar, i.attack_type::text, i.outcome::text, i.claim_status::text,
            g.slug AS claimant, g.name AS claimant_name, s.slug AS site, s.name AS site_name, i.confidence::text,
            i.killed_min, i.killed_max, i.wounded_min, i.wounded_max, (${expression})::text AS sort_value,
            left(i.notes, ${DETAILS_LENGTH * 2}) AS notes_start,
            (SELECT left(c.text, ${DETAILS_LENGTH * 2}) FROM incident_claim ic JOIN claim c ON c.id = ic.claim_id
             WHERE ic.incident_id = i.id AND c.status = 'ISSUED' AND c.text IS NOT NULL AND btrim(c.text) <> ''
             ORDER BY c.stated_at, c.id LIMIT 1) AS claim_start
     FROM incident i LEFT JOIN armed_group g ON g.id = i.claimant_id LEFT JOIN site s ON s.id = i.site_id
     ${whereClause(where)}
     ORDER BY ${expression} ${readDirection}, i.id ${readDirection}
     LIMIT ${params.add(page.limit + 1)}`,
    params.values,
  );
  const hasMore = rows.length > page.limit;
  // Back at the start (nothing before these rows): the first page itself, full and in order.
  if (isBackwards && !hasMore) return listIncidents(filters, { ...page, cursor: null });
  const items = rows.slice(0, page.limit);
  if (isBackwards) items.reverse();
  const first = items[0];
  const last = items.at(-1);
  const hasNext = isBackwards ? items.length > 0 : hasMore;
  const hasPrevious = isBackwards ? hasMore : cursor !== null;
  const result: IncidentPage = {
    items: items.map((r) => ({
      id: r.id, reference: r.reference, occurredOn: r.occurred_on, datePrecision: r.date_precision, country: r.country,
      admin1: r.admin1, locationName: r.location_name, locationNameAr: r.location_name_ar, attackType: r.attack_type,
      outcome: r.outcome, claimStatus: r.claim_status, claimant: r.claimant, claimantName: r.claimant_name,
      site: r.site, siteName: r.site_name, confidence: r.confidence, killedMin: r.killed_min, killedMax: r.killed_max, woundedMin: r.wounded_min,
      woundedMax: r.wounded_max, notesExcerpt: excerpt(r.notes_start), claimExcerpt: excerpt(r.claim_start),
    })),
    nextCursor: hasNext && last ? encodeCursor({ value: last.sort_value, id: last.id }) : null,
    previousCursor: hasPrevious && first ? encodeCursor({ value: first.sort_value, id: first.id, before: true }) : null,
  };
  if (page.withPosition) {
    result.firstRowNumber = first && hasPrevious ? (await countRowsBefore(sqlFilters, page.sort, { value: first.sort_value, id: first.id })) + 1 : 1;
  }
  return result;
}

/** Rows after the cursor's row when reading in `readDirection` (before it, read the other way). */
function keysetCondition(sort: IncidentSort, readDirection: "ASC" | "DESC", cursor: Cursor, params: SqlParams): string {
  const { expression } = INCIDENT_SORTS[sort];
  const comparison = readDirection === "DESC" ? "<" : ">";
  const cast = sort.startsWith("date") ? "::date" : sort === "killed_desc" ? "::int" : "::text";
  return `(${expression}, i.id) ${comparison} (${params.add(cursor.value)}${cast}, ${params.add(cursor.id)}::uuid)`;
}

/** How many matching incidents sort before this row. */
async function countRowsBefore(filters: SqlFilters, sort: IncidentSort, row: Cursor): Promise<number> {
  const { direction } = INCIDENT_SORTS[sort];
  const params = new SqlParams();
  const where = incidentConditions(filters, params);
  where.push(keysetCondition(sort, direction === "DESC" ? "ASC" : "DESC", row, params));
  const { rows } = await getPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM incident i ${whereClause(where)}`, params.values);
  return rows[0]?.n ?? 0;
}
