import "server-only";
import { randomUUID } from "node:crypto";
import { type Actor, assertActorCan } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { IncidentInput, IncidentUpdateInput } from "@/lib/validation/incident";
import { changedFields, type IncidentSnapshot, snapshotIncident } from "./incident-snapshot";

// Every write to an incident: create, edit, publish, retract, delete. Each runs in one transaction
// that also writes its audit entry, checks the actor's permission again (the action already did:
// this layer must be safe whoever calls it), and, for edits, the version the editor started from.

type Tx = Prisma.TransactionClient;

/** Someone saved a newer version first; nothing was written. */
export class ConflictError extends Error {
  constructor(readonly currentVersion: number, readonly changedSince: string[]) {
    super("This incident was changed by someone else after you opened it.");
  }
}

export class IncidentNotFound extends Error {
  constructor() {
    super("This incident does not exist (or was deleted).");
  }
}

/** Input that validated but does not fit the data: an unknown site or group, a forbidden transition. */
export class IncidentInputError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

export type PossibleDuplicate = {
  id: string;
  reference: string;
  occurredOn: string;
  locationName: string;
  status: string;
  distanceKm: number;
  sameSite: boolean;
};

export type SaveResult = { saved: true; id: string; version: number } | { saved: false; duplicates: PossibleDuplicate[] };

// --- create and edit ------------------------------------------------------------------------------

export async function createIncident(actor: Actor, input: IncidentInput): Promise<SaveResult> {
  assertActorCan(actor, "create:incident");
  return getDb().$transaction(async (tx) => {
    const refs = await resolveReferences(tx, input);
    if (!input.confirmDuplicates) {
      const duplicates = await findPossibleDuplicates(tx, input, refs.siteId, null);
      if (duplicates.length) return { saved: false, duplicates };
    }
    const id = randomUUID();
    await tx.incident.create({
      data: { id, reference: await nextReference(tx, input.country, input.occurredOn), ...incidentColumns(input, refs), status: "DRAFT", createdById: actor.userId, updatedById: actor.userId },
    });
    await writeClaims(tx, id, input.claims, refs.groupIds);
    await writeSources(tx, id, input.sources);
    const after = await snapshotIncident(tx, id);
    await audit(tx, actor, "CREATE", id, null, after, null);
    return { saved: true, id, version: 1 };
  });
}

export async function updateIncident(actor: Actor, input: IncidentUpdateInput): Promise<SaveResult> {
  assertActorCan(actor, "update:incident");
  return getDb().$transaction(async (tx) => {
    const before = await lockVersion(tx, input.id, input.version);
    const refs = await resolveReferences(tx, input);
    const moved = before.occurredOn !== input.occurredOn || before.site !== input.site || before.lat !== input.lat || before.lon !== input.lon;
    if (moved && !input.confirmDuplicates) {
      const duplicates = await findPossibleDuplicates(tx, input, refs.siteId, input.id);
      if (duplicates.length) return { saved: false, duplicates };
    }
    await tx.incident.update({
      where: { id: input.id },
      data: { ...incidentColumns(input, refs), version: { increment: 1 }, updatedById: actor.userId },
    });
    await writeClaims(tx, input.id, input.claims, refs.groupIds);
    await writeSources(tx, input.id, input.sources);
    const after = await snapshotIncident(tx, input.id);
    const { before: was, after: now } = changedFields(before, after);
    await audit(tx, actor, "UPDATE", input.id, was, now, null);
    return { saved: true, id: input.id, version: after.version };
  });
}

// --- workflow -------------------------------------------------------------------------------------

export async function publishIncident(actor: Actor, id: string, version: number): Promise<number> {
  assertActorCan(actor, "publish:incident");
  return changeStatus(actor, id, version, "PUBLISH", (before) => {
    if (before.status === "PUBLISHED") throw new IncidentInputError("form", "This incident is already published.");
    return { status: "PUBLISHED", retractionReason: null };
  }, null);
}

export async function retractIncident(actor: Actor, id: string, version: number, reason: string | null): Promise<number> {
  assertActorCan(actor, "retract:incident");
  if (!reason) throw new IncidentInputError("reason", "Say why the incident is retracted; readers of its history will see it.");
  return changeStatus(actor, id, version, "RETRACT", (before) => {
    if (before.status !== "PUBLISHED") throw new IncidentInputError("form", "Only a published incident can be retracted.");
    return { status: "RETRACTED", retractionReason: reason };
  }, reason);
}

/** Admins only: removes the incident, its claim links and sources; the audit entry keeps a full copy. */
export async function deleteIncident(actor: Actor, id: string, version: number, reason: string | null): Promise<void> {
  assertActorCan(actor, "delete:incident");
  if (!reason) throw new IncidentInputError("reason", "Say why the incident is deleted; the history keeps your reason.");
  await getDb().$transaction(async (tx) => {
    const before = await lockVersion(tx, id, version);
    await tx.incident.delete({ where: { id } });
    // Claim statements that named only this incident would be left pointing at nothing.
    await tx.claim.deleteMany({ where: { id: { in: before.claims.map((c) => c.id) }, incidents: { none: {} } } });
    await audit(tx, actor, "DELETE", id, before, null, reason);
  });
}

async function changeStatus(
  actor: Actor, id: string, version: number, action: "PUBLISH" | "RETRACT",
  transition: (before: IncidentSnapshot) => { status: "PUBLISHED" | "RETRACTED"; retractionReason: string | null },
  reason: string | null,
): Promise<number> {
  return getDb().$transaction(async (tx) => {
    const before = await lockVersion(tx, id, version);
    await tx.incident.update({
      where: { id },
      data: { ...transition(before), version: { increment: 1 }, updatedById: actor.userId },
    });
    const after = await snapshotIncident(tx, id);
    const { before: was, after: now } = changedFields(before, after);
    await audit(tx, actor, action, id, was, now, reason);
    return after.version;
  });
}

// --- pieces -------------------------------------------------------------------------------------

/**
 * Locks the row and checks the editor's version. The row lock makes concurrent saves of one
 * incident queue up: the second sees the first one's version and gets a ConflictError.
 */
async function lockVersion(tx: Tx, id: string, version: number): Promise<IncidentSnapshot> {
  const rows = await tx.$queryRaw<{ version: number }[]>`SELECT version FROM incident WHERE id = ${id}::uuid FOR UPDATE`;
  const current = rows[0];
  if (!current) throw new IncidentNotFound();
  if (current.version !== version) {
    // What the other saves changed, so the editor knows what to look at before saving again.
    const later = await tx.$queryRaw<{ after: object }[]>`
      SELECT after FROM audit_entry
      WHERE entity_type = 'incident' AND entity_id = ${id} AND (after ->> 'version')::int > ${version}`;
    const fields = new Set(later.flatMap((entry) => Object.keys(entry.after)).filter((key) => key !== "version"));
    throw new ConflictError(current.version, [...fields]);
  }
  return snapshotIncident(tx, id);
}

type References = { siteId: string | null; attributedToId: string | null; groupIds: Map<string, string> };

/** Slugs from the form → ids; an unknown one is an input error on its field. */
async function resolveReferences(tx: Tx, input: IncidentInput): Promise<References> {
  let siteId: string | null = null;
  if (input.site) {
    const site = await tx.site.findUnique({ where: { slug: input.site }, select: { id: true } });
    if (!site) throw new IncidentInputError("site", "Unknown site; choose one from the list.");
    siteId = site.id;
  }
  const slugs = [...new Set([...input.claims.map((c) => c.group), ...(input.attributedTo ? [input.attributedTo] : [])])];
  const groups = await tx.group.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true } });
  const groupIds = new Map(groups.map((g) => [g.slug, g.id]));
  input.claims.forEach((claim, i) => {
    if (!groupIds.has(claim.group)) throw new IncidentInputError(`claims.${i}.group`, "Unknown group; choose one from the list.");
  });
  if (input.attributedTo && !groupIds.has(input.attributedTo)) throw new IncidentInputError("attributedTo", "Unknown group; choose one from the list.");
  return { siteId, attributedToId: input.attributedTo ? groupIds.get(input.attributedTo)! : null, groupIds };
}

function incidentColumns(input: IncidentInput, refs: References) {
  return {
    occurredOn: new Date(`${input.occurredOn}T00:00:00Z`),
    occurredTime: input.occurredTime ? new Date(`1970-01-01T${input.occurredTime}:00Z`) : null,
    datePrecision: input.datePrecision,
    country: input.country,
    admin1: input.admin1,
    locationName: input.locationName,
    locationNameAr: input.locationNameAr,
    lat: input.lat,
    lon: input.lon,
    geoPrecision: input.geoPrecision,
    siteId: refs.siteId,
    targetType: input.targetType,
    attackType: input.attackType,
    outcome: input.outcome,
    killedMin: input.killedMin,
    killedMax: input.killedMax,
    woundedMin: input.woundedMin,
    woundedMax: input.woundedMax,
    claimStatus: input.claimStatus,
    attributedToId: refs.attributedToId,
    confidence: input.confidence,
    confirmedBy: input.confirmedBy,
    notes: input.notes,
  };
}

/** IQ-2024-0117: the next number for the country and year, handed out under a row lock. */
async function nextReference(tx: Tx, country: string, occurredOn: string): Promise<string> {
  const year = Number(occurredOn.slice(0, 4));
  const [row] = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO reference_counter (country, year, last) VALUES (${country}, ${year}, 1)
    ON CONFLICT (country, year) DO UPDATE SET last = reference_counter.last + 1
    RETURNING last`;
  return `${country}-${year}-${String(row!.last).padStart(4, "0")}`;
}

/**
 * The incident's claim statements become exactly the rows of the form. A kept row (with its id)
 * updates that statement, which other incidents may share; a removed row unlinks it, and a
 * statement left claiming nothing is deleted.
 */
async function writeClaims(tx: Tx, incidentId: string, claims: IncidentInput["claims"], groupIds: Map<string, string>) {
  const linked = await tx.incidentClaim.findMany({ where: { incidentId }, select: { claimId: true } });
  const linkedIds = new Set(linked.map((l) => l.claimId));
  const keptIds = new Set<string>();
  for (const [i, claim] of claims.entries()) {
    const data = {
      groupId: groupIds.get(claim.group)!,
      statedAt: new Date(`${claim.statedOn}T00:00:00Z`),
      channel: claim.channel,
      url: claim.url,
      text: claim.text,
      status: claim.status,
      weaponClaimed: claim.weaponClaimed,
      targetClaimed: claim.targetClaimed,
      textAr: claim.textAr,
      // Only a superseded statement points at the one that replaced it (a CHECK holds this too).
      ...(claim.status === "SUPERSEDED" ? {} : { supersededById: null }),
    };
    if (claim.id) {
      if (!linkedIds.has(claim.id)) throw new IncidentInputError(`claims.${i}.group`, "This claim statement does not belong to the incident; reload the page.");
      await tx.claim.update({ where: { id: claim.id }, data });
      keptIds.add(claim.id);
    } else {
      const created = await tx.claim.create({ data, select: { id: true } });
      await tx.incidentClaim.create({ data: { incidentId, claimId: created.id } });
    }
  }
  const removed = [...linkedIds].filter((id) => !keptIds.has(id));
  if (removed.length) {
    await tx.incidentClaim.deleteMany({ where: { incidentId, claimId: { in: removed } } });
    await tx.claim.deleteMany({ where: { id: { in: removed }, incidents: { none: {} } } });
  }
}

/** The incident's sources become exactly the rows of the form; kept rows keep their ids. */
async function writeSources(tx: Tx, incidentId: string, sources: IncidentInput["sources"]) {
  const existing = new Set((await tx.source.findMany({ where: { incidentId }, select: { id: true } })).map((s) => s.id));
  const keptIds = new Set<string>();
  for (const [i, source] of sources.entries()) {
    const data = {
      url: source.url,
      publisher: source.publisher,
      title: source.title,
      kind: source.kind,
      publishedOn: source.publishedOn ? new Date(`${source.publishedOn}T00:00:00Z`) : null,
      language: source.language,
    };
    if (source.id) {
      if (!existing.has(source.id)) throw new IncidentInputError(`sources.${i}.url`, "This source does not belong to the incident; reload the page.");
      await tx.source.update({ where: { id: source.id }, data });
      keptIds.add(source.id);
    } else {
      await tx.source.create({ data: { ...data, incidentId } });
    }
  }
  const removed = [...existing].filter((id) => !keptIds.has(id));
  if (removed.length) await tx.source.deleteMany({ where: { id: { in: removed } } });
}

/**
 * The duplicate rule, shared with imports: another incident not retracted, within `days` of the
 * date and `km` of the point (distance_km, in SQL), or at the same site; at most `listed` shown.
 */
export const DUPLICATE_RULE = { days: 1, km: 10, listed: 10 } as const;

/** Incidents within a day and 10 km, or at the same site, that are not retracted. */
async function findPossibleDuplicates(tx: Tx, input: IncidentInput, siteId: string | null, excludeId: string | null): Promise<PossibleDuplicate[]> {
  return tx.$queryRaw<PossibleDuplicate[]>`
    SELECT * FROM (
      SELECT i.id::text AS id, i.reference, to_char(i.occurred_on, 'YYYY-MM-DD') AS "occurredOn",
             i.location_name AS "locationName", i.status::text AS status,
             round(distance_km(${input.lat}::float8, ${input.lon}::float8, i.lat, i.lon)::numeric, 1)::float8 AS "distanceKm",
             coalesce(i.site_id = ${siteId}::uuid, false) AS "sameSite"
      FROM incident i
      WHERE i.occurred_on BETWEEN ${input.occurredOn}::date - ${DUPLICATE_RULE.days}::int AND ${input.occurredOn}::date + ${DUPLICATE_RULE.days}::int
        AND i.status <> 'RETRACTED'
        AND (${excludeId}::uuid IS NULL OR i.id <> ${excludeId}::uuid)
    ) candidate
    WHERE "sameSite" OR "distanceKm" <= ${DUPLICATE_RULE.km}
    ORDER BY "distanceKm", "occurredOn"
    LIMIT ${DUPLICATE_RULE.listed}`;
}

async function audit(
  tx: Tx, actor: Actor, action: "CREATE" | "UPDATE" | "PUBLISH" | "RETRACT" | "DELETE", incidentId: string,
  before: Partial<IncidentSnapshot> | null, after: Partial<IncidentSnapshot> | null, reason: string | null,
) {
  await tx.auditEntry.create({
    data: {
      actorId: actor.userId,
      actorLabel: actor.label,
      action,
      entityType: "incident",
      entityId: incidentId,
      before: (before ?? undefined) as Prisma.InputJsonValue | undefined,
      after: (after ?? undefined) as Prisma.InputJsonValue | undefined,
      reason,
    },
  });
}
