import "server-only";
import { type Actor, actorCan } from "@/lib/auth/guards";
import { getPool } from "@/lib/db";
import { isSlug } from "@/lib/ids";
import { listGroups } from "./dashboard";

// A group's page: who it is, what the record credits to it and to its façades, what analysts
// attribute to it, its claim statements and the sources behind its incidents. Published incidents
// only, whoever asks: the page is public, and a claim or source of a draft must not show through it.
//
// "Credited" is the counting rule of the whole app: an incident counts for the group of its
// earliest claim statement that still stands (incident.claimant_id, kept by a trigger). A group's
// figure includes its façades, exactly as the dashboard filter `?claimant=<slug>` counts.

/** Statements per page of the group's claims ledger. */
export const LEDGER_PAGE_SIZE = 25;
/** Publishers listed under "Sources"; the rest are summed up in one line. */
const SOURCE_PUBLISHER_LIMIT = 20;

/** The group and every group below it (its façades, and theirs), as SQL over $1 = the group's id. */
const TREE = `WITH RECURSIVE tree AS (
    SELECT id, 0 AS depth FROM armed_group WHERE id = $1
    UNION SELECT g.id, tree.depth + 1 FROM armed_group g JOIN tree ON g.parent_id = tree.id
  )`;

type GroupName = { slug: string; name: string; nameAr: string | null };

export type GroupMemberCount = GroupName & {
  /** 0 for the group itself, 1 for its façades, 2 for theirs. */
  depth: number;
  parentSlug: string | null;
  /** Credited to this name itself. */
  credited: number;
  /** Credited to it or to a group below it: what the filter `?claimant=<slug>` counts. */
  creditedWithBelow: number;
  attributed: number;
};

export type LedgerStatement = {
  id: string;
  statedAt: Date;
  status: string;
  group: GroupName;
  channel: string | null;
  text: string | null;
  textAr: string | null;
  url: string | null;
  weaponClaimed: string | null;
  targetClaimed: string | null;
  supersededBy: { statedAt: Date; group: GroupName } | null;
  /** The published incidents the statement claims, and whom each is credited to now. */
  incidents: Array<{ id: string; reference: string; occurredOn: string; creditedTo: string | null }>;
};

export type GroupProfile = {
  group: GroupName & { aliases: string[]; description: string | null };
  parent: GroupName | null;
  /** Façades: the groups directly below this one. */
  members: GroupName[];
  /** The group first, then everything below it. */
  counts: GroupMemberCount[];
  /** Incidents credited to the group or any group below it: the dashboard's `?claimant=<slug>` count. */
  creditedTotal: number;
  /** Incidents analysts attribute to the group or a group below it (a separate judgement from claims). */
  attributedTotal: number;
  /** Every month from the first to the last incident, quiet months as zeros. */
  months: Array<{ start: string; credited: Record<string, number>; attributed: number }>;
  /** Colours as the dashboard gives them, for the group and each group below it. */
  colors: Record<string, string>;
  ledger: {
    statements: LedgerStatement[];
    total: number;
    byStatus: Record<string, number>;
    page: number;
    pageCount: number;
  };
  sources: {
    publishers: Array<{ publisher: string; sources: number; incidents: number }>;
    publisherCount: number;
    sourceCount: number;
  };
};

/**
 * One group's profile, or null when there is no such group (a malformed slug included) or the actor
 * may not read the record.
 */
export async function getGroupProfile(actor: Actor, slug: string, options: { ledgerPage?: number } = {}): Promise<GroupProfile | null> {
  if (!actorCan(actor, "read:incident") || !isSlug(slug)) return null;
  const pool = getPool();
  const { rows: found } = await pool.query<{ id: string; slug: string; name: string; name_ar: string | null; aliases: string[]; description: string | null; parent_slug: string | null; parent_name: string | null; parent_name_ar: string | null }>(
    `SELECT g.id, g.slug, g.name, g.name_ar, g.aliases, g.description, p.slug AS parent_slug, p.name AS parent_name, p.name_ar AS parent_name_ar
     FROM armed_group g LEFT JOIN armed_group p ON p.id = g.parent_id WHERE g.slug = $1`,
    [slug],
  );
  const row = found[0];
  if (!row) return null;

  const ledgerPage = Math.max(1, Math.floor(options.ledgerPage ?? 1));
  const [counts, months, ledger, sources, groups] = await Promise.all([
    memberCounts(row.id),
    monthlyCounts(row.id),
    claimsLedger(row.id, ledgerPage),
    sourcePublishers(row.id),
    listGroups(),
  ]);
  const colors = Object.fromEntries(groups.map((g) => [g.slug, g.color]));
  return {
    group: { slug: row.slug, name: row.name, nameAr: row.name_ar, aliases: row.aliases, description: row.description },
    parent: row.parent_slug ? { slug: row.parent_slug, name: row.parent_name!, nameAr: row.parent_name_ar } : null,
    members: counts.filter((c) => c.depth === 1).map(({ slug, name, nameAr }) => ({ slug, name, nameAr })),
    counts,
    creditedTotal: counts[0]?.creditedWithBelow ?? 0,
    attributedTotal: counts.reduce((n, c) => n + c.attributed, 0),
    months,
    colors,
    ledger,
    sources,
  };
}

async function memberCounts(groupId: string): Promise<GroupMemberCount[]> {
  const { rows } = await getPool().query<{ slug: string; name: string; name_ar: string | null; depth: number; parent_slug: string | null; credited: number; attributed: number }>(
    `${TREE}
     SELECT g.slug, g.name, g.name_ar, tree.depth, p.slug AS parent_slug,
            (SELECT count(*) FROM incident i WHERE i.status = 'PUBLISHED' AND i.claimant_id = g.id)::int AS credited,
            (SELECT count(*) FROM incident i WHERE i.status = 'PUBLISHED' AND i.attributed_to_id = g.id)::int AS attributed
     FROM tree JOIN armed_group g ON g.id = tree.id LEFT JOIN armed_group p ON p.id = g.parent_id
     ORDER BY tree.depth, credited DESC, g.name`,
    [groupId],
  );
  const members = rows.map((r) => ({
    slug: r.slug, name: r.name, nameAr: r.name_ar, depth: r.depth, parentSlug: r.depth === 0 ? null : r.parent_slug,
    credited: r.credited, creditedWithBelow: r.credited, attributed: r.attributed,
  }));
  // Deepest first, each adds its sum to its parent's: every row then counts its whole branch.
  const bySlug = new Map(members.map((m) => [m.slug, m]));
  for (const member of [...members].sort((a, b) => b.depth - a.depth)) {
    const parent = member.parentSlug ? bySlug.get(member.parentSlug) : undefined;
    if (parent) parent.creditedWithBelow += member.creditedWithBelow;
  }
  return members;
}

async function monthlyCounts(groupId: string): Promise<GroupProfile["months"]> {
  // date_trunc on timestamp (not timestamptz): no timezone can move a day into another month.
  const { rows } = await getPool().query<{ month: string; claimant: string | null; credited: number; attributed: number }>(
    `${TREE}
     SELECT date_trunc('month', i.occurred_on::timestamp)::date::text AS month, g.slug AS claimant,
            count(*) FILTER (WHERE g.slug IS NOT NULL)::int AS credited,
            count(*) FILTER (WHERE i.attributed_to_id IN (SELECT id FROM tree))::int AS attributed
     FROM incident i LEFT JOIN armed_group g ON g.id = i.claimant_id AND g.id IN (SELECT id FROM tree)
     WHERE i.status = 'PUBLISHED' AND (i.claimant_id IN (SELECT id FROM tree) OR i.attributed_to_id IN (SELECT id FROM tree))
     GROUP BY 1, 2 ORDER BY 1`,
    [groupId],
  );
  const byMonth = new Map<string, GroupProfile["months"][number]>();
  for (const r of rows) {
    const month = byMonth.get(r.month) ?? { start: r.month, credited: {}, attributed: 0 };
    if (r.claimant) month.credited[r.claimant] = (month.credited[r.claimant] ?? 0) + r.credited;
    month.attributed += r.attributed;
    byMonth.set(r.month, month);
  }
  return everyMonth([...byMonth.keys()]).map((start) => byMonth.get(start) ?? { start, credited: {}, attributed: 0 });
}

/** Every month start (YYYY-MM-01) from the earliest to the latest given, in order. */
export function everyMonth(starts: readonly string[]): string[] {
  const sorted = [...starts].sort();
  const first = sorted[0];
  const last = sorted.at(-1);
  if (!first || !last) return [];
  const all: string[] = [];
  // Whole months in UTC: calendar arithmetic with no timezone to shift a day.
  for (let day = new Date(`${first}T00:00:00Z`); day.toISOString().slice(0, 10) <= last; day.setUTCMonth(day.getUTCMonth() + 1)) {
    all.push(day.toISOString().slice(0, 10));
  }
  return all;
}

/**
 * The statements of the group and of the groups below it, newest first, that claim at least one
 * published incident: a statement about drafts alone is not public yet.
 */
async function claimsLedger(groupId: string, page: number): Promise<GroupProfile["ledger"]> {
  const pool = getPool();
  const visible = `c.group_id IN (SELECT id FROM tree) AND EXISTS (
      SELECT 1 FROM incident_claim ic JOIN incident i ON i.id = ic.incident_id WHERE ic.claim_id = c.id AND i.status = 'PUBLISHED')`;
  const [totals, statements] = await Promise.all([
    pool.query<{ status: string; n: number }>(`${TREE} SELECT c.status::text AS status, count(*)::int AS n FROM claim c WHERE ${visible} GROUP BY 1`, [groupId]),
    pool.query<{
      id: string; stated_at: Date; status: string; slug: string; name: string; name_ar: string | null; channel: string | null; text: string | null;
      text_ar: string | null; url: string | null; weapon_claimed: string | null; target_claimed: string | null;
      superseded_at: Date | null; superseded_slug: string | null; superseded_name: string | null; superseded_name_ar: string | null;
      incidents: Array<{ id: string; reference: string; occurredOn: string; creditedTo: string | null }>;
    }>(
      `${TREE}
       SELECT c.id, c.stated_at, c.status::text AS status, g.slug, g.name, g.name_ar, c.channel, c.text, c.text_ar, c.url,
              c.weapon_claimed::text AS weapon_claimed, c.target_claimed,
              s.stated_at AS superseded_at, sg.slug AS superseded_slug, sg.name AS superseded_name, sg.name_ar AS superseded_name_ar,
              (SELECT json_agg(json_build_object('id', i.id, 'reference', i.reference, 'occurredOn', i.occurred_on::text, 'creditedTo', cg.name)
                               ORDER BY i.occurred_on, i.reference)
               FROM incident_claim ic JOIN incident i ON i.id = ic.incident_id LEFT JOIN armed_group cg ON cg.id = i.claimant_id
               WHERE ic.claim_id = c.id AND i.status = 'PUBLISHED') AS incidents
       FROM claim c JOIN armed_group g ON g.id = c.group_id
       LEFT JOIN claim s ON s.id = c.superseded_by_id LEFT JOIN armed_group sg ON sg.id = s.group_id
       WHERE ${visible}
       ORDER BY c.stated_at DESC, c.id DESC
       LIMIT $2 OFFSET $3`,
      [groupId, LEDGER_PAGE_SIZE, (page - 1) * LEDGER_PAGE_SIZE],
    ),
  ]);
  const byStatus = Object.fromEntries(totals.rows.map((r) => [r.status, r.n]));
  const total = totals.rows.reduce((n, r) => n + r.n, 0);
  return {
    statements: statements.rows.map((r) => ({
      id: r.id, statedAt: r.stated_at, status: r.status, group: { slug: r.slug, name: r.name, nameAr: r.name_ar }, channel: r.channel,
      text: r.text, textAr: r.text_ar, url: r.url, weaponClaimed: r.weapon_claimed, targetClaimed: r.target_claimed,
      supersededBy: r.superseded_at && r.superseded_slug
        ? { statedAt: r.superseded_at, group: { slug: r.superseded_slug, name: r.superseded_name!, nameAr: r.superseded_name_ar } }
        : null,
      incidents: r.incidents,
    })),
    total,
    byStatus,
    page,
    pageCount: Math.max(1, Math.ceil(total / LEDGER_PAGE_SIZE)),
  };
}

/**
 * Who reported the incidents credited or attributed to the group (or a group below it): each
 * publisher (the web address's host where no publisher is recorded) with its sources and incidents.
 */
async function sourcePublishers(groupId: string): Promise<GroupProfile["sources"]> {
  const { rows } = await getPool().query<{ publisher: string; sources: number; incidents: number }>(
    `${TREE}
     SELECT coalesce(nullif(btrim(s.publisher), ''), substring(s.url FROM '^[a-z]+://(?:www\\.)?([^/:?#]+)'), s.url) AS publisher,
            count(*)::int AS sources, count(DISTINCT s.incident_id)::int AS incidents
     FROM source s JOIN incident i ON i.id = s.incident_id
     WHERE i.status = 'PUBLISHED' AND (i.claimant_id IN (SELECT id FROM tree) OR i.attributed_to_id IN (SELECT id FROM tree))
     GROUP BY 1 ORDER BY incidents DESC, sources DESC, publisher`,
    [groupId],
  );
  return {
    publishers: rows.slice(0, SOURCE_PUBLISHER_LIMIT),
    publisherCount: rows.length,
    sourceCount: rows.reduce((n, r) => n + r.sources, 0),
  };
}
