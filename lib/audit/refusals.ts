import "server-only";
import { headers } from "next/headers";
import { databaseUnavailableResponse, isDatabaseUnavailable } from "@/lib/api/database-unavailable";
import { crossOriginReason, refuseCrossOrigin } from "@/lib/api/same-origin";
import { type Actor, actorCan, actorFromHeaders, PermissionDenied } from "@/lib/auth/guards";
import { getPool } from "@/lib/db";
import type { Permission } from "@/lib/permissions";

// Every refused write is recorded in refused_attempt: who (or from which address), which action,
// when and why. The two layers that turn a refusal into an answer call in here, once each:
//   server actions  refusedActionState, from each actions file's one catch of PermissionDenied
//   write routes    requireWriteAccess (Origin, then permission) and refusedApiAnswer (a
//                   PermissionDenied from the data layer)
// The table cannot be flooded: see recordRefusal. A refusal that cannot be recorded (the database
// is down) is still answered; the failure goes to the log.

export const REFUSAL_LIMITS = {
  /** Rows per caller (the signed-in user, else the address) and action per minute; more go into `extra`. */
  perCallerPerMinute: 5,
  /** Rows per minute for all callers together; past it, only callers that already have a row are counted. */
  allPerMinute: 60,
  /** Rows older than this are deleted (checked at most once an hour per server process). */
  keepDays: 30,
} as const;

export type Refusal = {
  /** null when the request was refused before anyone was identified (another site's request). */
  actor: Actor | null;
  address: string | null;
  /** The server action's name or the route, e.g. "updateIncidentAction", "POST /api/import". */
  action: string;
  reason: string;
};

/**
 * The address a request came from: the last entry of X-Forwarded-For, which `next start` sets to
 * the socket's address when the request has none (so, without a proxy in front, a client can
 * choose it; the limits on recording hold whatever it says).
 */
export function requestAddress(requestHeaders: Headers): string | null {
  const last = requestHeaders.get("x-forwarded-for")?.split(",").at(-1)?.trim();
  return last ? last.slice(0, 100) : null;
}

function deniedReason(denied: PermissionDenied): string {
  return denied.actor.userId ? `role ${denied.actor.role ?? "none"} lacks ${denied.permission}` : `signed out; ${denied.permission} needs a signed-in role`;
}

/** A server action's answer to PermissionDenied: recorded, then the reason as the form's state. */
export async function refusedActionState(action: string, denied: PermissionDenied): Promise<{ ok: false; message: string }> {
  let requestHeaders: Headers;
  try {
    requestHeaders = await headers();
  } catch {
    requestHeaders = new Headers(); // called outside a request (a script or a test)
  }
  await recordRefusal({ actor: denied.actor, address: requestAddress(requestHeaders), action, reason: deniedReason(denied) });
  return { ok: false, message: denied.message };
}

/**
 * For write route handlers: the actor holding the permission, or the answer to return as is
 * (403 for another site's request, 401 signed out, 403 without the permission: each recorded;
 * 503 when the database cannot be reached to read the session).
 */
export async function requireWriteAccess(request: Request, permission: Permission, action: string): Promise<Actor | Response> {
  const crossOrigin = refuseCrossOrigin(request);
  if (crossOrigin) {
    const reason = crossOriginReason(request) ?? "another site's request";
    await recordRefusal({ actor: null, address: requestAddress(request.headers), action, reason: `cross-origin: ${reason}` });
    return crossOrigin;
  }
  let actor: Actor;
  try {
    actor = await actorFromHeaders(request.headers);
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    console.warn(`${action}: database unavailable:`, error instanceof Error ? error.message : error);
    return databaseUnavailableResponse();
  }
  if (actorCan(actor, permission)) return actor;
  return refusedApiAnswer(request, action, new PermissionDenied(actor, permission));
}

/** A write route's answer to PermissionDenied: recorded, then 401 (signed out) or 403. */
export async function refusedApiAnswer(request: Request, action: string, denied: PermissionDenied): Promise<Response> {
  await recordRefusal({ actor: denied.actor, address: requestAddress(request.headers), action, reason: deniedReason(denied) });
  const status = denied.actor.userId ? 403 : 401;
  return Response.json({ error: status === 401 ? "Sign in to use this API." : denied.message }, { status });
}

let nextPruneAt = 0;
let lastSkipWarning = 0;

/**
 * Writes one refusal, bounded: at most perCallerPerMinute rows per caller and action in any minute
 * (a further refusal adds 1 to `extra` of the caller's newest row instead), and no new caller's row
 * once allPerMinute rows were written in the last minute (that refusal is only logged). Callers
 * recording at the same moment do not wait for each other: one holds the caller's advisory lock
 * and may add a row, the others only count. Never throws.
 */
export async function recordRefusal(refusal: Refusal): Promise<void> {
  try {
    await writeRefusal(refusal);
  } catch (error) {
    console.warn(`refused attempt (${refusal.action}) not recorded:`, error instanceof Error ? error.message : error);
  }
}

async function writeRefusal({ actor, address, action, reason }: Refusal): Promise<void> {
  const actorId = actor?.userId ?? null;
  const label = (actor?.label ?? "unidentified").slice(0, 320);
  const caller = actorId ? `user ${actorId}` : `address ${address ?? ""}`;
  const client = await getPool().connect();
  let outcome: { inserted: boolean; counted: boolean; everyone: number } | undefined;
  try {
    await client.query("BEGIN");
    const lock = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS ok", [`refused_attempt|${action}|${caller}`]);
    const result = await client.query<{ inserted: boolean; counted: boolean; everyone: number }>(
      `WITH recent AS (
         SELECT id, action, actor_id, address FROM refused_attempt WHERE at > now() - interval '1 minute'
       ), mine AS (
         SELECT id FROM recent
         WHERE action = $1 AND CASE WHEN $2::text IS NULL THEN actor_id IS NULL AND address IS NOT DISTINCT FROM $3::text ELSE actor_id = $2::text END
       ), state AS (
         SELECT (SELECT count(*) FROM mine) AS mine, (SELECT max(id) FROM mine) AS latest, (SELECT count(*) FROM recent) AS everyone
       ), inserted AS (
         INSERT INTO refused_attempt (actor_id, actor_label, address, action, reason)
         SELECT $2, $4, $3, $1, $5 FROM state WHERE $6::boolean AND mine < $7 AND everyone < $8
         RETURNING id
       ), counted AS (
         UPDATE refused_attempt SET extra = extra + 1
         WHERE id = (SELECT latest FROM state WHERE NOT ($6::boolean AND mine < $7 AND everyone < $8))
         RETURNING id
       )
       SELECT EXISTS (SELECT FROM inserted) AS inserted, EXISTS (SELECT FROM counted) AS counted, (SELECT everyone FROM state)::int AS everyone`,
      [action.slice(0, 200), actorId, address, label, reason.slice(0, 500), lock.rows[0]?.ok === true, REFUSAL_LIMITS.perCallerPerMinute, REFUSAL_LIMITS.allPerMinute],
    );
    await client.query("COMMIT");
    outcome = result.rows[0];
    if (Date.now() >= nextPruneAt) {
      nextPruneAt = Date.now() + 60 * 60 * 1000;
      await client.query("DELETE FROM refused_attempt WHERE at < now() - make_interval(days => $1)", [REFUSAL_LIMITS.keepDays]);
    }
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    client.release(error instanceof Error ? error : undefined);
    throw error;
  }
  client.release();
  if (outcome && !outcome.inserted && !outcome.counted && outcome.everyone >= REFUSAL_LIMITS.allPerMinute && Date.now() - lastSkipWarning > 60_000) {
    lastSkipWarning = Date.now();
    console.warn(`refused attempts: more than ${REFUSAL_LIMITS.allPerMinute} a minute; refusals of further callers are not recorded this minute`);
  }
}
