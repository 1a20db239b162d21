import type { LegendEntry } from "@/lib/map/style";

type MapLegendProps = {
  entries: readonly LegendEntry[];
  showSites: boolean;
  onShowSitesChange(show: boolean): void;
};

/** Claimant colours of the features in view (collapsible, it covers the map), and the site-layer switch. */
export function MapLegend({ entries, showSites, onShowSitesChange }: MapLegendProps) {
  return (
    <div className="flex max-h-full min-h-0 flex-col rounded bg-white/95 px-3 py-2 text-xs shadow" data-testid="map-legend">
      <details open className="min-h-0 overflow-y-auto">
        <summary className="cursor-pointer font-semibold">Claimed by</summary>
        <ul className="mt-1 space-y-0.5">
          {entries.map((entry) => (
            <li key={entry.key} className="flex items-center gap-2">
              <span aria-hidden className="inline-block size-3 shrink-0 rounded-full border border-white" style={{ backgroundColor: entry.color }} />
              {entry.label}
            </li>
          ))}
        </ul>
        <div className="mt-1.5 text-stone-500">Numbered circles: several incidents; click to zoom in.</div>
      </details>
      <label className="mt-1.5 flex cursor-pointer items-center gap-2 border-t border-stone-200 pt-1.5">
        <input type="checkbox" checked={showSites} onChange={(e) => onShowSitesChange(e.target.checked)} />
        <span aria-hidden className="inline-block size-2 rotate-45 bg-stone-900" />
        Target sites
      </label>
    </div>
  );
}
