import Link from "next/link";
import { connection } from "next/server";
import { DashboardMap } from "@/components/dashboard/dashboard-map";
import { DashboardTimeline } from "@/components/dashboard/dashboard-timeline";
import { FilterNotices } from "@/components/dashboard/filter-notices";
import { IncidentSummary, RecordPeriodNote, SummaryBreakdown } from "@/components/dashboard/incident-summary";
import { DownloadLinks } from "@/components/export/download-links";
import { AppliedFilters } from "@/components/filters/applied-filters";
import { FilterBar } from "@/components/filters/filter-bar";
import { TallyComparison } from "@/components/dashboard/tally-comparison";
import { IncidentTable } from "@/components/incidents/incident-table";
import { requirePagePermission } from "@/lib/auth/guards";
import { pagePath } from "@/lib/auth/return-path";
import { defaultInterval, getSummary, getTimeline, listGroups, listSites } from "@/lib/data/dashboard";
import { DEFAULT_SORT, listIncidents } from "@/lib/data/incident-list";
import { getRecordPeriod } from "@/lib/data/incidents";
import { readPageFilters } from "@/lib/data/page-filters";
import { getTallyComparison } from "@/lib/data/tallies";
import { listTimelineEvents } from "@/lib/data/timeline-events";
import type { TimelineGroupBy, TimelineInterval } from "@/lib/dashboard/types";
import { type FilterProblem, toSearchParams } from "@/lib/filters";

type SearchParams = Record<string, string | string[] | undefined>;

const TABLE_ROWS = 25;

function readChoice<T extends string>(raw: string | string[] | undefined, choices: readonly T[], name: string, problems: FilterProblem[]): T | undefined {
  if (raw === undefined || raw === "") return undefined;
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (choices.includes(value as T)) return value as T;
  problems.push({ parameter: name, value: String(value), message: `${name} must be one of ${choices.join(", ")}` });
  return undefined;
}

export default async function DashboardPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await connection(); // rendered per request, from the live database
  const raw = await searchParams;
  const actor = await requirePagePermission("read:incident", pagePath("/", raw));
  const [groups, { filters, problems }] = await Promise.all([listGroups(), readPageFilters(raw)]);
  const groupBy = readChoice<TimelineGroupBy>(raw.groupBy, ["claimant", "type"], "groupBy", problems) ?? "claimant";
  const chosenInterval = readChoice<TimelineInterval>(raw.interval, ["day", "week", "month"], "interval", problems);

  const [summary, sites, page, tallyComparison, events, period] = await Promise.all([
    getSummary(filters),
    listSites(filters),
    listIncidents(filters, { sort: DEFAULT_SORT, limit: TABLE_ROWS }),
    getTallyComparison(actor, filters),
    listTimelineEvents(actor, { from: filters.from, to: filters.to }),
    getRecordPeriod(actor),
  ]);
  const interval = chosenInterval ?? defaultInterval(filters.from, filters.to, summary.firstDay, summary.lastDay);
  const timeline = await getTimeline(filters, interval, groupBy);
  const query = toSearchParams(filters).toString();
  const publicGroups = groups.map(({ id: _id, ...g }) => g);

  return (
    <div className="space-y-5">
      <div className="space-y-1">
        <h1 className="text-xl font-bold md:text-2xl">Attacks on US and coalition forces in Iraq, Syria and Jordan</h1>
        <RecordPeriodNote period={period} />
      </div>
      {/* On a phone the filter form is a drawer behind its button, which sits beside the chips. */}
      <div className="flex flex-wrap items-center gap-2 md:block md:space-y-3">
        <FilterBar groups={publicGroups} sites={sites} />
        <AppliedFilters filters={filters} names={{ groups: publicGroups, sites }} />
      </div>
      <FilterNotices problems={problems} />
      <IncidentSummary summary={summary} filters={filters} />

      <section aria-labelledby="map-heading">
        <h2 id="map-heading" className="mb-2 text-lg font-semibold">Map</h2>
        <DashboardMap
          filters={filters}
          groups={publicGroups}
          sites={sites}
          tileUrl={process.env.MAP_TILE_URL || undefined}
          tileAttribution={process.env.MAP_TILE_ATTRIBUTION || undefined}
        />
      </section>

      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading" className="mb-2 text-lg font-semibold">Timeline</h2>
        <DashboardTimeline data={timeline} events={events} />
      </section>

      <SummaryBreakdown summary={summary} filters={filters} />
      <DownloadLinks query={query} count={summary.incidents} />

      <section aria-labelledby="tallies-heading">
        <h2 id="tallies-heading" className="mb-2 text-lg font-semibold">Published counts and ours</h2>
        <TallyComparison data={tallyComparison} />
      </section>

      <section aria-labelledby="table-heading" className="space-y-2">
        <div className="flex items-baseline justify-between">
          <h2 id="table-heading" className="text-lg font-semibold">Latest incidents</h2>
          <Link href={query ? `/incidents?${query}` : "/incidents"} className="text-sm text-blue-800 underline">
            {summary.incidents > 1 ? `All ${summary.incidents.toLocaleString("en-US")} in a sortable table` : "Open the sortable table"}
          </Link>
        </div>
        <IncidentTable rows={page.items} />
      </section>
    </div>
  );
}
