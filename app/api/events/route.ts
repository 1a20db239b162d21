import { answerRead, BadParameter } from "@/lib/api/read-params";
import { actorFromHeaders } from "@/lib/auth/guards";
import { listTimelineEvents } from "@/lib/data/timeline-events";
import { parseIncidentFiltersStrict } from "@/lib/filters";

export const dynamic = "force-dynamic";

const PARAMETERS = ["from", "to"];

/** GET /api/events?from=YYYY-MM-DD&to=YYYY-MM-DD (both optional, inclusive) → { events } */
export async function GET(request: Request) {
  return answerRead(request, async () => {
    const params = new URL(request.url).searchParams;
    const unknown = [...params.keys()].find((name) => !PARAMETERS.includes(name));
    if (unknown !== undefined) throw new BadParameter(unknown, `${unknown} is not a parameter of /api/events (use from and to)`);
    // The dashboard filter's own date rules (real calendar days, from ≤ to), and its messages.
    const parsed = parseIncidentFiltersStrict(params);
    if (!parsed.ok) throw new BadParameter(parsed.problem.parameter, parsed.problem.message);
    const { from, to } = parsed.filters;
    // answerRead has checked read:incident; the data layer takes the actor itself.
    const events = await listTimelineEvents(await actorFromHeaders(request.headers), { from, to });
    return Response.json({ events });
  });
}
