// The applied filter in words, one chip per removable part: each claimant, country, type… on its
// own, the date range as one. Pure, so the chips, the "Filters (3)" count and the tests agree.

import { formatDay } from "@/components/tallies/reconciliation-table";
import type { IncidentFilters } from "@/lib/filters";
import {
  ATTACK_TYPE_LABELS, CLAIM_STATEMENT_STATUS_LABELS, CLAIM_STATUS_LABELS, CONFIDENCE_LABELS, CONFIRMATION_LABELS, COUNTRY_NAMES, label,
  OUTCOME_LABELS,
} from "@/lib/vocabulary";

export type FilterChip = {
  /** Stable and unique among the chips: the parameter, and the value for a list. */
  key: string;
  label: string;
  /** The filter once this chip is removed. */
  without: IncidentFilters;
};

/** The names the chips show for slugs. */
export type FilterNames = {
  groups: ReadonlyArray<{ slug: string; name: string }>;
  sites: ReadonlyArray<{ slug: string; name: string }>;
};

const withoutYear = (day: string) => formatDay(day).replace(/ \d+$/, "");

/** "1 Jan–30 Jun 2024", "1–30 Jun 2024", "17 Oct 2023–4 Feb 2024", "From 1 Jan 2024", "Until 30 Jun 2024". */
export function formatDayRange(from: string | undefined, to: string | undefined): string {
  if (from && to) {
    if (from === to) return formatDay(from);
    if (from.slice(0, 7) === to.slice(0, 7)) return `${Number(from.slice(8))}–${formatDay(to)}`;
    if (from.slice(0, 4) === to.slice(0, 4)) return `${withoutYear(from)}–${formatDay(to)}`;
    return `${formatDay(from)}–${formatDay(to)}`;
  }
  if (from) return `From ${formatDay(from)}`;
  return to ? `Until ${formatDay(to)}` : "";
}

type ListKey = "claimant" | "country" | "type" | "outcome" | "site" | "admin1" | "confidence" | "claimStatus" | "confirmation" | "claimLedger";

/** How one value of each list reads on its own. Bare where the value says what it is ("Iraq"), prefixed where it would not ("Likely"). */
function listLabels(names: FilterNames): Record<ListKey, (value: string) => string> {
  const nameOf = (list: FilterNames["groups"], slug: string) => list.find((item) => item.slug === slug)?.name ?? slug;
  return {
    claimant: (slug) => nameOf(names.groups, slug),
    country: (code) => COUNTRY_NAMES[code] ?? code,
    type: (code) => label(ATTACK_TYPE_LABELS, code),
    outcome: (code) => `Outcome: ${label(OUTCOME_LABELS, code)}`,
    site: (slug) => nameOf(names.sites, slug),
    admin1: (province) => `Province: ${province}`,
    confidence: (code) => `Confidence: ${label(CONFIDENCE_LABELS, code)}`,
    claimStatus: (code) => `Claim status: ${label(CLAIM_STATUS_LABELS, code)}`,
    confirmation: (code) => label(CONFIRMATION_LABELS, code),
    claimLedger: (code) => `Has a claim ${label(CLAIM_STATEMENT_STATUS_LABELS, code).toLowerCase()}`,
  };
}

/** In the order an analyst reads a filter: who, when, where, what, how sure. */
const CHIP_ORDER = ["claimant", "dates", "country", "admin1", "site", "bbox", "type", "outcome", "minKilled", "confidence", "claimStatus", "confirmation", "claimLedger", "q"] as const;

export function filterChips(filters: IncidentFilters, names: FilterNames): FilterChip[] {
  const labels = listLabels(names);
  const chips: FilterChip[] = [];
  for (const part of CHIP_ORDER) {
    if (part === "dates") {
      if (filters.from || filters.to) chips.push({ key: "dates", label: formatDayRange(filters.from, filters.to), without: { ...filters, from: undefined, to: undefined } });
    } else if (part === "bbox") {
      if (filters.bbox) chips.push({ key: "bbox", label: "Map area", without: { ...filters, bbox: undefined } });
    } else if (part === "minKilled") {
      if (filters.minKilled !== undefined) chips.push({ key: "minKilled", label: `At least ${filters.minKilled} killed`, without: { ...filters, minKilled: undefined } });
    } else if (part === "q") {
      if (filters.q) chips.push({ key: "q", label: `Text: “${filters.q}”`, without: { ...filters, q: undefined } });
    } else {
      const values: readonly string[] = filters[part] ?? [];
      for (const value of values) {
        const rest = values.filter((v) => v !== value);
        chips.push({ key: `${part}:${value}`, label: labels[part](value), without: { ...filters, [part]: rest.length ? rest : undefined } });
      }
    }
  }
  return chips;
}
