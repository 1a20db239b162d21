import Link from "next/link";
import { formatDay } from "@/components/tallies/reconciliation-table";
import type { Summary } from "@/lib/data/dashboard";
import type { RecordPeriod } from "@/lib/data/incidents";
import { type IncidentFilters, toSearchParams } from "@/lib/filters";
import { formatCount, formatRange, plural } from "@/lib/vocabulary";

/** A link to the view that gives a figure again: the same filter, plus what the figure counts. */
function hrefWith(path: string, filters: IncidentFilters, extra: Partial<IncidentFilters> = {}, sort?: string): string {
  const params = toSearchParams({ ...filters, ...extra });
  if (sort) params.set("sort", sort);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

const figureLink = "underline decoration-stone-300 underline-offset-4 hover:decoration-current focus-visible:decoration-current";

/**
 * Headline figures under the filter. Each is a link to the filter or table that reproduces it, and
 * says what it counts. With nothing matched there is no share to give: "—", not "0%".
 */
export function IncidentSummary({ summary, filters }: { summary: Summary; filters: IncidentFilters }) {
  const claimedShare = summary.incidents ? `${Math.round((summary.claimedIncidents / summary.incidents) * 100)}%` : "—";
  // An incident is credited to a group when a claim of it still stands (is "issued"), so the claim
  // ledger filter "issued" gives the same incidents. A ledger filter already narrowed to other states
  // cannot be combined with it in one link.
  const ledger = filters.claimLedger;
  const claimedHref = !ledger || (ledger.length === 1 && ledger[0] === "ISSUED") ? hrefWith("/", filters, { claimLedger: ["ISSUED"] }) : null;
  const figure = "rounded border border-stone-300 bg-white px-3 py-2 md:py-3";
  const value = "text-xl font-bold md:text-2xl";
  return (
    <section aria-labelledby="summary-heading" className="space-y-3" data-testid="incident-summary">
      <h2 id="summary-heading" className="sr-only">Summary</h2>
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <div className={figure}>
          <dt className="text-xs font-semibold uppercase text-stone-500">Incidents</dt>
          <dd className={value}>
            <Link href={hrefWith("/incidents", filters)} className={figureLink} data-testid="incident-count" title="List these incidents in the table">
              {summary.incidents.toLocaleString("en-US")}
            </Link>
          </dd>
          <dd className="text-xs text-stone-500">attacks on one site on one day</dd>
        </div>
        <div className={figure}>
          <dt className="text-xs font-semibold uppercase text-stone-500">Claimed</dt>
          <dd className={value} data-testid="claimed-share">{claimedShare}</dd>
          <dd className="text-xs text-stone-500">
            {claimedHref ? (
              <Link href={claimedHref} className={figureLink} data-testid="claimed-count">{formatCount(summary.claimedIncidents, "incident")}</Link>
            ) : (
              <span data-testid="claimed-count">{formatCount(summary.claimedIncidents, "incident")}</span>
            )}{" "}
            credited to a group by a standing claim
          </dd>
        </div>
        <div className={figure}>
          <dt className="text-xs font-semibold uppercase text-stone-500">Killed</dt>
          <dd className={value}>
            <Link href={hrefWith("/incidents", filters, {}, "killed_desc")} className={figureLink} data-testid="killed" title="These incidents, most killed first">
              {formatRange(summary.killedMin, summary.killedMax)}
            </Link>
          </dd>
          <dd className="text-xs text-stone-500">low–high estimate, where reported</dd>
        </div>
        <div className={figure}>
          <dt className="text-xs font-semibold uppercase text-stone-500">Wounded</dt>
          <dd className={value}>
            <Link href={hrefWith("/incidents", filters, {}, "wounded_desc")} className={figureLink} data-testid="wounded" title="These incidents, most wounded first">
              {formatRange(summary.woundedMin, summary.woundedMax)}
            </Link>
          </dd>
          <dd className="text-xs text-stone-500">low–high estimate, where reported</dd>
        </div>
      </dl>
    </section>
  );
}

/** What the figures come from: the top sites and claimants, and the counting rule, so a published tally can be reproduced. */
export function SummaryBreakdown({ summary, filters }: { summary: Summary; filters: IncidentFilters }) {
  return (
    <section aria-label="Where and who, and how we count" className="space-y-3" data-testid="summary-breakdown">
      <div className="grid gap-3 md:grid-cols-2">
        <TopList
          title="Most attacked sites"
          items={summary.topSites.map((s) => ({ ...s, href: hrefWith("/", filters, { site: [s.slug] }) }))}
          testId="top-sites"
        />
        <TopList
          title="Top claimants (each with the groups under it)"
          items={summary.topClaimants.map((c) => ({
            ...c,
            href: hrefWith("/", filters, { claimant: [c.slug] }),
            note: c.ownIncidents !== c.incidents ? `${c.ownIncidents.toLocaleString("en-US")} under its own name` : undefined,
          }))}
          testId="top-claimants"
        />
      </div>
      <p className="text-sm text-stone-600" data-testid="counting-rule">
        How we count: one incident is one attack on one site on one day. Each incident is credited to the group of
        its earliest claim that still stands; &ldquo;Claimed&rdquo; counts those. A disputed incident can be credited too, so the
        Claim status filter &ldquo;Claimed&rdquo; gives fewer. A group&rsquo;s figure includes the groups under it, as its filter
        does. Claim statements are counted apart: <strong>{summary.claims.toLocaleString("en-US")}</strong>{" "}
        {plural(summary.claims, "statement names", "statements name")} these incidents (withdrawn and superseded ones
        included; a statement naming two of them counts twice). Killed and wounded add up the low and high estimates of
        the incidents whose casualties are known; unknown is not counted as zero. Only published incidents are counted.
      </p>
    </section>
  );
}

type TopItem = { slug: string; name: string; incidents: number; href: string; note?: string };

function TopList({ title, items, testId }: { title: string; items: TopItem[]; testId: string }) {
  return (
    <div className="rounded border border-stone-300 bg-white p-3">
      <h3 className="mb-1 text-sm font-semibold">{title}</h3>
      {items.length === 0 ? (
        <p className="text-sm text-stone-500">None</p>
      ) : (
        <ol className="text-sm" data-testid={testId}>
          {items.map((item) => (
            <li key={item.slug} className="flex justify-between gap-2">
              <span>
                <Link href={item.href} className="text-blue-800 underline" title={`Filter on ${item.name}`}>{item.name}</Link>
                {item.note && <span className="text-xs text-stone-500"> · {item.note}</span>}
              </span>
              <span className="tabular-nums text-stone-600" data-testid="top-count">{item.incidents.toLocaleString("en-US")}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/**
 * The period the whole record covers and when it last changed, whatever the filter: the first and
 * last day of a published incident, and the latest change to one (its updated_at).
 */
export function RecordPeriodNote({ period }: { period: RecordPeriod }) {
  if (!period.firstDay || !period.lastDay) return <p className="text-sm text-stone-600" data-testid="record-period">No incidents are published yet.</p>;
  const updated = period.lastUpdated?.toISOString();
  return (
    <p className="text-sm text-stone-600" data-testid="record-period">
      Covers <span data-testid="record-first-day">{formatDay(period.firstDay)}</span> –{" "}
      <span data-testid="record-last-day">{formatDay(period.lastDay)}</span> (first and last incident)
      {updated && (
        <>
          {" "}· updated{" "}
          <time dateTime={updated} title={`${updated.slice(0, 16).replace("T", " ")} UTC`} data-testid="record-updated">
            {formatDay(updated.slice(0, 10))}
          </time>{" "}
          (latest change to a published incident)
        </>
      )}
    </p>
  );
}
