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
