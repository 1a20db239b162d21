import { formatDay } from "@/components/tallies/reconciliation-table";
import type { Summary } from "@/lib/data/dashboard";
import type { RecordPeriod } from "@/lib/data/incidents";
import { formatCount, formatRange, plural } from "@/lib/vocabulary";

/** Headline figures under the filter. With nothing matched there is no share to give: "—", not "0%". */
export function IncidentSummary({ summary }: { summary: Summary }) {
  const claimedShare = summary.incidents ? `${Math.round((summary.claimedIncidents / summary.incidents) * 100)}%` : "—";
  const figure = "rounded border border-stone-300 bg-white px-3 py-2 md:py-3";
  return (
    <section aria-labelledby="summary-heading" className="space-y-3" data-testid="incident-summary">
      <h2 id="summary-heading" className="sr-only">Summary</h2>
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <div className={figure}>
          <dt className="text-xs font-semibold uppercase text-stone-500">Incidents</dt>
          <dd className="text-xl font-bold md:text-2xl" data-testid="incident-count">{summary.incidents.toLocaleString("en-US")}</dd>
        </div>
        <div className={figure}>
          <dt className="text-xs font-semibold uppercase text-stone-500">Claimed</dt>
          <dd className="text-xl font-bold md:text-2xl" data-testid="claimed-share">{claimedShare}</dd>
          <dd className="text-xs text-stone-500">{formatCount(summary.claimedIncidents, "incident")}</dd>
        </div>
        <div className={figure}>
          <dt className="text-xs font-semibold uppercase text-stone-500">Killed</dt>
          <dd className="text-xl font-bold md:text-2xl" data-testid="killed">{formatRange(summary.killedMin, summary.killedMax)}</dd>
        </div>
        <div className={figure}>
          <dt className="text-xs font-semibold uppercase text-stone-500">Wounded</dt>
          <dd className="text-xl font-bold md:text-2xl" data-testid="wounded">{formatRange(summary.woundedMin, summary.woundedMax)}</dd>
        </div>
      </dl>
    </section>
  );
}

/** What the figures come from: the top sites and claimants, and the counting rule, so a published tally can be reproduced. */
export function SummaryBreakdown({ summary }: { summary: Summary }) {
  return (
    <section aria-label="Where and who, and how we count" className="space-y-3" data-testid="summary-breakdown">
      <div className="grid gap-3 md:grid-cols-2">
        <TopList title="Most attacked sites" items={summary.topSites} testId="top-sites" />
        <TopList title="Top claimants" items={summary.topClaimants} testId="top-claimants" />
      </div>
      <p className="text-sm text-stone-600" data-testid="counting-rule">
        How we count: one incident is one attack on one site on one day. Each incident is credited to the group of
        its earliest claim; claims are counted separately: <strong>{summary.claims.toLocaleString("en-US")}</strong>{" "}
        {plural(summary.claims, "claim")} {plural(summary.claims, "matches", "match")} these filters (a statement that claims two of them counts twice). Killed and wounded add up the low and high estimates of the incidents
        whose casualties are known; unknown is not counted as zero. Only published incidents are counted.
      </p>
    </section>
  );
}

function TopList({ title, items, testId }: { title: string; items: Summary["topSites"]; testId: string }) {
  return (
    <div className="rounded border border-stone-300 bg-white p-3">
      <h3 className="mb-1 text-sm font-semibold">{title}</h3>
      {items.length === 0 ? (
        <p className="text-sm text-stone-500">None</p>
      ) : (
        <ol className="text-sm" data-testid={testId}>
          {items.map((item) => (
            <li key={item.slug} className="flex justify-between gap-2">
              <span>{item.name}</span>
              <span className="tabular-nums text-stone-600">{item.incidents.toLocaleString("en-US")}</span>
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
