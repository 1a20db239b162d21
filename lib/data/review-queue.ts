import "server-only";
import { type Actor, assertActorCan } from "@/lib/auth/guards";
import { getPool } from "@/lib/db";
import { type FilterProblem, type IncidentFilters, readIncidentFilters } from "@/lib/filters";
import { incidentConditions, SqlParams, whereClause, withTextGroups } from "./incident-filter-sql";
import { isBatchId } from "./incident-import";

// The review queue: the drafts waiting for an editor, with what they came from (an import batch or
// a hand-made entry) and who made them. One filter reading (readReviewQuery) serves the page, its
// links and the bulk actions' "all matching" choice, so publishing "all N" means the N on screen.

export const REVIEW_PAGE_SIZE = 50;

/** Sort orders of the queue; each ends on the id so pages never overlap. */
export const REVIEW_SORTS = {
  created_desc: { label: "Created, newest first", orderBy: "i.created_at DESC, i.id DESC" },
  created_asc: { label: "Created, oldest first", orderBy: "i.created_at ASC, i.id ASC" },
  date_desc: { label: "Incident date, newest first", orderBy: "i.occurred_on DESC, i.id DESC" },
  date_asc: { label: "Incident date, oldest first", orderBy: "i.occurred_on ASC, i.id ASC" },
  reference_asc: { label: "Reference", orderBy: "i.reference ASC, i.id ASC" },
} as const;
export type ReviewSort = keyof typeof REVIEW_SORTS;
export const DEFAULT_REVIEW_SORT: ReviewSort = "created_desc";

/** `batch` is an import batch's id, or "manual" for drafts entered by hand. */
export type ReviewFilters = Pick<IncidentFilters, "from" | "to" | "country" | "q"> & { batch?: string; createdBy?: string };
export type ReviewQuery = { filters: ReviewFilters; sort: ReviewSort; page: number };

/** The parameters of the queue's URL, in the order links write them. */
const INCIDENT_KEYS = ["from", "to", "country", "q"] as const;
export const MANUAL_BATCH = "manual";
/** Better Auth's user ids: letters, digits, - and _. */
const USER_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_PAGE = 100_000;

type QueryInput = URLSearchParams | Record<string, string | string[] | undefined>;
const single = (input: QueryInput, key: string): string | undefined => {
  const value = input instanceof URLSearchParams ? input.get(key) : input[key];
  return (Array.isArray(value) ? value[0] : value) ?? undefined;
};

/**
 * The queue's filter, sort and page as the page reads them: leniently. A bad value falls back to
 * its default and is listed as a problem. Date, country and text are the dashboard's own rules.
 */
export function readReviewQuery(input: QueryInput): { query: ReviewQuery; problems: FilterProblem[] } {
  const incidentParams = new URLSearchParams();
  for (const key of INCIDENT_KEYS) {
    const value = single(input, key);
    if (value !== undefined) incidentParams.set(key, value);
  }
  const { filters: incidentFilters, problems } = readIncidentFilters(incidentParams);
  const filters: ReviewFilters = {};
  for (const key of INCIDENT_KEYS) if (incidentFilters[key] !== undefined) Object.assign(filters, { [key]: incidentFilters[key] });

  const batch = single(input, "batch");
  if (batch) {
    if (batch === MANUAL_BATCH || isBatchId(batch)) filters.batch = batch;
    else problems.push({ parameter: "batch", value: batch.slice(0, 40), message: `batch must be an import's id or "${MANUAL_BATCH}"` });
  }
  const createdBy = single(input, "createdBy");
  if (createdBy) {
    if (USER_ID.test(createdBy)) filters.createdBy = createdBy;
    else problems.push({ parameter: "createdBy", value: createdBy.slice(0, 40), message: "createdBy must be a user's id" });
  }
  const rawSort = single(input, "sort");
  const sort = rawSort && Object.hasOwn(REVIEW_SORTS, rawSort) ? (rawSort as ReviewSort) : DEFAULT_REVIEW_SORT;
  if (rawSort && sort !== rawSort) problems.push({ parameter: "sort", value: rawSort.slice(0, 40), message: `sort must be one of ${Object.keys(REVIEW_SORTS).join(", ")}` });
  const rawPage = single(input, "page");
  let page = 1;
  if (rawPage) {
    if (/^\d{1,6}$/.test(rawPage) && Number(rawPage) >= 1 && Number(rawPage) <= MAX_PAGE) page = Number(rawPage);
    else problems.push({ parameter: "page", value: rawPage.slice(0, 40), message: `page must be a whole number from 1 to ${MAX_PAGE}; showing the first page` });
  }
  return { query: { filters, sort, page }, problems };
}

/** The inverse of readReviewQuery: the URL parameters of a query (defaults left out). */
export function reviewSearchParams(query: ReviewQuery): URLSearchParams {
  const params = new URLSearchParams();
  const { filters } = query;
  for (const key of INCIDENT_KEYS) {
    const value = filters[key];
    if (value !== undefined) params.set(key, Array.isArray(value) ? value.join(",") : value);
  }
  if (filters.batch) params.set("batch", filters.batch);
  if (filters.createdBy) params.set("createdBy", filters.createdBy);
  if (query.sort !== DEFAULT_REVIEW_SORT) params.set("sort", query.sort);
  if (query.page !== 1) params.set("page", String(query.page));
  return params;
}

export type ReviewRow = {
  id: string; reference: string; version: number; occurredOn: string; datePrecision: string; country: string; admin1: string | null;
  locationName: string; attackType: string; claimantName: string | null; createdAt: Date; createdBy: string | null; batchFile: string | null;
};

/** How many drafts wait, from where and by whom: the whole queue, whatever the filter. */
export type ReviewCounts = {
  total: number;
  byBatch: { batchId: string | null; fileName: string | null; committedAt: Date | null; drafts: number }[];
  byCreator: { userId: string | null; name: string | null; drafts: number }[];
};

export type ReviewQueuePage = {
  counts: ReviewCounts;
  /** Drafts matching the filter. */
  matching: number;
  rows: ReviewRow[];
  /** The page actually shown (a page past the end shows the last one). */
  page: number;
  /** The database's clock when the page was read: a draft written since has changed under the reader. */
  loadedAt: Date;
};

/** The SQL naming the batch a draft was imported in: its IMPORT entry's batch id (null: made by hand). */
const IMPORT_ENTRY = `SELECT a.batch_id FROM audit_entry a
  WHERE a.entity_type = 'incident' AND a.entity_id = i.id::text AND a.action = 'IMPORT' LIMIT 1`;

/** WHERE conditions over `incident i` for the queue's filter: drafts only. */
export async function reviewConditions(filters: ReviewFilters, params: SqlParams): Promise<string[]> {
  const where = incidentConditions(await withTextGroups(filters), params, "DRAFT");
  if (filters.batch === MANUAL_BATCH) where.push(`NOT EXISTS (${IMPORT_ENTRY})`);
  else if (filters.batch) {
    where.push(`i.id::text IN (SELECT a.entity_id FROM audit_entry a WHERE a.batch_id = ${params.add(filters.batch)}::uuid AND a.entity_type = 'incident')`);
  }
  if (filters.createdBy) where.push(`i.created_by_id = ${params.add(filters.createdBy)}`);
  return where;
}

export async function getReviewQueue(actor: Actor, query: ReviewQuery): Promise<ReviewQueuePage> {
  assertActorCan(actor, "read:draft");
  const pool = getPool();
  // Read first: anything written after this moment counts as changed since the page was loaded.
  const { rows: [clock] } = await pool.query<{ now: Date }>("SELECT now()");
  const params = new SqlParams();
  const where = whereClause(await reviewConditions(query.filters, params));
  const matching = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM incident i ${where}`, params.values)).rows[0]!.n;
  const lastPage = Math.max(1, Math.ceil(matching / REVIEW_PAGE_SIZE));
  const page = Math.min(query.page, lastPage);
  const { rows } = await pool.query<ReviewRow>(
    `SELECT i.id::text AS id, i.reference, i.version, to_char(i.occurred_on, 'YYYY-MM-DD') AS "occurredOn", i.date_precision::text AS "datePrecision",
            i.country, i.admin1, i.location_name AS "locationName", i.attack_type::text AS "attackType", g.name AS "claimantName",
            i.created_at AS "createdAt", coalesce(nullif(u.name, ''), u.email) AS "createdBy", b.file_name AS "batchFile"
     FROM incident i
     LEFT JOIN armed_group g ON g.id = i.claimant_id
     LEFT JOIN app_user u ON u.id = i.created_by_id
     LEFT JOIN LATERAL (${IMPORT_ENTRY}) src ON true
     LEFT JOIN import_batch b ON b.id = src.batch_id
     ${where}
     ORDER BY ${REVIEW_SORTS[query.sort].orderBy}
     LIMIT ${REVIEW_PAGE_SIZE} OFFSET ${(page - 1) * REVIEW_PAGE_SIZE}`,
    params.values,
  );
  return { counts: await countReviewQueue(), matching, rows, page, loadedAt: clock!.now };
}

async function countReviewQueue(): Promise<ReviewCounts> {
  type Row = { kind: "batch" | "creator" | "total"; batch_id: string | null; file_name: string | null; committed_at: Date | null; user_id: string | null; name: string | null; drafts: number };
  const { rows } = await getPool().query<Row>(
    `WITH draft AS (
       SELECT i.created_by_id, src.batch_id FROM incident i LEFT JOIN LATERAL (${IMPORT_ENTRY}) src ON true WHERE i.status = 'DRAFT'
     ), grouped AS (
       SELECT CASE WHEN GROUPING(batch_id) = 0 THEN 'batch' WHEN GROUPING(created_by_id) = 0 THEN 'creator' ELSE 'total' END AS kind,
              batch_id, created_by_id, count(*)::int AS drafts
       FROM draft GROUP BY GROUPING SETS ((batch_id), (created_by_id), ())
     )
     SELECT s.kind, s.batch_id::text AS batch_id, b.file_name, b.committed_at, s.created_by_id AS user_id,
            coalesce(nullif(u.name, ''), u.email) AS name, s.drafts
     FROM grouped s
     LEFT JOIN import_batch b ON s.kind = 'batch' AND b.id = s.batch_id
     LEFT JOIN app_user u ON s.kind = 'creator' AND u.id = s.created_by_id
     ORDER BY s.drafts DESC, b.committed_at DESC NULLS LAST, name`,
  );
  return {
    total: rows.find((r) => r.kind === "total")?.drafts ?? 0,
    byBatch: rows.filter((r) => r.kind === "batch").map((r) => ({ batchId: r.batch_id, fileName: r.file_name, committedAt: r.committed_at, drafts: r.drafts })),
    byCreator: rows.filter((r) => r.kind === "creator").map((r) => ({ userId: r.user_id, name: r.name, drafts: r.drafts })),
  };
}
