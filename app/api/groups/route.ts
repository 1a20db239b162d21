import { errorResponse } from "@/lib/api/read-params";
import { requireApiPermission } from "@/lib/auth/guards";
import { listGroups } from "@/lib/data/dashboard";

export const dynamic = "force-dynamic";

/** GET /api/groups → claimants and perpetrators, with parents, aliases and legend colours. */
export async function GET(request: Request) {
  try {
    const actor = await requireApiPermission(request, "read:incident");
    if (actor instanceof Response) return actor;
    const groups = await listGroups();
    return Response.json({ items: groups.map(({ id: _id, ...group }) => group) });
  } catch (error) {
    return errorResponse(error);
  }
}
