import { errorResponse, readApiFilters } from "@/lib/api/read-params";
import { requireApiPermission } from "@/lib/auth/guards";
import { listSites } from "@/lib/data/dashboard";

export const dynamic = "force-dynamic";

/** GET /api/sites?<filter> → known target sites with the number of matching incidents at each. */
export async function GET(request: Request) {
  try {
    const actor = await requireApiPermission(request, "read:incident");
    if (actor instanceof Response) return actor;
    const filters = await readApiFilters(new URL(request.url).searchParams);
    return Response.json({ items: await listSites(filters) });
  } catch (error) {
    return errorResponse(error);
  }
}
