import Link from "next/link";
import { getProvenance, type Provenance } from "@/lib/data/incidents";

/**
 * On every page: where the data comes from. The real record states its provenance; generated demo
 * rows, whenever any are loaded, get a banner of their own, so invented data never passes as real.
 */
export async function DataProvenance() {
  let provenance: Provenance;
  try {
    provenance = await getProvenance();
  } catch {
    return null; // the page itself reports an unavailable database
  }
  const { hasSynthetic, realIncidents, cutoff } = provenance;
  return (
    <section aria-label="About this data">
      {hasSynthetic && (
        <p data-testid="synthetic-banner" className="bg-amber-300 px-4 py-2 text-center text-sm font-semibold text-amber-950">
          Synthetic demo data is loaded — incidents marked synthetic are invented for demonstration and are not real events.
        </p>
      )}
      {realIncidents > 0 && (
        <p data-testid="provenance" className="border-b border-stone-200 bg-stone-50 px-4 py-1 text-center text-xs text-stone-700">
          Compiled from public reporting · {realIncidents.toLocaleString("en")} {realIncidents === 1 ? "incident" : "incidents"}
          {cutoff && <> · information cutoff {cutoff}</>} ·{" "}
          <Link href="/docs/methodology" className="underline">How we count</Link>
        </p>
      )}
    </section>
  );
}
