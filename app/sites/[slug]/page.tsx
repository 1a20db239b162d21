import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { IncidentTable } from "@/components/incidents/incident-table";
import { ArabicName } from "@/components/profiles/arabic-name";
import { ExternalLink } from "@/components/profiles/external-link";
import { GroupLink } from "@/components/profiles/group-link";
import { MonthlyChart } from "@/components/profiles/monthly-chart";
import type { TimelineResponse } from "@/lib/dashboard/types";
import { requirePagePermission } from "@/lib/auth/guards";
import { getSiteProfile } from "@/lib/data/site-profile";
import { metadataBase } from "@/lib/page-metadata";
import { COUNTRY_NAMES, label, plural, TARGET_TYPE_LABELS } from "@/lib/vocabulary";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const actor = await requirePagePermission("read:incident", `/sites/${encodeURIComponent(slug)}`);
  const profile = await getSiteProfile(actor, slug);
  if (!profile) return { title: "Site not found" };
  const { site, incidents } = profile;
  const description = `${site.name}, ${COUNTRY_NAMES[site.country] ?? site.country}: ${incidents.toLocaleString("en-US")} ${plural(incidents, "attack")} in the record, by attack type and claimant.`;
  const path = `/sites/${site.slug}`;
  return {
    metadataBase: await metadataBase(),
    title: site.name,
    description,
    alternates: { canonical: path },
    openGraph: { title: site.name, description, url: path, type: "website" },
  };
}

/** The dashboard's timeline for the site, as the chart's months and series. */
function chartOf(timeline: TimelineResponse) {
  return {
    months: timeline.buckets.map((bucket) => ({ start: bucket.start, counts: bucket.counts })),
    bars: timeline.series,
  };
}

export default async function SitePage({ params }: Props) {
  await connection();
  const { slug } = await params;
  const actor = await requirePagePermission("read:incident", `/sites/${encodeURIComponent(slug)}`);
  const profile = await getSiteProfile(actor, slug);
  if (!profile) notFound();
  const { site, incidents } = profile;
  const filter = `site=${encodeURIComponent(site.slug)}`;
  const claimantTotals = profile.byClaimant.series.map((series) => ({
    ...series,
    incidents: profile.byClaimant.buckets.reduce((n, bucket) => n + (bucket.counts[series.key] ?? 0), 0),
  }));
  const osm = `https://www.openstreetmap.org/?mlat=${site.lat}&mlon=${site.lon}#map=${site.coordinatesApproximate ? 11 : 14}/${site.lat}/${site.lon}`;

  return (
    <article className="space-y-8" data-testid="site-page">
      <header className="space-y-1">
        <p className="text-sm text-stone-500">{label(TARGET_TYPE_LABELS, site.type)}</p>
        <h1 className="text-2xl font-bold">{site.name}</h1>
        {site.nameAr && <p className="text-lg" data-testid="site-name-ar"><ArabicName>{site.nameAr}</ArabicName></p>}
        <p className="text-stone-700">{[site.admin1, COUNTRY_NAMES[site.country] ?? site.country].filter(Boolean).join(", ")}</p>
        {site.description && <p className="max-w-3xl pt-2 text-stone-700">{site.description}</p>}
      </header>

      <section aria-labelledby="position-heading" className="space-y-1">
        <h2 id="position-heading" className="text-lg font-semibold">Position</h2>
        <p className="tabular-nums" data-testid="site-coordinates">{site.lat.toFixed(4)}, {site.lon.toFixed(4)}</p>
        <p className="max-w-3xl text-sm text-stone-600" data-testid="site-precision">
          {site.coordinatesApproximate
            ? "Approximate: public sources give only a rough position (often a nearby town or facility), good to within a few kilometres."
            : "The facility itself, as public sources place it."}{" "}
          Each incident also records how precisely its own place is known.
        </p>
        <p className="flex flex-wrap gap-x-4 text-sm">
          <Link href={`/?${filter}`} className="text-blue-800 underline">Its attacks on the dashboard map</Link>
          <ExternalLink href={osm}>The position on OpenStreetMap</ExternalLink>
        </p>
      </section>

      <section aria-labelledby="attacks-heading" className="space-y-4">
        <h2 id="attacks-heading" className="text-lg font-semibold">Attacks</h2>
        <p>
          <Link href={`/?${filter}`} className="text-2xl font-bold text-blue-800 underline tabular-nums" data-testid="site-incidents">
            {incidents.toLocaleString("en-US")}
          </Link>{" "}
          published {plural(incidents, "incident")} at this site.{" "}
          <Link href={`/incidents?${filter}`} className="text-blue-800 underline">All of them in the table</Link>
        </p>
        <div className="grid gap-6 lg:grid-cols-2">
          <MonthlyChart title="Per month, by attack type" testId="site-chart-type" {...chartOf(profile.byType)} />
          <MonthlyChart title="Per month, by credited claimant" testId="site-chart-claimant" {...chartOf(profile.byClaimant)} />
        </div>
        {claimantTotals.length > 0 && (
          <div>
            <h3 className="font-semibold">Credited to</h3>
            <ul className="text-sm" data-testid="site-claimants">
              {claimantTotals.map((c) => (
                <li key={c.key}>
                  {c.key === "none" ? "Nobody (unclaimed, or no claim stands)" : <GroupLink group={{ slug: c.key, name: c.label }} />}:{" "}
                  <span className="tabular-nums">{c.incidents.toLocaleString("en-US")}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>

      <section aria-labelledby="latest-heading" className="space-y-2">
        <h2 id="latest-heading" className="text-lg font-semibold">Latest attacks</h2>
        <IncidentTable rows={profile.latest} />
        {incidents > profile.latest.length && (
          <p className="text-sm"><Link href={`/incidents?${filter}`} className="text-blue-800 underline">All {incidents.toLocaleString("en-US")} in the table</Link></p>
        )}
      </section>
    </article>
  );
}
