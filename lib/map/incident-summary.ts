// What an incident's popup says, as plain strings: the component renders them as text, never HTML.

import type { GroupSummary, MapFeatureProperties } from "@/lib/dashboard/types";
import { ATTACK_TYPE_LABELS, formatRange, label } from "@/lib/vocabulary";

export type IncidentProperties = Extract<MapFeatureProperties, { kind: "incident" }>;

export type IncidentSummary = {
  reference: string;
  date: string;
  place: string;
  attackType: string;
  claimant: string;
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
    attackType: label(ATTACK_TYPE_LABELS, incident.attackType),
    claimant: incident.claimantName ?? groupName ?? "Unclaimed",
    killed: formatRange(incident.killedMin, incident.killedMax),
    wounded: formatRange(incident.woundedMin, incident.woundedMax),
    href: `/incidents/${encodeURIComponent(incident.id)}`,
  };
}
