import Link from "next/link";
import { formatCount } from "@/lib/vocabulary";

const DOWNLOADS = [
  { label: "CSV", params: "format=csv", hint: "one row per incident, opens in any spreadsheet" },
  // Excel reads a CSV without a byte-order mark as the local code page and garbles Arabic.
  { label: "CSV for Excel", params: "format=csv&bom=1", hint: "the same CSV with a UTF-8 byte-order mark, so Excel shows Arabic" },
  { label: "GeoJSON", params: "format=geojson", hint: "points for GIS tools" },
  { label: "JSON", params: "format=json", hint: "typed records for scripts" },
  { label: "ACLED CSV", params: "format=csv&profile=acled", hint: "ACLED's columns and codes" },
] as const;

/**
 * Plain links to /api/export with the page's own filter: the file holds exactly the incidents on
 * screen, and a link can be copied or opened without any script.
 */
export function DownloadLinks({ query, count }: { query: string; count: number }) {
  const suffix = query ? `&${query}` : "";
  // Nothing matches: no empty file to download. The formats stay listed, disabled, with the reason.
  const isEmpty = count === 0;
  return (
    <section aria-labelledby="download-heading" data-testid="download-links" className="flex flex-wrap items-baseline gap-x-4 gap-y-1 text-sm">
      <h2 id="download-heading" className="font-semibold">
        {isEmpty ? "Download" : `Download ${count === 1 ? "this incident" : `these ${formatCount(count, "incident")}`}`}
      </h2>
      <ul className="flex flex-wrap gap-x-4 gap-y-1">
        {DOWNLOADS.map((d) => (
          <li key={d.label}>
            {isEmpty ? (
              <span aria-disabled="true" className="cursor-not-allowed text-stone-400" title="No incidents match these filters">{d.label}</span>
            ) : (
              <a href={`/api/export?${d.params}${suffix}`} download className="text-blue-800 underline" title={d.hint}>
                {d.label}
              </a>
            )}
          </li>
        ))}
      </ul>
      {isEmpty && <p data-testid="download-empty" className="text-stone-600">Nothing to download: no incidents match these filters.</p>}
      <Link href="/docs/data" className="text-stone-700 underline">What the columns mean</Link>
    </section>
  );
}
