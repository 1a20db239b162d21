import { answerRead } from "@/lib/api/read-params";
import { listGroups } from "@/lib/data/dashboard";

export const dynamic = "force-dynamic";

/** GET /api/groups → claimants and perpetrators, with parents, aliases and legend colours. */
export async function GET(request: Request) {
  return answerRead(request, async () => {
    const groups = await listGroups();
    return Response.json({ items: groups.map(({ id: _id, ...group }) => group) });
  });
}
