import { answerRead } from "@/lib/api/read-params";
import { getPublishedIncident } from "@/lib/data/incident-detail";

export const dynamic = "force-dynamic";

/**
 * GET /api/incidents/{id} → one published incident with claims and sources; 404 otherwise. The
 * public view: no staff user ids, and each claim's incidentCount counts published incidents only.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return answerRead(request, async () => {
    const incident = await getPublishedIncident((await params).id);
    if (!incident) return Response.json({ error: { message: "No published incident has this id." } }, { status: 404 });
    const { claims, ...rest } = incident;
    return Response.json({ ...rest, claims: claims.map(({ _count: _c, ...claim }) => claim) });
  });
}
