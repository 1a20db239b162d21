import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { ArabicName } from "@/components/profiles/arabic-name";
import { ClaimsLedgerList } from "@/components/profiles/claims-ledger-list";
import { GroupLink } from "@/components/profiles/group-link";
import { MonthlyChart } from "@/components/profiles/monthly-chart";
import { requirePagePermission } from "@/lib/auth/guards";
import { getGroupProfile, type GroupProfile, LEDGER_PAGE_SIZE } from "@/lib/data/group-profile";
import { metadataBase } from "@/lib/page-metadata";
import { CLAIM_STATEMENT_STATUS_LABELS, label, plural } from "@/lib/vocabulary";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The ledger's page from `?ledger=`: leniently, anything but a whole number from 1 is the first page. */
function ledgerPage(raw: string | string[] | undefined): number {
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value && /^\d{1,6}$/.test(value) && Number(value) >= 1 ? Number(value) : 1;
}

const ATTRIBUTED_KEY = "_attributed"; // never a slug: slugs start with a letter or digit
const ATTRIBUTED_COLOR = "#1c1917";

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const actor = await requirePagePermission("read:incident", `/groups/${encodeURIComponent(slug)}`);
  const profile = await getGroupProfile(actor, slug);
  if (!profile) return { title: "Group not found" };
  const { group, creditedTotal } = profile;
  const description = `${group.name}: ${creditedTotal.toLocaleString("en-US")} ${plural(creditedTotal, "attack")} credited to it${profile.members.length ? " and its façades" : ""} in the record, its claim statements and the sources behind them.`;
  const path = `/groups/${group.slug}`;
  return {
    metadataBase: await metadataBase(),
    title: group.name,
    description,
    alternates: { canonical: path },
    openGraph: { title: group.name, description, url: path, type: "website" },
  };
}

export default async function GroupPage({ params, searchParams }: Props) {
  await connection();
  const { slug } = await params;
  const actor = await requirePagePermission("read:incident", `/groups/${encodeURIComponent(slug)}`);
  const profile = await getGroupProfile(actor, slug, { ledgerPage: ledgerPage((await searchParams).ledger) });
  if (!profile) notFound();
  const { group, parent, members } = profile;

  return (
    <article className="space-y-8" data-testid="group-page">
      <header className="space-y-1">
        <p className="text-sm text-stone-500">Armed group</p>
        <h1 className="text-2xl font-bold">{group.name}</h1>
        {group.nameAr && <p className="text-lg" data-testid="group-name-ar"><ArabicName>{group.nameAr}</ArabicName></p>}
        {group.aliases.length > 0 && <p className="text-sm text-stone-700" data-testid="group-aliases">Also written: {group.aliases.join(" · ")}</p>}
        {parent && (
          <p className="text-sm" data-testid="group-parent">
            Part of <GroupLink group={parent} />
            {parent.nameAr && <> (<ArabicName>{parent.nameAr}</ArabicName>)</>}
          </p>
        )}
        {group.description && <p className="max-w-3xl pt-2 text-stone-700">{group.description}</p>}
      </header>

      <Figures profile={profile} />

      <section aria-labelledby="over-time-heading" className="space-y-2">
        <h2 id="over-time-heading" className="text-lg font-semibold">Attacks over time</h2>
        <MonthlyChart
          title={`Incidents per month: bars credited by claim${members.length ? " (the group and its façades)" : ""}, line attributed by analysts`}
          testId="group-chart"
          months={profile.months.map((month) => ({ start: month.start, counts: { ...month.credited, [ATTRIBUTED_KEY]: month.attributed } }))}
          bars={profile.counts.filter((c) => c.credited > 0).map((c) => ({ key: c.slug, label: `Credited to ${c.name}`, color: profile.colors[c.slug] ?? "#64748b" }))}
          line={profile.attributedTotal > 0 ? { key: ATTRIBUTED_KEY, label: "Attributed by analysts", color: ATTRIBUTED_COLOR } : undefined}
        />
        <p className="max-w-3xl text-xs text-stone-500">
          One incident can be both claimed and attributed: the line is drawn over the bars, never added to them.
        </p>
      </section>

      <Ledger profile={profile} />
      <Sources profile={profile} />
    </article>
  );
}

function Figures({ profile }: { profile: GroupProfile }) {
  const { group, members, counts, creditedTotal, attributedTotal } = profile;
  const own = counts[0]?.credited ?? 0;
  const filter = `claimant=${encodeURIComponent(group.slug)}`;
  return (
    <section aria-labelledby="figures-heading" className="space-y-3">
      <h2 id="figures-heading" className="text-lg font-semibold">In the record</h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="rounded border border-stone-300 bg-white p-3">
          <p className="text-3xl font-bold tabular-nums">
            <Link href={`/?${filter}`} className="text-blue-800 underline" data-testid="group-credited">{creditedTotal.toLocaleString("en-US")}</Link>
          </p>
          <p className="text-sm">
            {plural(creditedTotal, "incident")} credited to {group.name}{members.length > 0 && " and its façades"}
            {members.length > 0 && ` (${own.toLocaleString("en-US")} under its own name)`}.{" "}
            <Link href={`/incidents?${filter}`} className="text-blue-800 underline">Show them in the table</Link>
          </p>
          <p className="mt-1 text-xs text-stone-500">
            Counting rule: an incident is credited to the group of its earliest claim statement that still stands (issued, not superseded,
            withdrawn or denied). The figure includes the groups below this one, as the dashboard&apos;s claimant filter does; published incidents only.
          </p>
        </div>
        <div className="rounded border border-stone-300 bg-white p-3">
          <p className="text-3xl font-bold tabular-nums" data-testid="group-attributed">{attributedTotal.toLocaleString("en-US")}</p>
          <p className="text-sm">{plural(attributedTotal, "incident")} that analysts attribute to {group.name}{members.length > 0 && " or its façades"}.</p>
          <p className="mt-1 text-xs text-stone-500">
            The assessed perpetrator, kept apart from who claimed the attack; it may or may not be the credited group. No dashboard filter
            selects attributions yet.
          </p>
        </div>
      </div>
      {members.length > 0 && (
        <div className="overflow-x-auto">
          <table className="text-left text-sm" data-testid="group-members">
            <caption className="pb-1 text-left font-semibold">Façades and member groups</caption>
            <thead className="bg-stone-100 text-stone-700">
              <tr>
                <th scope="col" className="px-3 py-1">Group</th>
                <th scope="col" className="px-3 py-1 text-right">Credited</th>
                <th scope="col" className="px-3 py-1 text-right">Attributed</th>
              </tr>
            </thead>
            <tbody>
              {counts.filter((c) => c.depth > 0).map((c) => (
                <tr key={c.slug} className="border-t border-stone-200" data-testid={`member-${c.slug}`}>
                  <th scope="row" className="px-3 py-1 font-normal" style={{ paddingLeft: `${0.75 + (c.depth - 1) * 1.25}rem` }}>
                    <GroupLink group={c} />
                    {c.nameAr && <> · <ArabicName className="text-stone-600">{c.nameAr}</ArabicName></>}
                  </th>
                  <td className="px-3 py-1 text-right tabular-nums">
                    <Link href={`/?claimant=${encodeURIComponent(c.slug)}`} className="text-blue-800 underline">{c.creditedWithBelow.toLocaleString("en-US")}</Link>
                  </td>
                  <td className="px-3 py-1 text-right tabular-nums">{c.attributed.toLocaleString("en-US")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Ledger({ profile }: { profile: GroupProfile }) {
  const { ledger, group } = profile;
  const from = (ledger.page - 1) * LEDGER_PAGE_SIZE + 1;
  const to = from + ledger.statements.length - 1;
  const pageHref = (page: number) => (page === 1 ? `/groups/${group.slug}#ledger-heading` : `/groups/${group.slug}?ledger=${page}#ledger-heading`);
  const statuses = Object.entries(ledger.byStatus).sort((a, b) => b[1] - a[1]);
  return (
    <section aria-labelledby="ledger-heading" className="space-y-2">
      <h2 id="ledger-heading" className="text-lg font-semibold">Claims ledger</h2>
      <p className="text-sm text-stone-700" data-testid="ledger-summary">
        {ledger.total === 0
          ? "No claim statement of this group names a published incident."
          : `${ledger.total.toLocaleString("en-US")} ${plural(ledger.total, "statement")} naming published incidents: ${statuses
              .map(([status, n]) => `${n.toLocaleString("en-US")} ${label(CLAIM_STATEMENT_STATUS_LABELS, status).toLowerCase()}`)
              .join(", ")}. Only an issued statement credits its group.`}
      </p>
      {ledger.statements.length > 0 && <ClaimsLedgerList statements={ledger.statements} groupSlug={group.slug} />}
      {ledger.total > 0 && (
        <nav aria-label="Statement pages" className="flex flex-wrap gap-x-4 text-sm">
          <span>
            {ledger.statements.length > 0
              ? `Statements ${from.toLocaleString("en-US")}–${to.toLocaleString("en-US")} of ${ledger.total.toLocaleString("en-US")}`
              : `No statements on page ${ledger.page}; there ${ledger.pageCount === 1 ? "is 1 page" : `are ${ledger.pageCount} pages`}`}
          </span>
          {ledger.page > 1 && <Link href={pageHref(Math.min(ledger.page - 1, ledger.pageCount))} className="text-blue-800 underline" rel="prev">Newer statements</Link>}
          {ledger.page < ledger.pageCount && <Link href={pageHref(ledger.page + 1)} className="text-blue-800 underline" rel="next">Older statements</Link>}
        </nav>
      )}
    </section>
  );
}

function Sources({ profile }: { profile: GroupProfile }) {
  const { sources } = profile;
  return (
    <section aria-labelledby="sources-heading" className="space-y-2">
      <h2 id="sources-heading" className="text-lg font-semibold">Sources</h2>
      {sources.sourceCount === 0 ? (
        <p className="text-sm text-stone-600">No sources: no published incident is credited or attributed to this group.</p>
      ) : (
        <>
          <p className="text-sm text-stone-700">
            {sources.sourceCount.toLocaleString("en-US")} {plural(sources.sourceCount, "source")} from {sources.publisherCount.toLocaleString("en-US")}{" "}
            {plural(sources.publisherCount, "publisher")} are cited for the incidents credited or attributed to this group
            {sources.publisherCount > sources.publishers.length && `; the ${sources.publishers.length} cited for the most incidents are listed`}. Each
            incident page lists its own.
          </p>
          <table className="text-left text-sm" data-testid="group-sources">
            <thead className="bg-stone-100 text-stone-700">
              <tr>
                <th scope="col" className="px-3 py-1">Publisher</th>
                <th scope="col" className="px-3 py-1 text-right">Incidents</th>
                <th scope="col" className="px-3 py-1 text-right">Sources</th>
              </tr>
            </thead>
            <tbody>
              {sources.publishers.map((p) => (
                <tr key={p.publisher} className="border-t border-stone-200">
                  <td className="px-3 py-1">{p.publisher}</td>
                  <td className="px-3 py-1 text-right tabular-nums">{p.incidents.toLocaleString("en-US")}</td>
                  <td className="px-3 py-1 text-right tabular-nums">{p.sources.toLocaleString("en-US")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
