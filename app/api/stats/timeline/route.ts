import { answerRead, readApiFilters, readChoice } from "@/lib/api/read-params";
import { defaultInterval, getSummary, getTimeline } from "@/lib/data/dashboard";

export const dynamic = "force-dynamic";

/** GET /api/stats/timeline?<filter>&interval=day|week|month&groupBy=claimant|type → TimelineResponse */
export async function GET(request: Request) {
  return answerRead(request, async () => {
    const params = new URL(request.url).searchParams;
    const filters = await readApiFilters(params);
    const groupBy = readChoice(params, "groupBy", ["claimant", "type"] as const, "claimant");
    let interval = readChoice(params, "interval", ["day", "week", "month", "auto"] as const, "auto");
    if (interval === "auto") {
      const summary = await getSummary(filters);
      interval = defaultInterval(filters.from, filters.to, summary.firstDay, summary.lastDay);
    }
    return Response.json(await getTimeline(filters, interval, groupBy));
  });
}
