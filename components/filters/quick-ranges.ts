// One-click date ranges for the filter. The relative ones count back from the analyst's own
// calendar day, both ends included: "last 7 days" is today and the six days before it.

import { formatDay } from "@/components/tallies/reconciliation-table";
import { CAMPAIGN_2023_24, CAMPAIGN_START } from "@/lib/campaign-phases";

export type QuickRange = { label: string; from: string; to?: string };

const DAY_MS = 86_400_000;

/** The day `n` days before a YYYY-MM-DD day, computed in UTC so no timezone shifts it. */
export function daysBefore(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - n * DAY_MS).toISOString().slice(0, 10);
}

/** Today in the browser's timezone, as YYYY-MM-DD. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function quickRanges(today: string): QuickRange[] {
  return [
    { label: "Last 7 days", from: daysBefore(today, 6), to: today },
    { label: "Last 30 days", from: daysBefore(today, 29), to: today },
    { label: `Since ${formatDay(CAMPAIGN_START)}`, from: CAMPAIGN_START },
    { label: "The 2023–24 campaign", from: CAMPAIGN_2023_24.from, to: CAMPAIGN_2023_24.to },
  ];
}
