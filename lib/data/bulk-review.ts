import "server-only";
import { type Actor, assertActorCan } from "@/lib/auth/guards";
import { getPool } from "@/lib/db";
import type { Permission } from "@/lib/permissions";
import { SqlParams, whereClause } from "./incident-filter-sql";
import { ConflictError, deleteIncident, IncidentInputError, IncidentNotFound, publishIncident } from "./incident-writes";
import { reviewConditions, type ReviewFilters } from "./review-queue";

// Publishing or discarding many drafts of the review queue at once. Each draft goes through the
// same single-incident write as the buttons on its own page (publishIncident, deleteIncident): one
// transaction, one attributed audit entry and one version check each. A draft someone changed
// after the reviewer loaded the page is left as it is and reported, never overwritten.
//
// "Discard" is the existing delete with a reason: the draft is removed and its DELETE entry keeps
// a full copy. Like deleting one incident, it is for admins only (delete:incident).

/** At most this many drafts change in one request: each is its own transaction (500 took about 9 s on 2 shared cores). */
export const BULK_REVIEW_LIMIT = 500;

/** What the reviewer chose: the drafts ticked on the page (with the version each showed), or all that match a filter. */
export type BulkSelection =
  | { kind: "listed"; drafts: { id: string; version: number }[] }
  | { kind: "matching"; filters: ReviewFilters; loadedAt: Date; expected: number };

export type ReviewedDraft = { id: string; reference: string };

export type BulkOutcome = {
  /** Published or discarded. */
  done: ReviewedDraft[];
  /** Still drafts but changed (or added) since the page was loaded: left alone, to review again. */
  changed: ReviewedDraft[];
  /** Seen on the page but no longer drafts: published, discarded or deleted by someone else meanwhile. */
  gone: number;
};

/** More drafts than BULK_REVIEW_LIMIT were chosen; nothing was changed. */
export class BulkLimitError extends Error {
  constructor(readonly chosen: number) {
    super(`${chosen.toLocaleString("en")} drafts were chosen; at most ${BULK_REVIEW_LIMIT} can be changed at once. Narrow the filter (a batch, a date range) and try again; nothing was changed.`);
  }
}

export async function publishDrafts(actor: Actor, selection: BulkSelection): Promise<BulkOutcome> {
  return reviewEach(actor, "publish:incident", selection, (id, version) => publishIncident(actor, id, version));
}

export async function discardDrafts(actor: Actor, selection: BulkSelection, reason: string | null): Promise<BulkOutcome> {
  assertActorCan(actor, "delete:incident");
  if (!reason) throw new IncidentInputError("reason", "Say why the drafts are discarded; their history keeps your reason.");
  return reviewEach(actor, "delete:incident", selection, (id, version) => deleteIncident(actor, id, version, reason));
}

type Candidate = ReviewedDraft & { version: number; isUnchanged: boolean };

async function reviewEach(
  actor: Actor, permission: Permission, selection: BulkSelection, write: (id: string, version: number) => Promise<unknown>,
): Promise<BulkOutcome> {
  assertActorCan(actor, permission);
  assertActorCan(actor, "read:draft");
  const { candidates, gone } = selection.kind === "listed" ? await listedCandidates(selection.drafts) : await matchingCandidates(selection);
  const outcome: BulkOutcome = { done: [], changed: [], gone };
  for (const candidate of candidates) {
    const draft = { id: candidate.id, reference: candidate.reference };
    if (!candidate.isUnchanged) {
      outcome.changed.push(draft);
      continue;
    }
    try {
      await write(candidate.id, candidate.version);
      outcome.done.push(draft);
    } catch (error) {
      // Someone got there between our read and this draft's own locked transaction.
      if (error instanceof ConflictError || error instanceof IncidentInputError) outcome.changed.push(draft);
      else if (error instanceof IncidentNotFound) outcome.gone += 1;
      else throw error;
    }
  }
  return outcome;
}

/** The ticked drafts as they are now: changed when no longer at the version the page showed. */
async function listedCandidates(drafts: { id: string; version: number }[]): Promise<{ candidates: Candidate[]; gone: number }> {
  const shown = new Map(drafts.map((d) => [d.id, d.version]));
  if (shown.size > BULK_REVIEW_LIMIT) throw new BulkLimitError(shown.size);
  const { rows } = await getPool().query<{ id: string; reference: string; version: number }>(
    "SELECT id::text AS id, reference, version FROM incident WHERE id = ANY($1::uuid[]) AND status = 'DRAFT' ORDER BY reference",
    [[...shown.keys()]],
  );
  return {
    candidates: rows.map((r) => ({ ...r, isUnchanged: r.version === shown.get(r.id) })),
    gone: shown.size - rows.length,
  };
}

/**
 * The drafts matching the filter now. Any draft with a history entry written since the page was
 * loaded (an edit, or its creation: a draft added meanwhile) is changed: the reviewer has not seen it.
 */
async function matchingCandidates(selection: Extract<BulkSelection, { kind: "matching" }>): Promise<{ candidates: Candidate[]; gone: number }> {
  const params = new SqlParams();
  const where = whereClause(await reviewConditions(selection.filters, params));
  const { rows: [count] } = await getPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM incident i ${where}`, params.values);
  if (count!.n > BULK_REVIEW_LIMIT) throw new BulkLimitError(count!.n);
  const loadedAt = params.add(selection.loadedAt);
  const { rows } = await getPool().query<Candidate & { isNew: boolean }>(
    `SELECT i.id::text AS id, i.reference, i.version, i.created_at >= ${loadedAt} AS "isNew",
            NOT EXISTS (SELECT 1 FROM audit_entry a WHERE a.entity_type = 'incident' AND a.entity_id = i.id::text AND a.at >= ${loadedAt}) AS "isUnchanged"
     FROM incident i ${where}
     ORDER BY i.reference`,
    params.values,
  );
  const seen = rows.filter((r) => !r.isNew).length;
  return { candidates: rows.map(({ isNew: _isNew, ...candidate }) => candidate), gone: Math.max(0, selection.expected - seen) };
}
