// The filter pickers' entries, built from the record's groups and sites.

import type { PickerOption } from "@/components/ui/multi-select";
import type { GroupSummary, SiteSummary } from "@/lib/dashboard/types";
import { COUNTRY_NAMES } from "@/lib/vocabulary";

const arabic = (text: string | null) => (text ? { text, lang: "ar", dir: "rtl" as const } : null);
const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, "en");

/**
 * Claimants as the hierarchy they form: each parent followed by its façade and member groups,
 * indented, at every level sorted by name. Choosing a parent includes its groups (see the filter).
 */
export function claimantOptions(groups: readonly GroupSummary[]): PickerOption[] {
  const known = new Set(groups.map((g) => g.slug));
  const childrenOf = new Map<string | null, GroupSummary[]>();
  for (const g of groups) {
    const parent = g.parentSlug && known.has(g.parentSlug) ? g.parentSlug : null;
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), g]);
  }
  const options: PickerOption[] = [];
  const placed = new Set<string>();
  const visit = (group: GroupSummary, depth: number, parentName: string | null) => {
    if (placed.has(group.slug)) return; // a loop in the data must not hang the page
    placed.add(group.slug);
    options.push({
      value: group.slug,
      label: group.name,
      secondary: arabic(group.nameAr),
      depth,
      keywords: group.aliases,
      context: parentName ? `under ${parentName}` : undefined,
    });
    for (const child of (childrenOf.get(group.slug) ?? []).sort(byName)) visit(child, depth + 1, group.name);
  };
  for (const root of (childrenOf.get(null) ?? []).sort(byName)) visit(root, 0, null);
  return options;
}

export function siteOptions(sites: ReadonlyArray<Pick<SiteSummary, "slug" | "name" | "nameAr" | "country">>): PickerOption[] {
  return [...sites].sort(byName).map((s) => ({ value: s.slug, label: s.name, secondary: arabic(s.nameAr), context: COUNTRY_NAMES[s.country] ?? s.country }));
}

/** A code list with its labels, in the list's own order. */
export function codeOptions(codes: readonly string[], labelOf: (code: string) => string): PickerOption[] {
  return codes.map((code) => ({ value: code, label: labelOf(code) }));
}
