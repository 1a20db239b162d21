import { answerRead, readApiFilters } from "@/lib/api/read-params";
import { listSites } from "@/lib/data/dashboard";

export const dynamic = "force-dynamic";

/** GET /api/sites?<filter> → known target sites with the number of matching incidents at each. */
export async function GET(request: Request) {
  return answerRead(request, async () => {
    const filters = await readApiFilters(new URL(request.url).searchParams);
    return Response.json({ items: await listSites(filters) });
  });
}
