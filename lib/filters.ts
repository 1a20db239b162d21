// The one incident filter: parsed from a URL's query, written back to one, and turned into SQL by
// lib/data/incident-filter-sql.ts. Pages, the JSON API and exports all use it, so a shared link, a
// chart and a downloaded file always mean the same set of incidents.
//
// No server-only here: the filter bar uses it in the browser too.

import { z } from "zod";
import { SLUG_PATTERN } from "@/lib/ids";
import {
  type AttackType, ATTACK_TYPES, type ClaimStatementStatus, CLAIM_STATEMENT_STATUSES, type ClaimStatus, CLAIM_STATUSES, type Confidence, CONFIDENCES,
  type Outcome, OUTCOMES,
} from "@/lib/codes";

/** Who vouches for an incident: officials confirmed it; only a claim does; nobody claimed it. */
export const CONFIRMATIONS = ["OFFICIAL", "CLAIM_ONLY", "UNCLAIMED"] as const;

export const MAX_QUERY_LENGTH = 200;
const MAX_LIST_ITEMS = 50;

/** west, south, east, north in degrees. west > east means the box crosses the antimeridian. */
export type BBox = readonly [west: number, south: number, east: number, north: number];

export type IncidentFilters = {
  from?: string; // YYYY-MM-DD, event date, inclusive
  to?: string; // YYYY-MM-DD, event date, inclusive
  claimant?: string[]; // group slugs; a parent includes its façade groups
  type?: AttackType[];
  outcome?: Outcome[];
  country?: string[]; // ISO 3166-1 alpha-2
  admin1?: string[];
  site?: string[]; // site slugs
  confidence?: Confidence[];
  claimStatus?: ClaimStatus[];
  confirmation?: (typeof CONFIRMATIONS)[number][];
  claimLedger?: ClaimStatementStatus[]; // has a claim statement in one of these states
  minKilled?: number; // at least this many killed (by the lower estimate, so it is sure)
  q?: string; // text over place, notes, sources and group names
  bbox?: BBox;
};

export type FilterKey = keyof IncidentFilters;
export const FILTER_KEYS: readonly FilterKey[] = [
  "from", "to", "claimant", "type", "outcome", "country", "admin1", "site", "confidence", "claimStatus", "confirmation", "claimLedger", "minKilled", "q",
  "bbox",
];

/** A rejected parameter: its name, the value as given, and why, in words for a person. */
export type FilterProblem = { parameter: string; value: string; message: string };

/** The earliest filter date: PostgreSQL has no year 0, and nothing here happened before 1900. */
export const EARLIEST_FILTER_DAY = "1900-01-01";

// Date.parse accepts "2024-02-30" (as March 1st): the round trip is what refuses it.
const isCalendarDay = (s: string) => {
  const time = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(s);
};
const isoDay = z.iso
  .date()
  .refine(isCalendarDay, { message: "is not a real calendar date" })
  .refine((s) => s >= EARLIEST_FILTER_DAY, { message: `is before ${EARLIEST_FILTER_DAY}, the earliest date accepted` });

/** Whether `s` is a day the filter accepts (YYYY-MM-DD, real, not before EARLIEST_FILTER_DAY). */
export const isFilterDay = (s: string): boolean => isoDay.safeParse(s).success;

const slug = z.string().regex(SLUG_PATTERN, "is not a valid slug (lowercase words of letters and digits joined by single hyphens)");
const upperCode = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim().toUpperCase().replaceAll("-", "_") : v), z.enum(values, { error: `must be one of ${values.map((v) => v.toLowerCase()).join(", ")}` }));

const bbox = z
  .string()
  .transform((s, ctx): BBox => {
    const parts = s.split(",").map((p) => p.trim());
    const numbers = parts.map(Number);
    if (parts.length !== 4 || parts.some((p) => p === "") || numbers.some((n) => !Number.isFinite(n))) {
      ctx.addIssue({ code: "custom", message: "must be four numbers: west,south,east,north" });
      return z.NEVER;
    }
    const [west, south, east, north] = numbers as [number, number, number, number];
    if (Math.abs(west) > 180 || Math.abs(east) > 180) ctx.addIssue({ code: "custom", message: "longitudes must lie between -180 and 180" });
    else if (Math.abs(south) > 90 || Math.abs(north) > 90) ctx.addIssue({ code: "custom", message: "latitudes must lie between -90 and 90" });
    else if (south > north) ctx.addIssue({ code: "custom", message: "south must not be greater than north" });
    return [west, south, east, north];
  });

// PostgreSQL text cannot hold NUL: refused here, it is a clear 400 instead of a database error.
const hasNoNul = (s: string) => !s.includes("\0");
const NO_NUL = "must not contain a NUL character";

/** How each parameter is read from its string value(s). Lists accept repeats and comma lists. */
const SINGLE = {
  from: isoDay,
  to: isoDay,
  minKilled: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(0, "must not be negative").max(100_000, "is too large"),
  q: z.string().trim().max(MAX_QUERY_LENGTH, `must be at most ${MAX_QUERY_LENGTH} characters`).refine(hasNoNul, NO_NUL),
  bbox,
} satisfies Partial<Record<FilterKey, z.ZodType>>;

const LIST = {
  claimant: slug,
  type: upperCode(ATTACK_TYPES),
  outcome: upperCode(OUTCOMES),
  country: z.preprocess((v) => (typeof v === "string" ? v.trim().toUpperCase() : v), z.string().regex(/^[A-Z]{2}$/, "must be a two-letter country code")),
  admin1: z.string().trim().min(1).max(100, "is too long").refine(hasNoNul, NO_NUL),
  site: slug,
  confidence: upperCode(CONFIDENCES),
  claimStatus: upperCode(CLAIM_STATUSES),
  confirmation: upperCode(CONFIRMATIONS),
  claimLedger: upperCode(CLAIM_STATEMENT_STATUSES),
} satisfies Partial<Record<FilterKey, z.ZodType>>;

type QueryInput = URLSearchParams | Record<string, string | string[] | undefined>;

function valuesOf(input: QueryInput, key: string): string[] {
  if (input instanceof URLSearchParams) return input.getAll(key);
  const v = input[key];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/**
 * Reads every filter parameter, keeping the valid ones and listing each problem. Callers choose the
 * policy: pages ignore bad parameters and say so, the API refuses the request (see below).
 */
export function readIncidentFilters(input: QueryInput): { filters: IncidentFilters; problems: FilterProblem[] } {
  const filters: Record<string, unknown> = {};
  const problems: FilterProblem[] = [];

  for (const [key, schema] of Object.entries(SINGLE)) {
    const raw = valuesOf(input, key).filter((v) => v !== "");
    if (raw.length === 0) continue;
    if (raw.length > 1) {
      problems.push({ parameter: key, value: raw.join(","), message: `${key} is given ${raw.length} times; give it once` });
      continue;
    }
    const parsed = schema.safeParse(raw[0]);
    if (parsed.success) {
      if (parsed.data !== "") filters[key] = parsed.data;
    } else problems.push({ parameter: key, value: raw[0]!, message: `${key} ${parsed.error.issues[0]?.message ?? "is invalid"}` });
  }

  for (const [key, schema] of Object.entries(LIST)) {
    const items = valuesOf(input, key).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
    if (items.length === 0) continue;
    if (items.length > MAX_LIST_ITEMS) {
      problems.push({ parameter: key, value: `${items.length} values`, message: `${key} takes at most ${MAX_LIST_ITEMS} values` });
      continue;
    }
    const good: unknown[] = [];
    for (const item of items) {
      const parsed = schema.safeParse(item);
      if (parsed.success) {
        if (!good.includes(parsed.data)) good.push(parsed.data);
      } else problems.push({ parameter: key, value: item, message: `${key} "${item.slice(0, 40)}" ${parsed.error.issues[0]?.message ?? "is invalid"}` });
    }
    if (good.length > 0) filters[key] = good;
  }

  const result = filters as IncidentFilters;
  if (result.from && result.to && result.from > result.to) {
    problems.push({ parameter: "from", value: result.from, message: `from (${result.from}) is after to (${result.to})` });
    delete result.from;
    delete result.to;
  }
  return { filters: result, problems };
}

/** Strict reading for the JSON API and exports: the first problem becomes a 400 naming the parameter. */
export function parseIncidentFiltersStrict(input: QueryInput): { ok: true; filters: IncidentFilters } | { ok: false; problem: FilterProblem } {
  const { filters, problems } = readIncidentFilters(input);
  return problems[0] ? { ok: false, problem: problems[0] } : { ok: true, filters };
}

/** The inverse of reading: a canonical query string (stable key order, lists as comma lists). */
export function toSearchParams(filters: IncidentFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    if (key === "bbox") params.set(key, (value as BBox).map((n) => roundCoordinate(n)).join(","));
    else if (Array.isArray(value)) {
      const lowerCase = key !== "country" && key !== "admin1" && key !== "claimant" && key !== "site";
      params.set(key, value.map((v) => (lowerCase ? String(v).toLowerCase() : String(v))).join(","));
    } else params.set(key, String(value));
  }
  return params;
}

export function hasAnyFilter(filters: IncidentFilters): boolean {
  return FILTER_KEYS.some((key) => filters[key] !== undefined);
}

/** Four decimals (~11 m) is plenty for a view's box and keeps shared links short. */
const roundCoordinate = (n: number) => Math.round(n * 1e4) / 1e4;
