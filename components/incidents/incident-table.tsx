import Link from "next/link";
import type { IncidentRow, IncidentSort } from "@/lib/data/incident-list";
import { ATTACK_TYPE_LABELS, CONFIDENCE_LABELS, COUNTRY_NAMES, formatRange, label, OUTCOME_LABELS } from "@/lib/vocabulary";

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
  { title: "Wounded" },
];

/**
 * The filtered incidents as a table: the accessible alternative to the map. Sorting is by links
 * (the sort lives in the URL like the filter), so keyboard and screen-reader users get it for free.
 */
export function IncidentTable({ rows, sort, sortHref }: { rows: IncidentRow[]; sort?: IncidentSort; sortHref?: (sort: IncidentSort) => string }) {
  return (
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
                    <Link href={sortHref(next)} className="underline decoration-dotted">
                      {column.title}
                      {isSorted ? (sort?.endsWith("asc") ? " ▲" : " ▼") : ""}
                    </Link>
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
            <tr key={row.id} className="border-t border-stone-200 hover:bg-stone-50" data-incident-id={row.id}>
              <td className="whitespace-nowrap px-3 py-2">{row.occurredOn}{row.datePrecision !== "DAY" && <span className="text-stone-500"> ({row.datePrecision.toLowerCase()})</span>}</td>
              <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">
                <Link href={`/incidents/${row.id}`} className="text-blue-800 underline">{row.reference}</Link>
              </td>
              <td className="px-3 py-2">
                {row.locationName}
                <span className="text-stone-500">, {row.admin1 ? `${row.admin1}, ` : ""}{COUNTRY_NAMES[row.country] ?? row.country}</span>
              </td>
              <td className="px-3 py-2">{label(ATTACK_TYPE_LABELS, row.attackType)}</td>
              <td className="px-3 py-2">{label(OUTCOME_LABELS, row.outcome)}</td>
              <td className="px-3 py-2">{row.claimantName ?? "—"}</td>
              <td className="px-3 py-2">{label(CONFIDENCE_LABELS, row.confidence)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatRange(row.killedMin, row.killedMax)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatRange(row.woundedMin, row.woundedMax)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
