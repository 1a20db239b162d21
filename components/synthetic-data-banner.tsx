import { hasSyntheticData } from "@/lib/data/incidents";

/** Shown on every page while generated demo rows are in the database: invented data never passes as real. */
export async function SyntheticDataBanner() {
  let isSynthetic = false;
  try {
    isSynthetic = await hasSyntheticData();
  } catch {
    return null; // the page itself reports an unavailable database
  }
  if (!isSynthetic) return null;
  return (
    <div role="note" data-testid="synthetic-banner" className="bg-amber-300 px-4 py-2 text-center text-sm font-semibold text-amber-950">
      Synthetic demo data — every incident shown here is invented for demonstration and is not a real event.
    </div>
  );
}
