// The standard export layout: every column, in file order, with what it holds. The data dictionary
// (/docs/data) is rendered from this list and lib/data/incident-export.ts must give each name its
// SQL (a Record over these names), so the documentation and the files cannot drift apart.
//
// No server-only: pure data.

/** Which code list a column's values come from (listed on /docs/data from the Prisma enums). */
export type CodeList = "DatePrecision" | "GeoPrecision" | "TargetType" | "AttackType" | "Outcome" | "ClaimStatus" | "Confidence";

/**
 * How a value is written. `text` cells get the formula guard in CSV; `list` is a `;`- or
 * ` | `-separated cell in CSV and an array in JSON; the rest are never altered.
 */
export type ColumnKind = "id" | "text" | "code" | "date" | "time" | "timestamp" | "integer" | "decimal" | "boolean" | "list";

export type ExportColumn = {
  name: string;
  kind: ColumnKind;
  description: string;
  codes?: CodeList;
  /** Separator between the items of a `list` cell in CSV. */
  separator?: string;
};

export const INCIDENT_COLUMNS = [
  { name: "id", kind: "id", description: "Permanent identifier (UUID); the incident page is /incidents/{id}." },
  { name: "reference", kind: "text", description: "Human reference code: country, year of occurrence, sequence (e.g. IQ-2024-0117)." },
  { name: "occurred_on", kind: "date", description: "Event date, YYYY-MM-DD (the local calendar day). See date_precision." },
  { name: "occurred_time", kind: "time", description: "Local time of day, HH:MM, when known; empty otherwise." },
  { name: "date_precision", kind: "code", codes: "DatePrecision", description: "How well occurred_on is known." },
  { name: "country", kind: "text", description: "ISO 3166-1 alpha-2 country code (IQ, SY, JO…)." },
  { name: "admin1", kind: "text", description: "Governorate or province; empty when unknown." },
  { name: "location_name", kind: "text", description: "Place name in English." },
  { name: "location_name_ar", kind: "text", description: "Place name in Arabic, when recorded." },
  { name: "latitude", kind: "decimal", description: "WGS 84 latitude in decimal degrees. See geo_precision." },
  { name: "longitude", kind: "decimal", description: "WGS 84 longitude in decimal degrees." },
  { name: "geo_precision", kind: "code", codes: "GeoPrecision", description: "How well the coordinates pin down the place." },
  { name: "site", kind: "text", description: "Slug of the known target site (see /api/sites); empty when the target is not a listed site." },
  { name: "site_name", kind: "text", description: "Name of that site." },
  { name: "target_type", kind: "code", codes: "TargetType", description: "What was attacked." },
  { name: "attack_type", kind: "code", codes: "AttackType", description: "Weapon or method." },
  { name: "outcome", kind: "code", codes: "Outcome", description: "What happened to the attack." },
  { name: "claim_status", kind: "code", codes: "ClaimStatus", description: "Whether and how the attack was claimed." },
  { name: "claimants", kind: "list", separator: ";", description: "Slugs of every group that claimed it (see /api/groups), earliest claim first, separated by `;`." },
  { name: "claimant_names", kind: "list", separator: ";", description: "Names of those groups, in the same order as claimants, separated by `;`." },
  { name: "credited_claimant", kind: "text", description: "Slug of the group the incident is credited to in counts: the one of its earliest claim that still stands (a superseded, withdrawn or denied claim credits nobody). Empty when nobody is credited." },
  { name: "credited_claimant_name", kind: "text", description: "Name of that group." },
  { name: "attributed_group", kind: "text", description: "Slug of the group analysts assess to be behind it, kept apart from who claimed it." },
  { name: "attributed_group_name", kind: "text", description: "Name of that group." },
  { name: "killed_min", kind: "integer", description: "Killed, low estimate. Empty means unknown, which is not zero." },
  { name: "killed_max", kind: "integer", description: "Killed, high estimate. Empty means unknown." },
  { name: "wounded_min", kind: "integer", description: "Wounded, low estimate. Empty means unknown." },
  { name: "wounded_max", kind: "integer", description: "Wounded, high estimate. Empty means unknown." },
  { name: "confidence", kind: "code", codes: "Confidence", description: "How well the incident itself is established." },
  { name: "confirmed_by", kind: "list", separator: ";", description: "Officials who confirmed that the attack happened (e.g. Pentagon; CENTCOM), separated by `;`. Empty when no official confirmed it." },
  { name: "source_urls", kind: "list", separator: " | ", description: "URLs of its sources, oldest first, separated by ` | ` (a URL may contain `;` but never a space)." },
  { name: "notes", kind: "text", description: "Free-text notes; may span several lines (quoted in CSV)." },
  { name: "updated_at", kind: "timestamp", description: "Last change to the incident, ISO 8601 in UTC (YYYY-MM-DDTHH:MM:SS.sssZ)." },
  { name: "is_synthetic", kind: "boolean", description: "true for invented demo rows, which are not real events; false for recorded incidents." },
] as const satisfies readonly ExportColumn[];

export type IncidentColumnName = (typeof INCIDENT_COLUMNS)[number]["name"];
