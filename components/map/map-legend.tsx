import { useId, useState } from "react";
import { WEAPON_KEY, type ColorBy, type LegendEntry } from "@/lib/map/style";

type MapLegendProps = {
  entries: readonly LegendEntry[];
  colorBy: ColorBy;
  showSites: boolean;
  onShowSitesChange(show: boolean): void;
};

/** Phones start with the legend folded: it sits under the map there, and the map comes first. */
const isWideScreen = () => typeof window !== "undefined" && window.matchMedia("(min-width: 1024px)").matches;

/**
 * What the map's colours, letters, rings and halos mean. Beside the map on wide screens and under
 * it on narrow ones, never over it: it can hide no point. Folds with its button; the site-layer
 * switch stays in reach when folded.
 */
export function MapLegend({ entries, colorBy, showSites, onShowSitesChange }: MapLegendProps) {
  const [isOpen, setOpen] = useState(isWideScreen);
  const bodyId = useId();
  const what = colorBy === "type" ? "attack type" : "claimant";
  return (
    <section aria-label="Map legend" data-testid="map-legend" data-open={isOpen} className="rounded border border-stone-300 bg-white px-3 py-2 text-xs">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <button
          type="button"
          aria-expanded={isOpen}
          aria-controls={bodyId}
          onClick={() => setOpen((open) => !open)}
          className="rounded px-1 font-semibold hover:bg-stone-100 focus-visible:outline-2 focus-visible:outline-blue-700"
        >
          <span aria-hidden className="inline-block w-3">{isOpen ? "▾" : "▸"}</span> Legend
        </button>
        <label className="flex cursor-pointer items-center gap-2">
          <input type="checkbox" checked={showSites} onChange={(e) => onShowSitesChange(e.target.checked)} />
          <span aria-hidden className="inline-block size-2.5 rotate-45 border-2 border-stone-800/70" />
          Target sites
        </label>
      </div>
      {isOpen ? (
        <div id={bodyId} className="mt-1.5 space-y-2">
          <div>
            <div className="font-semibold">{colorBy === "type" ? "Attack type" : "Claimed by"}</div>
            {entries.length === 0 ? <div className="text-stone-500">Nothing in view.</div> : null}
            <ul className="mt-0.5 flex flex-wrap gap-x-3 gap-y-0.5 lg:block lg:space-y-0.5">
              {entries.map((entry) => (
                <li key={entry.key} className="flex items-center gap-1.5">
                  <span aria-hidden className="inline-block size-3 shrink-0 rounded-full border border-white shadow-[0_0_0_1px_#d6d3d1]" style={{ backgroundColor: entry.color }} />
                  {entry.label}
                </li>
              ))}
            </ul>
          </div>
          <div>
            <div className="font-semibold">Weapon (letter in each point)</div>
            <ul className="mt-0.5 flex flex-wrap gap-x-3 gap-y-0.5" data-testid="map-legend-weapons">
              {WEAPON_KEY.map(({ letter, label }) => (
                <li key={letter} className="flex items-center gap-1">
                  <span aria-hidden className="inline-flex size-4 items-center justify-center rounded-full bg-stone-600 text-[9px] font-bold text-white">{letter}</span>
                  {label}
                </li>
              ))}
            </ul>
          </div>
          <ul className="space-y-0.5 text-stone-600">
            <li>Numbered circle: several incidents, coloured by their most frequent {what}; its ring shows that {what}&apos;s share. Click to zoom in.</li>
            <li>Dashed halo: the place is known only to its area (near, district, province or country); the halo is about that size.</li>
            <li>Diamond: a target site, under the points; click it where no point covers it for its count.</li>
          </ul>
        </div>
      ) : null}
    </section>
  );
}
