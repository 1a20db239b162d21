// The popups of one incident, of a stack of incidents at one point, and of one target site.
// Everything from the data is rendered as React text, so a place named "<script>" shows literally.

import Link from "next/link";
import { GroupLink } from "@/components/profiles/group-link";
import { SiteLink } from "@/components/profiles/site-link";
import type { IncidentSummary, SiteSummaryText } from "@/lib/map/incident-summary";

export function IncidentPopupContent({ summary }: { summary: IncidentSummary }) {
  const rows: Array<[string, React.ReactNode]> = [
    ["Date", summary.date],
    ["Place", summary.site ? <PlaceAtSite place={summary.place} site={summary.site} /> : summary.place],
    ["Location", summary.precision],
    ["Type", summary.attackType],
    ["Claimed by", summary.claimantSlug ? <GroupLink group={{ slug: summary.claimantSlug, name: summary.claimant }} className="" /> : summary.claimant],
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

/** The place as reported, and the site it is filed under when the name differs ("Conoco gas field · MSS Euphrates"). */
function PlaceAtSite({ place, site }: { place: string; site: { slug: string; name: string } }) {
  if (place === site.name) return <SiteLink site={site} className="" />;
  return (
    <>
      {place} · <SiteLink site={site} className="" />
    </>
  );
}

/** How many of a stack's incidents its popup lists; the rest are one link away, in the table. */
export const STACK_LIST_LIMIT = 12;

/** Several incidents at one point, newest first: each one line with a link, and all of them in the table. */
export function StackPopupContent({ incidents, tableHref }: { incidents: readonly IncidentSummary[]; tableHref: string }) {
  const shown = incidents.slice(0, STACK_LIST_LIMIT);
  return (
    <div className="min-w-56 text-sm text-stone-900" data-testid="incident-stack-popup">
      <div className="font-semibold" data-testid="incident-stack-count">
        {incidents.length.toLocaleString("en-US")} incidents at this point
      </div>
      <div className="mb-1 text-xs text-stone-500">{incidents[0]?.place} · {incidents[0]?.precision}</div>
      <ul className="m-0 max-h-56 list-none overflow-y-auto p-0">
        {shown.map((incident) => (
          <li key={incident.reference} className="border-t border-stone-200 py-1">
            <Link href={incident.href} className="font-mono text-xs font-semibold">{incident.reference}</Link>{" "}
            <span className="text-xs">{incident.date} · {incident.attackType} · {incident.claimant}</span>
          </li>
        ))}
      </ul>
      <Link href={tableHref} className="mt-1 inline-block font-semibold">
        {incidents.length > shown.length ? `All ${incidents.length.toLocaleString("en-US")} in the table` : "Show them in the table"}
      </Link>
    </div>
  );
}

export function SitePopupContent({ summary }: { summary: SiteSummaryText }) {
  return (
    <div className="min-w-40 text-sm text-stone-900" data-testid="site-popup">
      <div className="font-semibold"><SiteLink site={summary} className="" /></div>
      <div data-testid="site-popup-count">{summary.attacks}</div>
      <div className="text-xs text-stone-500">
        {summary.type}
        {summary.note ? ` · ${summary.note}` : null}
      </div>
    </div>
  );
}
