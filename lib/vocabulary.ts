// Human labels for the code lists stored in the database. One place, shared by pages, exports and
// the data dictionary.

export const ATTACK_TYPE_LABELS = {
  ONE_WAY_DRONE: "One-way drone",
  ROCKET: "Rocket",
  MORTAR: "Mortar",
  BALLISTIC_MISSILE: "Ballistic missile",
  IED: "IED",
  SMALL_ARMS: "Small arms",
  OTHER: "Other",
  UNKNOWN: "Unknown",
} as const;

export const OUTCOME_LABELS = {
  IMPACT: "Impact",
  INTERCEPTED: "Intercepted",
  FAILED: "Failed",
  UNKNOWN: "Unknown",
} as const;

export const CONFIDENCE_LABELS = {
  CONFIRMED: "Confirmed",
  LIKELY: "Likely",
  UNVERIFIED: "Unverified",
  DISPUTED: "Disputed",
} as const;

export const CLAIM_STATUS_LABELS = {
  CLAIMED: "Claimed",
  UNCLAIMED: "Unclaimed",
  ATTRIBUTED: "Attributed",
  DISPUTED: "Disputed",
} as const;

export const COUNTRY_NAMES: Record<string, string> = {
  IQ: "Iraq",
  SY: "Syria",
  JO: "Jordan",
};

export function label<T extends Record<string, string>>(labels: T, code: string): string {
  return (labels as Record<string, string>)[code] ?? code;
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
} as const;

export const SOURCE_KIND_LABELS = {
  CLAIM_STATEMENT: "Claim statement",
  OFFICIAL_STATEMENT: "Official statement",
  MEDIA: "Media",
  OSINT: "Open-source analysis",
  OTHER: "Other",
} as const;

/** What each precision and grade means, in the words shown beside the value. */
export const GEO_PRECISION_EXPLAINED = {
  EXACT: "Exact site: the coordinates are the attacked facility itself.",
  NEAR: "Near: within about 25 km of the coordinates.",
  DISTRICT: "District: only the district is known; the point is its centre.",
  PROVINCE: "Province: only the province is known; the point is its centre.",
  COUNTRY: "Country: only the country is known.",
} as const;

export const DATE_PRECISION_EXPLAINED = {
  DAY: "The day is known.",
  WEEK: "Only the week is known; the date is a day within it.",
  MONTH: "Only the month is known; the date is a day within it.",
} as const;

export const CONFIDENCE_EXPLAINED = {
  CONFIRMED: "Confirmed: acknowledged by an official source or the attacked party.",
  LIKELY: "Likely: two or more credible, independent sources.",
  UNVERIFIED: "Unverified: a single source or a claim alone.",
  DISPUTED: "Disputed: sources contradict each other on whether or how it happened.",
} as const;

export const CLAIM_STATUS_EXPLAINED = {
  CLAIMED: "Claimed: a group said it carried out the attack.",
  UNCLAIMED: "Unclaimed: no group has claimed it.",
  ATTRIBUTED: "Attributed: unclaimed, but analysts or officials name a perpetrator.",
  DISPUTED: "Disputed: competing or contested claims.",
} as const;

/** An incident's fields as the form names them, for history and conflict messages. */
export const FIELD_LABELS: Record<string, string> = {
  reference: "Reference", status: "Status", occurredOn: "Date", occurredTime: "Local time", datePrecision: "Date precision",
  country: "Country", admin1: "Province", locationName: "Place name", locationNameAr: "Place name (Arabic)",
  lat: "Latitude", lon: "Longitude", geoPrecision: "Location precision", site: "Site", targetType: "Target type",
  attackType: "Weapon", outcome: "Outcome", killedMin: "Killed, at least", killedMax: "Killed, at most",
  woundedMin: "Wounded, at least", woundedMax: "Wounded, at most", claimStatus: "Claim status", attributedTo: "Assessed perpetrator",
  confidence: "Confidence", notes: "Notes", retractionReason: "Retraction reason", claims: "Claim statements", sources: "Sources",
};
