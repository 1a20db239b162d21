// The popups of one incident and of one target site. Everything from the data is rendered as React
// text, so a place named "<script>" shows literally.

import Link from "next/link";
import type { IncidentSummary, SiteSummaryText } from "@/lib/map/incident-summary";

export function IncidentPopupContent({ summary }: { summary: IncidentSummary }) {
  const rows: Array<[string, string]> = [
    ["Date", summary.date],
    ["Place", summary.place],
    ["Location", summary.precision],
    ["Type", summary.attackType],
    ["Claimed by", summary.claimant],
    ["Killed", summary.killed],
    ["Wounded", summary.wounded],
  ];
  return (
    <div className="min-w-48 text-sm text-stone-900" data-testid="incident-popup">
      <div className="mb-1 font-mono text-xs text-stone-500">{summary.reference}</div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
        {rows.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="text-stone-500">{term}</dt>
            <dd className="m-0 break-words">{value}</dd>
          </div>
        ))}
      </dl>
      <Link href={summary.href} className="mt-2 inline-block font-semibold">
        Open incident
      </Link>
    </div>
  );
}

export function SitePopupContent({ summary }: { summary: SiteSummaryText }) {
  return (
    <div className="min-w-40 text-sm text-stone-900" data-testid="site-popup">
      <div className="font-semibold">{summary.name}</div>
      <div data-testid="site-popup-count">{summary.attacks}</div>
      <div className="text-xs text-stone-500">
        {summary.type}
        {summary.note ? ` · ${summary.note}` : null}
      </div>
    </div>
  );
}
