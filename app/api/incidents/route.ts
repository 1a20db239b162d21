import { answerRead, BadParameter, readApiFilters, readChoice, readInteger } from "@/lib/api/read-params";
import { countIncidents } from "@/lib/data/dashboard";
import { decodeCursor, DEFAULT_SORT, INCIDENT_SORTS, type IncidentSort, listIncidents, MAX_PAGE_SIZE } from "@/lib/data/incident-list";

export const dynamic = "force-dynamic";

/** GET /api/incidents?<filter>&sort=&limit=&cursor= → { items, nextCursor, total } */
export async function GET(request: Request) {
  return answerRead(request, async () => {
    const params = new URL(request.url).searchParams;
    const filters = await readApiFilters(params);
    const limit = readInteger(params, "limit", { min: 1, max: MAX_PAGE_SIZE, fallback: 50 });
    const sort = readChoice(params, "sort", Object.keys(INCIDENT_SORTS) as IncidentSort[], DEFAULT_SORT);
    const rawCursor = params.get("cursor");
    // Decoded for the sort: a cursor of another sort (or a forged one) would fail the query's cast.
    const cursor = rawCursor ? decodeCursor(rawCursor, sort) : null;
    if (rawCursor && !cursor) throw new BadParameter("cursor", `cursor is not one this API returned for sort=${sort}`);
    const [page, total] = await Promise.all([listIncidents(filters, { sort, limit, cursor }), countIncidents(filters)]);
    return Response.json({ items: page.items, nextCursor: page.nextCursor, total });
  });
}
