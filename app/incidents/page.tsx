import Link from "next/link";
import { connection } from "next/server";
import { FilterNotices } from "@/components/dashboard/filter-notices";
import { DownloadLinks } from "@/components/export/download-links";
import { IncidentTable } from "@/components/incidents/incident-table";
import { requirePagePermission } from "@/lib/auth/guards";
import { pagePath } from "@/lib/auth/return-path";
import { getSummary } from "@/lib/data/dashboard";
import { listIncidents, readIncidentPage } from "@/lib/data/incident-list";
import { readPageFilters } from "@/lib/data/page-filters";
import { hasAnyFilter, toSearchParams } from "@/lib/filters";

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

  const [page, summary] = await Promise.all([listIncidents(filters, { sort, limit: PAGE_SIZE, cursor }), getSummary(filters)]);
  const base = toSearchParams(filters);
  const href = (changes: Record<string, string>) => {
    const params = new URLSearchParams(base);
    for (const [k, v] of Object.entries(changes)) params.set(k, v);
    return `/incidents?${params}`;
  };
  const dashboardHref = base.toString() ? `/?${base}` : "/";

  return (
    <div className="space-y-4">
      <div className="flex items-baseline justify-between">
        <h1 className="text-2xl font-bold">Incidents</h1>
        <Link href={dashboardHref} className="text-sm text-blue-800 underline">Back to the dashboard with these filters</Link>
      </div>
      <p className="text-stone-700">
        <strong data-testid="incident-count">{summary.incidents.toLocaleString("en-US")}</strong> incidents
        {hasAnyFilter(filters) ? " match the filters" : ""}, sorted by {sort.replace("_", " ").replace("desc", "(newest / highest first)").replace("asc", "(oldest / lowest first)")}.
      </p>
      <FilterNotices problems={problems} />
      <DownloadLinks query={base.toString()} count={summary.incidents} />
      <IncidentTable rows={page.items} sort={sort} sortHref={(s) => href({ sort: s })} />
      <nav aria-label="Pages" className="flex gap-4 text-sm">
        {cursor && <Link href={href({ sort })} className="text-blue-800 underline">First page</Link>}
        {page.nextCursor && (
          <Link href={href({ sort, cursor: page.nextCursor })} className="text-blue-800 underline" rel="next">
            Next {PAGE_SIZE}
          </Link>
        )}
      </nav>
    </div>
  );
}
