import "server-only";
import { type Actor, assertActorCan } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids";

// The form in which history stores an incident: plain JSON with slugs instead of ids for sites
// and groups, claims and sources in a fixed order. A CREATE entry holds the whole snapshot; each
// later entry holds only the fields it changed, so replaying the entries rebuilds the record.

export type ClaimSnapshot = {
  id: string; group: string; statedOn: string; channel: string | null; url: string | null; text: string | null;
  status: string; supersededBy: string | null; weaponClaimed: string | null; targetClaimed: string | null; textAr: string | null;
};
export type SourceSnapshot = {
  id: string; url: string; publisher: string | null; title: string | null; kind: string; publishedOn: string | null; language: string | null;
};

export type IncidentSnapshot = {
  reference: string;
  status: string;
  version: number;
  occurredOn: string;
  occurredTime: string | null;
  datePrecision: string;
  country: string;
  admin1: string | null;
  locationName: string;
  locationNameAr: string | null;
  lat: number;
  lon: number;
  geoPrecision: string;
  site: string | null;
  targetType: string;
  attackType: string;
  outcome: string;
  killedMin: number | null;
  killedMax: number | null;
  woundedMin: number | null;
  woundedMax: number | null;
  claimStatus: string;
  attributedTo: string | null;
  confidence: string;
  confirmedBy: string[];
  notes: string | null;
  retractionReason: string | null;
  claims: ClaimSnapshot[];
  sources: SourceSnapshot[];
};

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

export async function snapshotIncident(tx: Prisma.TransactionClient, id: string): Promise<IncidentSnapshot> {
  const i = await tx.incident.findUniqueOrThrow({
    where: { id },
    include: {
      site: { select: { slug: true } },
      attributedTo: { select: { slug: true } },
      claims: { select: { claim: { include: { group: { select: { slug: true } } } } } },
      sources: true,
    },
  });
  return {
    reference: i.reference,
    status: i.status,
    version: i.version,
    occurredOn: day(i.occurredOn)!,
    occurredTime: i.occurredTime ? i.occurredTime.toISOString().slice(11, 16) : null,
    datePrecision: i.datePrecision,
    country: i.country,
    admin1: i.admin1,
    locationName: i.locationName,
    locationNameAr: i.locationNameAr,
    lat: i.lat,
    lon: i.lon,
    geoPrecision: i.geoPrecision,
    site: i.site?.slug ?? null,
    targetType: i.targetType,
    attackType: i.attackType,
    outcome: i.outcome,
    killedMin: i.killedMin,
    killedMax: i.killedMax,
    woundedMin: i.woundedMin,
    woundedMax: i.woundedMax,
    claimStatus: i.claimStatus,
    attributedTo: i.attributedTo?.slug ?? null,
    confidence: i.confidence,
    confirmedBy: i.confirmedBy,
    notes: i.notes,
    retractionReason: i.retractionReason,
    claims: i.claims
      .map(({ claim }) => ({
        id: claim.id, group: claim.group.slug, statedOn: day(claim.statedAt)!, channel: claim.channel, url: claim.url, text: claim.text,
        status: claim.status, supersededBy: claim.supersededById, weaponClaimed: claim.weaponClaimed, targetClaimed: claim.targetClaimed, textAr: claim.textAr,
      }))
      .sort((a, b) => a.statedOn.localeCompare(b.statedOn) || a.id.localeCompare(b.id)),
    sources: i.sources
      .map((s) => ({ id: s.id, url: s.url, publisher: s.publisher, title: s.title, kind: s.kind, publishedOn: day(s.publishedOn), language: s.language }))
      .sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/** The fields whose values differ, as two partial snapshots (old values, new values). */
export function changedFields(before: IncidentSnapshot, after: IncidentSnapshot): { before: Partial<IncidentSnapshot>; after: Partial<IncidentSnapshot> } {
  const was: Record<string, unknown> = {};
  const now: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof IncidentSnapshot)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      was[key] = before[key];
      now[key] = after[key];
    }
  }
  return { before: was as Partial<IncidentSnapshot>, after: now as Partial<IncidentSnapshot> };
}

/**
 * The stored record in history's form, for an edit form to start from; null when it does not exist.
 * It reads drafts and retracted incidents too, so only those who may read drafts get one.
 */
export async function getIncidentSnapshot(actor: Actor, id: string): Promise<IncidentSnapshot | null> {
  assertActorCan(actor, "read:draft");
  if (!isUuid(id)) return null;
  const exists = await getDb().incident.count({ where: { id } });
  return exists ? snapshotIncident(getDb(), id) : null;
}
