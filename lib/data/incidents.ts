import "server-only";
import { type Actor, assertActorCan } from "@/lib/auth/guards";
import { getPool } from "@/lib/db";

export type Provenance = {
  /** Generated demo rows are loaded: every page says so. */
  hasSynthetic: boolean;
  /** Published incidents that are not synthetic. */
  realIncidents: number;
  /** The information cutoff of the last public-record load, or null if it was never loaded. */
  cutoff: string | null;
};

/** What every page states about its data: where it comes from, how much, and how current. */
export async function getProvenance(): Promise<Provenance> {
  const { rows } = await getPool().query<{ has_synthetic: boolean; real: number; cutoff: string | null }>(
    `SELECT EXISTS (SELECT 1 FROM incident WHERE is_synthetic) AS has_synthetic,
            (SELECT count(*)::int FROM incident WHERE NOT is_synthetic AND status = 'PUBLISHED') AS real,
            (SELECT to_char(cutoff, 'YYYY-MM-DD') FROM public_record_load ORDER BY id DESC LIMIT 1) AS cutoff`,
  );
  const row = rows[0]!;
  return { hasSynthetic: row.has_synthetic, realIncidents: row.real, cutoff: row.cutoff };
}

export type RecordPeriod = {
  /** The first and last day of a published incident, null when nothing is published. */
  firstDay: string | null;
  lastDay: string | null;
  /** When a published incident last changed (created, edited or published), UTC. */
  lastUpdated: Date | null;
};

/** The period the published record covers and how fresh it is: the dashboard states both above the figures. */
export async function getRecordPeriod(actor: Actor): Promise<RecordPeriod> {
  assertActorCan(actor, "read:incident");
  const { rows } = await getPool().query<{ first_day: string | null; last_day: string | null; last_updated: Date | null }>(
    `SELECT min(occurred_on)::text AS first_day, max(occurred_on)::text AS last_day, max(updated_at) AS last_updated
     FROM incident WHERE status = 'PUBLISHED'`,
  );
  const row = rows[0]!;
  return { firstDay: row.first_day, lastDay: row.last_day, lastUpdated: row.last_updated };
}

/** Real published incidents of one day and kind, the unit the coverage tables add up. */
type CoverageCell = { day: string; country: string; confirmed: boolean; official: boolean; claimed: boolean; incidents: number };

export type CoverageRow = { label: string; from: string; to: string | null; incidents: number; byCountry: Record<string, number>; confirmed: number; official: number; claimOnly: number };

/** The real record counted by period: what the methodology page sets beside the published tallies. */
export async function getRecordCoverage(periods: ReadonlyArray<{ label: string; from: string; to: string | null }>): Promise<CoverageRow[]> {
  const { rows } = await getPool().query<CoverageCell>(
    `SELECT to_char(occurred_on, 'YYYY-MM-DD') AS day, country, confidence = 'CONFIRMED' AS confirmed,
            coalesce(cardinality(confirmed_by), 0) > 0 AS official, claim_count > 0 AS claimed, count(*)::int AS incidents
     FROM incident WHERE NOT is_synthetic AND status = 'PUBLISHED' GROUP BY 1, 2, 3, 4, 5`,
  );
  return periods.map(({ label, from, to }) => {
    const inside = rows.filter((r) => r.day >= from && (to === null || r.day <= to));
    const sum = (keep: (r: CoverageCell) => boolean) => inside.filter(keep).reduce((n, r) => n + r.incidents, 0);
    const byCountry: Record<string, number> = {};
    for (const r of inside) byCountry[r.country] = (byCountry[r.country] ?? 0) + r.incidents;
    return { label, from, to, incidents: sum(() => true), byCountry, confirmed: sum((r) => r.confirmed), official: sum((r) => r.official), claimOnly: sum((r) => r.claimed && !r.official) };
  });
}
