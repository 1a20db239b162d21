import Link from "next/link";
import { GroupLink } from "@/components/profiles/group-link";
import { SiteLink } from "@/components/profiles/site-link";
import type { IncidentRow, IncidentSort } from "@/lib/data/incident-list";
import { ATTACK_TYPE_LABELS, CONFIDENCE_LABELS, COUNTRY_NAMES, formatRange, label, OUTCOME_LABELS } from "@/lib/vocabulary";
import { TableNavigationFrame, TableNavigationLink } from "./incident-table-navigation";

type Column = { title: string; sort?: { asc?: IncidentSort; desc?: IncidentSort } };

const COLUMNS: Column[] = [
  { title: "Date", sort: { desc: "date_desc", asc: "date_asc" } },
  { title: "Reference", sort: { asc: "reference_asc" } },
  { title: "Place" },
  { title: "Type" },
  { title: "Outcome" },
  { title: "Claimed by" },
  { title: "Confidence" },
  { title: "Killed", sort: { desc: "killed_desc" } },
  { title: "Wounded", sort: { desc: "wounded_desc" } },
  { title: "Details" },
];

/** Where the rows sit in the whole list, and the links to the pages around them (null: no such page). */
export type TablePaging = {
  total: number;
  /** The first row's number in the whole sorted list (1 on the first page). */
  firstRowNumber: number;
  firstHref: string | null;
  previousHref: string | null;
  nextHref: string | null;
};

/**
 * The filtered incidents as a table: the accessible alternative to the map. Sorting and paging are
 * links (they live in the URL like the filter), so keyboard and screen-reader users get them for
 * free; while the next sort or page loads, the rows shown stay readable.
 */
export function IncidentTable({ rows, sort, sortHref, paging }: { rows: IncidentRow[]; sort?: IncidentSort; sortHref?: (sort: IncidentSort) => string; paging?: TablePaging }) {
  const table = (
    <div className="overflow-x-auto rounded border border-stone-300 bg-white">
      <table className="w-full text-left text-sm" data-testid="incident-table">
        <caption className="sr-only">Incidents matching the filters</caption>
        <thead className="bg-stone-100 text-stone-700">
          <tr>
            {COLUMNS.map((column) => {
              const isSorted = sort !== undefined && (column.sort?.asc === sort || column.sort?.desc === sort);
              const next = column.sort && (sort === column.sort.desc ? (column.sort.asc ?? column.sort.desc) : (column.sort.desc ?? column.sort.asc));
              return (
                <th key={column.title} scope="col" className="px-3 py-2" aria-sort={isSorted ? (sort?.endsWith("asc") ? "ascending" : "descending") : undefined}>
                  {next && sortHref ? (
                    <TableNavigationLink href={sortHref(next)} className="underline decoration-dotted">
                      {column.title}
                      {isSorted ? (sort?.endsWith("asc") ? " ▲" : " ▼") : ""}
                    </TableNavigationLink>
                  ) : (
                    column.title
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={COLUMNS.length} className="px-3 py-4 text-stone-500">
                No incidents match these filters.
              </td>
            </tr>
          )}
          {rows.map((row) => (
            <tr key={row.id} className="border-t border-stone-200 align-top hover:bg-stone-50" data-incident-id={row.id}>
              <td className="whitespace-nowrap px-3 py-2">{row.occurredOn}{row.datePrecision !== "DAY" && <span className="text-stone-500"> ({row.datePrecision.toLowerCase()})</span>}</td>
              <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">
                <Link href={`/incidents/${row.id}`} className="text-blue-800 underline">{row.reference}</Link>
              </td>
              <td className="px-3 py-2">
                {row.site && row.siteName ? <SiteLink site={{ slug: row.site, name: row.siteName }}>{row.locationName}</SiteLink> : row.locationName}
                <span className="text-stone-500">, {row.admin1 ? `${row.admin1}, ` : ""}{COUNTRY_NAMES[row.country] ?? row.country}</span>
              </td>
              <td className="px-3 py-2">{label(ATTACK_TYPE_LABELS, row.attackType)}</td>
              <td className="px-3 py-2">{label(OUTCOME_LABELS, row.outcome)}</td>
              <td className="px-3 py-2" data-testid="incident-claimant">{row.claimant && row.claimantName ? <GroupLink group={{ slug: row.claimant, name: row.claimantName }} /> : "—"}</td>
              <td className="px-3 py-2">{label(CONFIDENCE_LABELS, row.confidence)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatRange(row.killedMin, row.killedMax)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatRange(row.woundedMin, row.woundedMax)}</td>
              <td className="min-w-56 px-3 py-2 text-stone-700" data-testid="incident-details">
                {row.notesExcerpt ?? (row.claimExcerpt ? null : <span className="text-stone-500">No notes</span>)}
                {row.claimExcerpt && (
                  <span className="block text-stone-600">
                    Claim: <q>{row.claimExcerpt}</q>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  if (!sortHref && !paging) return table;
  return (
    <TableNavigationFrame>
      {table}
      {paging && <TablePager paging={paging} shown={rows.length} />}
    </TableNavigationFrame>
  );
}

/** "51–100 of 1,234" with the first, previous and next pages. */
function TablePager({ paging, shown }: { paging: TablePaging; shown: number }) {
  const from = shown === 0 ? 0 : paging.firstRowNumber;
  const to = shown === 0 ? 0 : paging.firstRowNumber + shown - 1;
  const link = "text-blue-800 underline";
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-baseline gap-x-4 gap-y-1 text-sm">
      <span data-testid="incident-page-range">
        {from.toLocaleString("en-US")}–{to.toLocaleString("en-US")} of {paging.total.toLocaleString("en-US")}
      </span>
      {paging.firstHref && <TableNavigationLink href={paging.firstHref} scroll className={link}>First page</TableNavigationLink>}
      {paging.previousHref && <TableNavigationLink href={paging.previousHref} scroll className={link} rel="prev">Previous page</TableNavigationLink>}
      {paging.nextHref && <TableNavigationLink href={paging.nextHref} scroll className={link} rel="next">Next page</TableNavigationLink>}
    </nav>
  );
}
