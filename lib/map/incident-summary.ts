// What an incident's popup says, as plain strings: the component renders them as text, never HTML.

import type { GroupSummary, SiteSummary } from "@/lib/dashboard/types";
import { ATTACK_TYPE_LABELS, formatRange, label, TARGET_TYPE_LABELS } from "@/lib/vocabulary";
import type { IncidentProperties } from "./features";
import { precisionRadius } from "./style";

export type { IncidentProperties } from "./features";

/** How precisely the place is known, as the popup says it: the area the point stands for. */
export const PRECISION_LABELS: Record<string, string> = {
  EXACT: "Exact site",
  NEAR: "Near (within about 25 km)",
  DISTRICT: "District only: the point is its centre",
  PROVINCE: "Province only: the point is its centre",
  COUNTRY: "Country only: the point is its centre",
};

export type IncidentSummary = {
  reference: string;
  date: string;
  place: string;
  /** How precisely the place is known; the halo on the map has the radius named here. */
  precision: string;
  attackType: string;
  claimant: string;
  /** The credited group's slug, for the link to its page; null when unclaimed. */
  claimantSlug: string | null;
  /** The target site it is filed under, for the link to the site's page; null when none. */
  site: { slug: string; name: string } | null;
  killed: string;
  wounded: string;
  href: string;
};

export function summarizeIncident(incident: IncidentProperties, groups: readonly GroupSummary[]): IncidentSummary {
  const groupName = incident.claimant === null ? null : (groups.find((g) => g.slug === incident.claimant)?.name ?? incident.claimant);
  return {
    reference: incident.reference,
    date: incident.occurredOn,
    place: incident.locationName,
    precision: precisionText(incident.geoPrecision),
    attackType: label(ATTACK_TYPE_LABELS, incident.attackType),
    claimant: incident.claimantName ?? groupName ?? "Unclaimed",
    claimantSlug: incident.claimant,
    site: incident.siteSlug ? { slug: incident.siteSlug, name: incident.siteName ?? incident.siteSlug } : null,
    killed: formatRange(incident.killedMin, incident.killedMax),
    wounded: formatRange(incident.woundedMin, incident.woundedMax),
    href: `/incidents/${encodeURIComponent(incident.id)}`,
  };
}

export function precisionText(precision: string | undefined): string {
  const code = precision ?? "EXACT";
  const radius = precisionRadius(code);
  const text = PRECISION_LABELS[code] ?? code;
  return radius === null || code === "NEAR" ? text : `${text} (shown as a ${Math.round(radius / 1000)} km circle)`;
}

export type SiteSummaryText = { slug: string; name: string; attacks: string; type: string; note: string | null };

/** A target site's popup: its own count under the filter, as text. */
export function summarizeSite(site: SiteSummary): SiteSummaryText {
  const n = site.incidentCount;
  return {
    slug: site.slug,
    name: site.name,
    attacks: `${n.toLocaleString("en-US")} ${n === 1 ? "attack" : "attacks"} matching the filters`,
    type: label(TARGET_TYPE_LABELS, site.type),
    note: site.coordinatesApproximate ? "Coordinates approximate" : null,
  };
}
