"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTransition } from "react";
import { type IncidentFilters, readIncidentFilters, toSearchParams } from "@/lib/filters";

/** Parameters that shape a view without changing which incidents match; kept across filter changes. */
const VIEW_PARAMS = ["interval", "groupBy", "sort"] as const;

/**
 * Filters live in the URL and nowhere else: reading it gives the current filter, changing a filter
 * navigates. Reload, back/forward and a pasted link therefore restore the exact view.
 */
export function useFilterNavigation() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [isPending, startTransition] = useTransition();
  const { filters } = readIncidentFilters(new URLSearchParams(searchParams.toString()));

  function navigate(nextFilters: IncidentFilters, view: Partial<Record<(typeof VIEW_PARAMS)[number], string | null>> = {}) {
    const params = toSearchParams(nextFilters);
    for (const key of VIEW_PARAMS) {
      const value = key in view ? view[key] : searchParams.get(key);
      if (value) params.set(key, value);
    }
    const query = params.toString();
    // A new filter starts from the first page: a cursor belongs to the old result.
    startTransition(() => router.push(query ? `${pathname}?${query}` : pathname, { scroll: false }));
  }

  return {
    filters,
    isPending,
    /** Merge changes into the current filter (undefined removes a parameter). */
    update: (changes: Partial<IncidentFilters>) => navigate({ ...filters, ...changes }),
    replaceAll: (next: IncidentFilters) => navigate(next),
    setView: (view: Partial<Record<(typeof VIEW_PARAMS)[number], string | null>>) => navigate(filters, view),
  };
}
