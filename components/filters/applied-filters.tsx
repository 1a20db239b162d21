"use client";

import type { IncidentFilters } from "@/lib/filters";
import { type FilterNames, filterChips } from "./filter-chips";
import { useFilterNavigation } from "./use-filter-navigation";

/**
 * The applied filter as chips above the results ("Kata'ib Hezbollah ×", "1 Jan–30 Jun 2024 ×"),
 * each removable, and "Clear all". Fed the filter the page read from the URL (unknown groups and
 * sites already dropped), so the chips say exactly what the results are counted under.
 */
export function AppliedFilters({ filters, names }: { filters: IncidentFilters; names: FilterNames }) {
  const { replaceAll, isPending } = useFilterNavigation();
  const chips = filterChips(filters, names);
  return (
    <section aria-label="Applied filters" data-testid="applied-filters" className="flex flex-wrap items-center gap-2 text-sm">
      {chips.length === 0 ? (
        <p className="text-stone-600">No filters: every published incident is counted.</p>
      ) : (
        <ul className="flex flex-wrap items-center gap-2">
          {chips.map((chip) => (
            <li key={chip.key} data-testid="filter-chip" className="flex items-center rounded-full border border-stone-300 bg-white ps-3">
              <span>{chip.label}</span>
              <button
                type="button"
                aria-label={`Remove filter: ${chip.label}`}
                onClick={() => replaceAll(chip.without)}
                className="ms-1 min-h-7 min-w-7 rounded-full text-stone-600 hover:bg-stone-200 pointer-coarse:min-h-11 pointer-coarse:min-w-11"
              >
                ×
              </button>
            </li>
          ))}
          <li>
            <button type="button" onClick={() => replaceAll({})} className="min-h-7 px-1 text-blue-800 underline pointer-coarse:min-h-11">
              Clear all
            </button>
          </li>
        </ul>
      )}
      {isPending && <span role="status" className="text-stone-600">Updating…</span>}
    </section>
  );
}
