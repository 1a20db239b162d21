import { answerRead, BadParameter } from "@/lib/api/read-params";
import { actorFromHeaders } from "@/lib/auth/guards";
import { listTimelineEvents } from "@/lib/data/timeline-events";

export const dynamic = "force-dynamic";

const PARAMETERS = ["from", "to"];

/** GET /api/events?from=YYYY-MM-DD&to=YYYY-MM-DD (both optional, inclusive) → { events } */
export async function GET(request: Request) {
  return answerRead(request, async () => {
    const params = new URL(request.url).searchParams;
    const unknown = [...params.keys()].find((name) => !PARAMETERS.includes(name));
    if (unknown !== undefined) throw new BadParameter(unknown, `${unknown} is not a parameter of /api/events (use from and to)`);
    const from = readDay(params, "from");
    const to = readDay(params, "to");
    if (from && to && from > to) throw new BadParameter("from", `from (${from}) is after to (${to})`);
    // answerRead has checked read:incident; the data layer takes the actor itself.
    const events = await listTimelineEvents(await actorFromHeaders(request.headers), { from, to });
    return Response.json({ events });
  });
}

function readDay(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  if (values.length === 0 || values[0] === "") return undefined;
  if (values.length > 1) throw new BadParameter(name, `${name} is given ${values.length} times; give it once`);
  const value = values[0]!;
  const isDay = /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
  if (!isDay) throw new BadParameter(name, `${name} must be a real date as YYYY-MM-DD`);
  return value;
}
