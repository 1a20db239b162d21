import "server-only";
import { getDb } from "@/lib/db";

// Public reads: only published incidents. (Drafts and retractions reach editors once accounts exist.)
const PUBLISHED = { status: "PUBLISHED" } as const;

export type IncidentListItem = {
  id: string;
  reference: string;
  occurredOn: Date;
  locationName: string;
  country: string;
  attackType: string;
  outcome: string;
  killedMin: number | null;
  killedMax: number | null;
  woundedMin: number | null;
  woundedMax: number | null;
  claimants: string[];
};

export async function listLatestIncidents(limit: number): Promise<IncidentListItem[]> {
  const rows = await getDb().incident.findMany({
    where: PUBLISHED,
    orderBy: [{ occurredOn: "desc" }, { id: "desc" }],
    take: limit,
    select: {
      id: true, reference: true, occurredOn: true, locationName: true, country: true, attackType: true, outcome: true,
      killedMin: true, killedMax: true, woundedMin: true, woundedMax: true,
      claims: { select: { claim: { select: { group: { select: { name: true } } } } } },
    },
  });
  return rows.map(({ claims, ...incident }) => ({
    ...incident,
    claimants: [...new Set(claims.map((c) => c.claim.group.name))],
  }));
}

export async function countPublishedIncidents(): Promise<number> {
  return getDb().incident.count({ where: PUBLISHED });
}

/** True while any generated demo row is loaded: every page then says so. */
export async function hasSyntheticData(): Promise<boolean> {
  const row = await getDb().incident.findFirst({ where: { isSynthetic: true }, select: { id: true } });
  return row !== null;
}
