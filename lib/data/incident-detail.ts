import "server-only";
import { type Actor, actorCan } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import type { PublicationStatus } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids";

/** A reference code as the record writes them (IQ-2024-0117), in any letter case. */
const REFERENCE = /^[a-z]{2}-\d{4}-\d{4,9}$/i;

/** Which incident an id or a reference code names, as a Prisma condition; null when it is neither. */
function incidentKey(idOrReference: string): { id: string } | { reference: string } | null {
  if (isUuid(idOrReference)) return { id: idOrReference.toLowerCase() };
  if (REFERENCE.test(idOrReference)) return { reference: idOrReference.toUpperCase() };
  return null;
}

/**
 * One published incident with everything the public may know about it, or null (also for
 * malformed ids): a claim's incident count counts published incidents only.
 */
export async function getPublishedIncident(id: string) {
  return getIncident(id, ["PUBLISHED"]);
}

/**
 * The incident as this actor may see it: drafts and retracted ones only for those who read drafts.
 * `id` may also be its reference code (IQ-2024-0117, any case): both permalinks open the same page.
 */
export async function getIncidentForActor(actor: Actor, id: string) {
  if (!actorCan(actor, "read:incident")) return null;
  return getIncident(id, actorCan(actor, "read:draft") ? ["DRAFT", "PUBLISHED", "RETRACTED"] : ["PUBLISHED"]);
}

/**
 * `statuses` is what the caller may see: it picks the incident and it is what a claim's incident
 * count counts ("this statement claims 3 incidents" must not reveal drafts or retracted ones).
 * The staff user ids that wrote the row are never part of the answer.
 */
async function getIncident(idOrReference: string, statuses: PublicationStatus[]) {
  const key = incidentKey(idOrReference);
  if (!key) return null;
  const incident = await getDb().incident.findFirst({
    where: { ...key, status: { in: statuses } },
    omit: { createdById: true, updatedById: true },
    include: {
      site: { select: { slug: true, name: true, nameAr: true, type: true, coordinatesApproximate: true } },
      attributedTo: { select: { slug: true, name: true, nameAr: true } },
      claimant: { select: { slug: true, name: true, nameAr: true } },
      claims: {
        select: {
          claim: {
            select: {
              id: true, statedAt: true, channel: true, text: true, textAr: true, url: true,
              status: true, weaponClaimed: true, targetClaimed: true,
              group: { select: { slug: true, name: true, nameAr: true, parent: { select: { slug: true, name: true } } } },
              supersededBy: { select: { id: true, statedAt: true, group: { select: { slug: true, name: true } } } },
              _count: { select: { incidents: { where: { incident: { status: { in: statuses } } } } } },
            },
          },
        },
        // The order the credited-claimant trigger uses: its first issued claim is the credited one.
        orderBy: [{ claim: { statedAt: "asc" } }, { claim: { id: "asc" } }],
      },
      sources: { orderBy: [{ publishedOn: "asc" }, { id: "asc" }], select: { id: true, url: true, publisher: true, title: true, publishedOn: true, kind: true, language: true } },
    },
  });
  if (!incident) return null;
  const { claims, ...rest } = incident;
  return {
    ...rest,
    occurredOn: rest.occurredOn.toISOString().slice(0, 10),
    occurredTime: rest.occurredTime ? rest.occurredTime.toISOString().slice(11, 16) : null,
    claims: claims.map(({ claim }) => ({ ...claim, incidentCount: claim._count.incidents })),
  };
}

export type IncidentDetail = NonNullable<Awaited<ReturnType<typeof getIncident>>>;
