// Human labels for the code lists stored in the database. One place, shared by pages, exports and
// the data dictionary.

import type { AttackType, ClaimStatementStatus, ClaimStatus, Confidence, DatePrecision, GeoPrecision, Outcome, PublicationStatus, SourceKind, TargetType } from "@/lib/generated/prisma/enums";
import type { CONFIRMATIONS } from "@/lib/filters";

export const ATTACK_TYPE_LABELS = {
  ONE_WAY_DRONE: "One-way drone",
  ROCKET: "Rocket",
  MORTAR: "Mortar",
  BALLISTIC_MISSILE: "Ballistic missile",
  IED: "IED",
  SMALL_ARMS: "Small arms",
  OTHER: "Other",
  UNKNOWN: "Unknown",
} as const satisfies Record<AttackType, string>;

export const OUTCOME_LABELS = {
  IMPACT: "Impact",
  INTERCEPTED: "Intercepted",
  FAILED: "Failed",
  UNKNOWN: "Unknown",
} as const satisfies Record<Outcome, string>;

export const CONFIDENCE_LABELS = {
  CONFIRMED: "Confirmed",
  LIKELY: "Likely",
  UNVERIFIED: "Unverified",
  DISPUTED: "Disputed",
} as const satisfies Record<Confidence, string>;

export const CLAIM_STATUS_LABELS = {
  CLAIMED: "Claimed",
  UNCLAIMED: "Unclaimed",
  ATTRIBUTED: "Attributed",
  DISPUTED: "Disputed",
} as const satisfies Record<ClaimStatus, string>;

/** The confirmation filter: who vouches for an incident. */
export const CONFIRMATION_LABELS = {
  OFFICIAL: "Confirmed by officials",
  CLAIM_ONLY: "Claim only",
  UNCLAIMED: "Unclaimed",
} as const satisfies Record<(typeof CONFIRMATIONS)[number], string>;

export const COUNTRY_NAMES: Record<string, string> = {
  IQ: "Iraq",
  SY: "Syria",
  JO: "Jordan",
};

export function label<T extends Record<string, string>>(labels: T, code: string): string {
  return (labels as Record<string, string>)[code] ?? code;
}

const ENGLISH_PLURALS = new Intl.PluralRules("en-US");

/** The word for `n` of something: "incident" for 1, "incidents" for 0, 2 or 1,000. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return ENGLISH_PLURALS.select(n) === "one" ? singular : pluralForm;
}

/** A count and its noun: "1 incident", "0 incidents", "1,234 incidents". */
export function formatCount(n: number, singular: string, pluralForm?: string): string {
  return `${n.toLocaleString("en-US")} ${plural(n, singular, pluralForm)}`;
}

/**
 * Casualty ranges: null is "unknown" (nothing reported), which is not zero.
 * 2–5 reads as a range; equal ends collapse to one number.
 */
export function formatRange(min: number | null, max: number | null): string {
  if (min === null && max === null) return "unknown";
  if (min === null) return `≤ ${max}`;
  if (max === null) return `≥ ${min}`;
  return min === max ? String(min) : `${min}–${max}`;
}

/** Dates are calendar days in the region; format them in UTC so no timezone shifts the day. */
export function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export const TARGET_TYPE_LABELS = {
  MILITARY_BASE: "Military base",
  DIPLOMATIC: "Diplomatic site",
  LOGISTICS: "Logistics hub",
  AIRPORT: "Airport",
  ENERGY: "Energy site",
  CONVOY: "Convoy",
  VESSEL: "Vessel",
  OTHER: "Other",
  UNKNOWN: "Unknown",
} as const satisfies Record<TargetType, string>;

export const SOURCE_KIND_LABELS = {
  CLAIM_STATEMENT: "Claim statement",
  OFFICIAL_STATEMENT: "Official statement",
  MEDIA: "Media",
  OSINT: "Open-source analysis",
  OTHER: "Other",
} as const satisfies Record<SourceKind, string>;

/** What each precision and grade means, in the words shown beside the value. */
export const GEO_PRECISION_EXPLAINED = {
  EXACT: "Exact site: the coordinates are the attacked facility itself.",
  NEAR: "Near: within about 25 km of the coordinates.",
  DISTRICT: "District: only the district is known; the point is its centre.",
  PROVINCE: "Province: only the province is known; the point is its centre.",
  COUNTRY: "Country: only the country is known.",
} as const satisfies Record<GeoPrecision, string>;

export const DATE_PRECISION_EXPLAINED = {
  DAY: "The day is known.",
  WEEK: "Only the week is known; the date is a day within it.",
  MONTH: "Only the month is known; the date is a day within it.",
} as const satisfies Record<DatePrecision, string>;

export const CONFIDENCE_EXPLAINED = {
  CONFIRMED: "Confirmed: acknowledged by an official source or the attacked party.",
  LIKELY: "Likely: two or more credible, independent sources.",
  UNVERIFIED: "Unverified: a single source or a claim alone.",
  DISPUTED: "Disputed: sources contradict each other on whether or how it happened.",
} as const satisfies Record<Confidence, string>;

export const CLAIM_STATUS_EXPLAINED = {
  CLAIMED: "Claimed: a group said it carried out the attack.",
  UNCLAIMED: "Unclaimed: no group has claimed it.",
  ATTRIBUTED: "Attributed: unclaimed, but analysts or officials name a perpetrator.",
  DISPUTED: "Disputed: competing or contested claims.",
} as const satisfies Record<ClaimStatus, string>;

export const PUBLICATION_STATUS_LABELS = {
  DRAFT: "Draft",
  PUBLISHED: "Published",
  RETRACTED: "Retracted",
} as const satisfies Record<PublicationStatus, string>;

/** An incident's fields as the form names them, for history and conflict messages. */
export const FIELD_LABELS: Record<string, string> = {
  reference: "Reference", status: "Status", occurredOn: "Date", occurredTime: "Local time", datePrecision: "Date precision",
  country: "Country", admin1: "Province", locationName: "Place name", locationNameAr: "Place name (Arabic)",
  lat: "Latitude", lon: "Longitude", geoPrecision: "Location precision", site: "Site", targetType: "Target type",
  attackType: "Weapon", outcome: "Outcome", killedMin: "Killed, at least", killedMax: "Killed, at most",
  woundedMin: "Wounded, at least", woundedMax: "Wounded, at most", claimStatus: "Claim status", attributedTo: "Assessed perpetrator",
  confidence: "Confidence", confirmedBy: "Confirmed by", notes: "Notes", retractionReason: "Retraction reason", claims: "Claim statements",
  sources: "Sources",
};

// --- the claims ledger ----------------------------------------------------------------------------

/** Where a claim statement stands. Only an issued one credits its group. */
export const CLAIM_STATEMENT_STATUS_LABELS = {
  ISSUED: "Issued",
  SUPERSEDED: "Superseded",
  WITHDRAWN: "Withdrawn",
  DENIED: "Denied",
} as const satisfies Record<ClaimStatementStatus, string>;

export const CLAIM_STATEMENT_STATUS_EXPLAINED = {
  ISSUED: "Issued: the statement stands; the earliest issued claim is the one credited.",
  SUPERSEDED: "Superseded: a later statement replaced it; it credits nobody.",
  WITHDRAWN: "Withdrawn: the group took the statement back; it credits nobody.",
  DENIED: "Denied: the group denies responsibility; it credits nobody.",
} as const satisfies Record<ClaimStatementStatus, string>;

/** A claim statement's fields as the form names them, for history. */
export const CLAIM_FIELD_LABELS = {
  group: "Group", statedOn: "Stated on", status: "Status", supersededBy: "Superseded by", weaponClaimed: "Weapon as claimed",
  targetClaimed: "Target as claimed", channel: "Channel", url: "Link", text: "Text", textAr: "Arabic text",
} as const satisfies Record<string, string>;

/**
 * When a statement was made. Statements entered as a day are stored at midnight UTC: they show as
 * the day alone, without an invented "00:00".
 */
export function formatStatedAt(statedAt: Date): string {
  const iso = statedAt.toISOString();
  return iso.slice(11, 19) === "00:00:00" ? iso.slice(0, 10) : `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

/** Whole calendar days from the attack (YYYY-MM-DD) to the statement's UTC day. */
export function claimDelayDays(occurredOn: string, statedAt: Date): number {
  return Math.round((Date.parse(statedAt.toISOString().slice(0, 10)) - Date.parse(occurredOn.slice(0, 10))) / 86_400_000);
}

/**
 * "claimed the same day", "claimed 1 day after the attack", "dated 2 days before the attack". When
 * the attack's date is only known to the week or month, the delay is "about" and says why.
 */
export function formatClaimDelay(days: number, { approximate = false } = {}): string {
  const n = Math.abs(days);
  const unit = n === 1 ? "day" : "days";
  const about = approximate ? "about " : "";
  const text = days === 0
    ? `claimed ${about}the same day`
    : days > 0 ? `claimed ${about}${n} ${unit} after the attack` : `dated ${about}${n} ${unit} before the attack`;
  return approximate ? `${text} (the attack's date is approximate)` : text;
}

/** Why an incident with these claim statements credits nobody (the trigger's rule, in words). */
export function creditedNobodyReason(statuses: readonly string[]): string {
  if (statuses.length === 0) return "no claim statement is recorded";
  const lower = (status: string) => label(CLAIM_STATEMENT_STATUS_LABELS, status).toLowerCase();
  if (statuses.length === 1) return `the only claim was ${lower(statuses[0]!)}`;
  const counts = new Map<string, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  const parts = [...counts].map(([status, n]) => `${n} ${lower(status)}`);
  return `none of the ${statuses.length} claims stands (${parts.join(", ")})`;
}

// Words that say what kind of place a target is, not which one: they never make two targets the same.
const GENERIC_TARGET_WORDS = new Set([
  "a", "an", "the", "at", "in", "on", "of", "near", "and", "adjacent", "to", "us", "u", "s", "american", "coalition", "occupation",
  "base", "bases", "air", "airbase", "airport", "field", "military", "garrison", "camp", "outpost", "site", "forces", "al", "el",
]);

function targetWords(text: string): Set<string> {
  const plain = text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\b(al|el|ad|ar|as|ash|at|az)-/g, "");
  return new Set((plain.match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => !GENERIC_TARGET_WORDS.has(word)));
}

/**
 * Whether the target a statement names differs from what the incident records (its site or place
 * names). Lenient on purpose: one shared name ("Ain al-Asad" and "Ain al-Asad Air Base") is the
 * same target; a statement naming no place ("a US base") cannot be told apart, so it does not differ.
 */
export function targetDiffers(claimed: string, recorded: ReadonlyArray<string | null | undefined>): boolean {
  const words = targetWords(claimed);
  if (words.size === 0) return false;
  const known = new Set(recorded.flatMap((name) => (name ? [...targetWords(name)] : [])));
  if (known.size === 0) return false;
  return ![...words].some((word) => known.has(word));
}
