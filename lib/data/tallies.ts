import "server-only";
import { type Actor, assertActorCan } from "@/lib/auth/guards";
import { getDb, getPool } from "@/lib/db";
import type { IncidentFilters } from "@/lib/filters";
import type { Tally } from "@/lib/generated/prisma/client";
import { CAMPAIGN_START } from "@/lib/campaign-phases";
import type { CountQualifier, TallyRule } from "@/lib/codes";
import type { TallyInput, TallyUpdateInput } from "@/lib/validation/tally";
import { incidentConditions, SqlParams, whereClause, withTextGroups } from "./incident-filter-sql";
import { audit, changedFields, lockVersion, toDate, toDay, withUniqueKey } from "./keyed-record-writes";

// Published tallies (the Pentagon's, the Washington Institute's, SOHR's, ISW's) beside our own
// count of the same scope on the same date. Ours is computed from the incident rows on every read,
// never stored, so a corrected incident moves every comparison at once.

export type Country = "IQ" | "SY" | "JO";
const COUNTRIES: readonly Country[] = ["IQ", "SY", "JO"];

export type TallyRecord = {
  id: string;
  key: string;
  version: number;
  publisher: string;
  asOf: string;
  count: number;
  qualifier: CountQualifier;
  countIraq: number | null;
  countSyria: number | null;
  countJordan: number | null;
  scope: string;
  rule: TallyRule;
  sourceUrl: string;
  sourcePublisher: string | null;
  publishedOn: string | null;
};

export type Reconciliation = TallyRecord & {
  theirs: { count: number; qualifier: CountQualifier; /** "61", "about 100", "170+", "more than 180" */ label: string };
  ours: number;
  /** Of ours, the incidents that officials confirmed: the rest rest on claims or other reporting alone. */
  oursConfirmed: number;
  /** ours − theirs */
  difference: number;
  /** Only the countries the tally gives a figure for. */
  splits: Array<{ country: Country; theirs: number; ours: number; difference: number }>;
  /** What our side of the comparison counts, in words. */
  ourScope: string;
  why: string;
};

// --- the rules ------------------------------------------------------------------------------------

const IRI_SLUG = "islamic-resistance-in-iraq";

type RuleScope = {
  /** Countries our side counts; null: all. */
  countries: readonly Country[] | null;
  /** Only incidents credited to the IRI or a group below it. */
  isIriOnly: boolean;
  from: string;
  ourScope: string;
  /** Why their figure differs from ours, as a clause. */
  reason: string;
};

/** Each rule's scope: the one definition that the SQL, the scope column and the why sentence read. */
const RULES: Record<TallyRule, RuleScope> = {
  PENTAGON: {
    countries: ["IQ", "SY", "JO"], isIriOnly: false, from: CAMPAIGN_START,
    ourScope: "Iraq, Syria and Jordan since 17 Oct 2023",
    reason: "the Pentagon counts attacks on US facilities, and officials' running counts include drones downed en route",
  },
  WINEP: {
    countries: null, isIriOnly: true, from: CAMPAIGN_START,
    ourScope: "credited to the Islamic Resistance in Iraq or a group under it, since 17 Oct 2023",
    reason: "the Washington Institute counts attacks the Islamic Resistance in Iraq claimed",
  },
  SOHR: {
    countries: ["SY"], isIriOnly: false, from: "2023-10-19",
    ourScope: "Syria since 19 Oct 2023",
    reason: "SOHR counts Syria only, under its own wider rule",
  },
  ISW: {
    countries: null, isIriOnly: true, from: CAMPAIGN_START,
    ourScope: "credited to the Islamic Resistance in Iraq or a group under it, since 17 Oct 2023",
    reason: "ISW counts claimed attacks",
  },
  OTHER: {
    countries: null, isIriOnly: false, from: CAMPAIGN_START,
    ourScope: "all our incidents since 17 Oct 2023",
    reason: "the publisher counts by its own rule",
  },
};

const OUR_UNIT = "we count one attack on one site on one local day, so several attacks on a site in a day are one incident";

export function formatTallyCount(count: number, qualifier: CountQualifier): string {
  const n = count.toLocaleString("en-US");
  return { EXACT: n, ABOUT: `about ${n}`, AT_LEAST: `${n}+`, MORE_THAN: `more than ${n}` }[qualifier];
}

/** "Ours is 12 lower: the Pentagon counts …, while we count one attack on one site …" */
function whyOf(rule: TallyRule, qualifier: CountQualifier, difference: number, ours: number, oursConfirmed: number): string {
  const lead = difference === 0 ? "Same figure" : `Ours is ${Math.abs(difference).toLocaleString("en-US")} ${difference < 0 ? "lower" : "higher"}`;
  const theirs = qualifier === "ABOUT" ? "; theirs is a rounded figure" : qualifier === "EXACT" ? "" : "; theirs is a lower bound";
  const unconfirmed = ours - oursConfirmed;
  const ourSide = unconfirmed > 0 ? ` Of ours, ${oursConfirmed.toLocaleString("en-US")} were confirmed by officials; ${unconfirmed.toLocaleString("en-US")} rest on claims or other reporting alone.` : "";
  return `${lead}: ${RULES[rule].reason}, while ${OUR_UNIT}${theirs}.${ourSide}`;
}

/** The rule's scope as SQL over the daily counts `d`, one CASE branch per rule, from RULES. */
function scopeCondition(params: SqlParams): string {
  const branches = (Object.entries(RULES) as [TallyRule, RuleScope][]).map(([rule, scope]) => {
    const conditions = [`d.day >= ${params.add(scope.from)}::date`];
    if (scope.countries) conditions.push(`d.country = ANY(${params.add(scope.countries)}::text[])`);
    if (scope.isIriOnly) conditions.push("d.is_iri");
    return `WHEN '${rule}' THEN ${conditions.join(" AND ")}`;
  });
  return `CASE t.rule ${branches.join(" ")} ELSE false END`;
}

// --- reads ----------------------------------------------------------------------------------------

const TALLY_COLUMNS = `t.id::text AS id, t.key, t.version, t.publisher, t.as_of::text AS "asOf", t.count, t.qualifier::text AS qualifier,
  t.count_iraq AS "countIraq", t.count_syria AS "countSyria", t.count_jordan AS "countJordan", t.scope, t.rule::text AS rule,
  t.source_url AS "sourceUrl", t.source_publisher AS "sourcePublisher", t.published_on::text AS "publishedOn"`;

export async function listTallies(actor: Actor): Promise<TallyRecord[]> {
  assertActorCan(actor, "read:incident");
  const { rows } = await getPool().query<TallyRecord>(`SELECT ${TALLY_COLUMNS} FROM tally t ORDER BY t.as_of, t.publisher, t.key`);
  return rows;
}

type ReconciliationRow = TallyRecord & { ours: number; oursConfirmed: number; oursIQ: number; oursSY: number; oursJO: number };

/**
 * Every tally with our count of its scope as of its date, in one statement: real (not synthetic)
 * published incidents are counted once per day, country and "credited to the IRI family", and each
 * tally sums the days its rule covers up to its as-of date. One pass over the incidents, whatever
 * the number of tallies.
 */
export async function getReconciliation(actor: Actor): Promise<Reconciliation[]> {
  assertActorCan(actor, "read:incident");
  const params = new SqlParams();
  const { rows } = await getPool().query<ReconciliationRow>(
    `WITH RECURSIVE iri AS (
       SELECT id FROM armed_group WHERE slug = ${params.add(IRI_SLUG)}
       UNION SELECT g.id FROM armed_group g JOIN iri ON g.parent_id = iri.id
     ), daily AS (
       SELECT i.occurred_on AS day, i.country, coalesce(i.claimant_id IN (SELECT id FROM iri), false) AS is_iri,
              coalesce(cardinality(i.confirmed_by), 0) > 0 AS is_confirmed, count(*)::int AS n
       FROM incident i
       WHERE i.status = 'PUBLISHED' AND NOT i.is_synthetic AND i.occurred_on >= ${params.add(CAMPAIGN_START)}::date
       GROUP BY 1, 2, 3, 4
     )
     SELECT ${TALLY_COLUMNS},
            coalesce(sum(d.n), 0)::int AS ours, coalesce(sum(d.n) FILTER (WHERE d.is_confirmed), 0)::int AS "oursConfirmed",
            ${COUNTRIES.map((c) => `coalesce(sum(d.n) FILTER (WHERE d.country = '${c}'), 0)::int AS "ours${c}"`).join(", ")}
     FROM tally t
     LEFT JOIN daily d ON d.day <= t.as_of AND ${scopeCondition(params)}
     GROUP BY t.id
     ORDER BY t.as_of, t.publisher, t.key`,
    params.values,
  );
  return rows.map(({ ours, oursConfirmed, oursIQ, oursSY, oursJO, ...tally }) => {
    const oursBy: Record<Country, number> = { IQ: oursIQ, SY: oursSY, JO: oursJO };
    const theirsBy: Record<Country, number | null> = { IQ: tally.countIraq, SY: tally.countSyria, JO: tally.countJordan };
    const difference = ours - tally.count;
    return {
      ...tally,
      theirs: { count: tally.count, qualifier: tally.qualifier, label: formatTallyCount(tally.count, tally.qualifier) },
      ours,
      oursConfirmed,
      difference,
      splits: COUNTRIES.flatMap((country) => {
        const theirs = theirsBy[country];
        return theirs === null ? [] : [{ country, theirs, ours: oursBy[country], difference: oursBy[country] - theirs }];
      }),
      ourScope: RULES[tally.rule].ourScope,
      why: whyOf(tally.rule, tally.qualifier, difference, ours, oursConfirmed),
    };
  });
}

export type CumulativePoint = { day: string; total: number };

/**
 * Our running count of published incidents under the dashboard's filter, one point per day that
 * has incidents. It starts at the campaign's first day at the earliest, like every tally: an
 * incident before it is in no published count.
 */
export async function getCumulativeCounts(actor: Actor, query: IncidentFilters): Promise<CumulativePoint[]> {
  assertActorCan(actor, "read:incident");
  const from = query.from && query.from > CAMPAIGN_START ? query.from : CAMPAIGN_START;
  const filters = await withTextGroups({ ...query, from });
  const params = new SqlParams();
  const { rows } = await getPool().query<CumulativePoint>(
    `SELECT day::text AS day, (sum(n) OVER (ORDER BY day))::int AS total
     FROM (SELECT i.occurred_on AS day, count(*) AS n FROM incident i ${whereClause(incidentConditions(filters, params))} GROUP BY 1) d
     ORDER BY day`,
    params.values,
  );
  return rows;
}

export type TallyComparison = {
  /** The day our line starts from (the filter's start, or the campaign's first day). */
  from: string;
  cumulative: CumulativePoint[];
  /** The tallies inside the line's date range, with our count of each one's own scope. */
  tallies: Reconciliation[];
};

/** The dashboard's comparison chart: our line under the filter, and the tallies of its period. */
export async function getTallyComparison(actor: Actor, filters: IncidentFilters): Promise<TallyComparison> {
  const [cumulative, tallies] = await Promise.all([getCumulativeCounts(actor, filters), getReconciliation(actor)]);
  const from = filters.from && filters.from > CAMPAIGN_START ? filters.from : CAMPAIGN_START;
  return { from, cumulative, tallies: tallies.filter((t) => t.asOf >= from && (!filters.to || t.asOf <= filters.to)) };
}

// --- writes ---------------------------------------------------------------------------------------

type TallySnapshot = Omit<TallyRecord, "id">;

function snapshot(row: Tally): TallySnapshot {
  return {
    key: row.key, version: row.version, publisher: row.publisher, asOf: toDay(row.asOf), count: row.count, qualifier: row.qualifier,
    countIraq: row.countIraq, countSyria: row.countSyria, countJordan: row.countJordan, scope: row.scope, rule: row.rule,
    sourceUrl: row.sourceUrl, sourcePublisher: row.sourcePublisher, publishedOn: row.publishedOn ? toDay(row.publishedOn) : null,
  };
}

function columns(input: TallyInput | TallyUpdateInput) {
  return {
    publisher: input.publisher, asOf: toDate(input.asOf), count: input.count, qualifier: input.qualifier,
    countIraq: input.countIraq, countSyria: input.countSyria, countJordan: input.countJordan, scope: input.scope, rule: input.rule,
    sourceUrl: input.sourceUrl, sourcePublisher: input.sourcePublisher, publishedOn: input.publishedOn ? toDate(input.publishedOn) : null,
  };
}

export async function createTally(actor: Actor, input: TallyInput): Promise<{ id: string; version: number }> {
  assertActorCan(actor, "edit:tally");
  return withUniqueKey(() =>
    getDb().$transaction(async (tx) => {
      // updatedById set: the public-record loader leaves rows a person saved as they are.
      const row = await tx.tally.create({ data: { key: input.key, ...columns(input), createdById: actor.userId, updatedById: actor.userId } });
      await audit(tx, actor, "CREATE", "tally", row.id, null, snapshot(row));
      return { id: row.id, version: row.version };
    }),
  );
}

/** ConflictError (nothing written) when someone saved after the editor's version. */
export async function updateTally(actor: Actor, input: TallyUpdateInput): Promise<{ id: string; version: number }> {
  assertActorCan(actor, "edit:tally");
  return getDb().$transaction(async (tx) => {
    await lockVersion(tx, "tally", input.id, input.version);
    const before = snapshot(await tx.tally.findUniqueOrThrow({ where: { id: input.id } }));
    const row = await tx.tally.update({
      where: { id: input.id },
      data: { ...columns(input), version: { increment: 1 }, updatedById: actor.userId },
    });
    const change = changedFields(before, snapshot(row));
    await audit(tx, actor, "UPDATE", "tally", row.id, change.before, change.after);
    return { id: row.id, version: row.version };
  });
}
