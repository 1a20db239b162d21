import Link from "next/link";

const DOWNLOADS = [
  { label: "CSV", params: "format=csv", hint: "one row per incident, opens in any spreadsheet" },
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
  return (
    <section aria-labelledby="download-heading" data-testid="download-links" className="flex flex-wrap items-baseline gap-x-4 gap-y-1 text-sm">
      <h2 id="download-heading" className="font-semibold">
        Download {count === 1 ? "this incident" : `these ${count.toLocaleString("en-US")} incidents`}
      </h2>
      <ul className="flex flex-wrap gap-x-4 gap-y-1">
        {DOWNLOADS.map((d) => (
          <li key={d.label}>
            <a href={`/api/export?${d.params}${suffix}`} download className="text-blue-800 underline" title={d.hint}>
              {d.label}
            </a>
          </li>
        ))}
      </ul>
      <Link href="/docs/data" className="text-stone-700 underline">What the columns mean</Link>
    </section>
  );
}
