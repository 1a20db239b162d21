// Bucket dates for the incident timeline. Buckets are calendar days ("YYYY-MM-DD"), so every
// calculation here is done in UTC: a browser in, say, UTC-5 must not turn 1 Jan into 31 Dec.

import type { TimelineInterval } from "@/lib/dashboard/types";

// Spelled out rather than taken from Intl: en-GB now abbreviates September as "Sept", and the
// server and browser may ship different ICU data, which would break hydration.
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Parses "YYYY-MM-DD" to a Date at UTC midnight; throws on anything else (a contract violation). */
export function parseDay(day: string): Date {
  const match = DAY_PATTERN.exec(day);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  // Date.UTC rolls 2024-02-30 over to 1 March; a round trip catches that.
  if (!date || toDay(date) !== day) throw new RangeError(`Not a calendar day (YYYY-MM-DD): ${day}`);
  return date;
}

/** The calendar day of a Date, read in UTC. */
export function toDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Day "12 Jan 2024", week "w/c 8 Jan 2024" (week commencing), month "Jan 2024". */
export function formatBucketLabel(start: string, interval: TimelineInterval): string {
  const date = parseDay(start);
  const monthYear = `${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
  switch (interval) {
    case "day":
      return `${date.getUTCDate()} ${monthYear}`;
    case "week":
      return `w/c ${date.getUTCDate()} ${monthYear}`;
    case "month":
      return monthYear;
  }
}

/** The last day a bucket covers, inclusive: the same day, start + 6 days, or the month's last day. */
export function bucketEndDay(start: string, interval: TimelineInterval): string {
  const date = parseDay(start);
  switch (interval) {
    case "day":
      return start;
    case "week":
      return toDay(new Date(date.getTime() + 6 * MS_PER_DAY));
    case "month":
      // Day 0 of the next month is the last day of this one (28, 29, 30 or 31).
      return toDay(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)));
  }
}
