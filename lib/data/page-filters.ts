import "server-only";
import { type FilterProblem, type IncidentFilters, readIncidentFilters } from "@/lib/filters";
import type { GroupSummary, SiteSummary } from "@/lib/dashboard/types";

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The filter as pages read it: leniently. Bad values and unknown claimant or site slugs are dropped
 * and reported, so a mistyped link still shows a page that says what it ignored.
 */
export function readPageFilters(
  searchParams: SearchParams,
  known: { groups: Pick<GroupSummary, "slug">[]; sites: Pick<SiteSummary, "slug">[] },
): { filters: IncidentFilters; problems: FilterProblem[] } {
  const { filters, problems } = readIncidentFilters(searchParams);
  const keep = (key: "claimant" | "site", slugs: Set<string>, noun: string) => {
    const values = filters[key];
    if (!values) return;
    const unknown = values.filter((v) => !slugs.has(v));
    for (const v of unknown) problems.push({ parameter: key, value: v, message: `${key} "${v}" is not a known ${noun}` });
    const rest = values.filter((v) => slugs.has(v));
    if (rest.length) filters[key] = rest;
    else delete filters[key];
  };
  keep("claimant", new Set(known.groups.map((g) => g.slug)), "group");
  keep("site", new Set(known.sites.map((s) => s.slug)), "site");
  return { filters, problems };
}
