import Link from "next/link";
import { connection } from "next/server";
import { FilterNotices } from "@/components/dashboard/filter-notices";
import { DownloadLinks } from "@/components/export/download-links";
import { AppliedFilters } from "@/components/filters/applied-filters";
import { FilterBar } from "@/components/filters/filter-bar";
import { IncidentTable } from "@/components/incidents/incident-table";
import { requirePagePermission } from "@/lib/auth/guards";
import { pagePath } from "@/lib/auth/return-path";
import { getSummary, listGroups } from "@/lib/data/dashboard";
import { INCIDENT_SORTS, listIncidents, readIncidentPage } from "@/lib/data/incident-list";
import { readPageFilters } from "@/lib/data/page-filters";
import { listSiteChoices } from "@/lib/data/site-choices";
import { hasAnyFilter, toSearchParams } from "@/lib/filters";
import { plural } from "@/lib/vocabulary";

export const metadata = { title: "Incidents" };

const PAGE_SIZE = 50;
type SearchParams = Record<string, string | string[] | undefined>;

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await connection();
  const raw = await searchParams;
  await requirePagePermission("read:incident", pagePath("/incidents", raw));
  const { filters, problems: filterProblems } = await readPageFilters(raw);
  const { sort, cursor, problems: pageProblems } = readIncidentPage(raw);
  const problems = [...filterProblems, ...pageProblems];

  const [page, summary, groups, sites] = await Promise.all([
    listIncidents(filters, { sort, limit: PAGE_SIZE, cursor, withPosition: true }),
    getSummary(filters),
    listGroups(),
    listSiteChoices(),
  ]);
  const publicGroups = groups.map(({ id: _id, ...g }) => g);
  const n = summary.incidents;
  const base = toSearchParams(filters);
  const href = (changes: Record<string, string>) => {
    const params = new URLSearchParams(base);
    for (const [k, v] of Object.entries(changes)) params.set(k, v);
    return `/incidents?${params}`;
  };
  const dashboardHref = base.toString() ? `/?${base}` : "/";

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4">
        <h1 className="text-2xl font-bold">Incidents</h1>
        <Link href={dashboardHref} className="text-sm text-blue-800 underline">Back to the dashboard with these filters</Link>
      </div>
      <div className="flex flex-wrap items-center gap-2 md:block md:space-y-3">
        <FilterBar groups={publicGroups} sites={sites} />
        <AppliedFilters filters={filters} names={{ groups: publicGroups, sites }} />
      </div>
      <FilterNotices problems={problems} />
      <p className="text-stone-700">
        <strong data-testid="incident-count">{n.toLocaleString("en-US")}</strong> {plural(n, "incident")}
        {hasAnyFilter(filters) ? ` ${plural(n, "matches", "match")} the filters` : ""}
        {n > 1 && `, sorted by ${INCIDENT_SORTS[sort].label}`}.
      </p>
      <DownloadLinks query={base.toString()} count={summary.incidents} />
      <IncidentTable
        rows={page.items} sort={sort} sortHref={(s) => href({ sort: s })}
        paging={{
          total: n, firstRowNumber: page.firstRowNumber ?? 1, firstHref: cursor ? href({ sort }) : null,
          previousHref: page.previousCursor ? href({ sort, cursor: page.previousCursor }) : null,
          nextHref: page.nextCursor ? href({ sort, cursor: page.nextCursor }) : null,
        }}
      />
    </div>
  );
}
