import "server-only";
import type { TimelineResponse } from "@/lib/dashboard/types";
import { type Actor, actorCan } from "@/lib/auth/guards";
import { getPool } from "@/lib/db";
import { isSlug } from "@/lib/ids";
import { getTimeline } from "./dashboard";
import { DEFAULT_SORT, type IncidentRow, listIncidents } from "./incident-list";

// A target site's page: the place, how well its position is known, and the attacks on it. Every
// figure is the dashboard's own answer to the filter `?site=<slug>` (published incidents only), so
// the page and the filtered dashboard, table and export always agree.

/** Incidents listed under "Latest attacks"; the table filtered to the site has them all. */
const LATEST_LIMIT = 10;

export type SiteProfile = {
  site: {
    slug: string;
    name: string;
    nameAr: string | null;
    country: string;
    admin1: string | null;
    lat: number;
    lon: number;
    coordinatesApproximate: boolean;
    type: string;
    description: string | null;
  };
  /** Published incidents at the site: the dashboard's count for `?site=<slug>`. */
  incidents: number;
  /** Monthly, stacked by attack type and by credited claimant (the dashboard's timeline for the site). */
  byType: TimelineResponse;
  byClaimant: TimelineResponse;
  latest: IncidentRow[];
};

/** One site's profile, or null when there is no such site (a malformed slug included) or the actor may not read the record. */
export async function getSiteProfile(actor: Actor, slug: string): Promise<SiteProfile | null> {
  if (!actorCan(actor, "read:incident") || !isSlug(slug)) return null;
  const { rows } = await getPool().query<{
    slug: string; name: string; name_ar: string | null; country: string; admin1: string | null; lat: number; lon: number;
    coordinates_approximate: boolean; type: string; description: string | null;
  }>(
    `SELECT slug, name, name_ar, country, admin1, lat, lon, coordinates_approximate, type::text AS type, description FROM site WHERE slug = $1`,
    [slug],
  );
  const site = rows[0];
  if (!site) return null;
  const filters = { site: [site.slug] };
  const [byType, byClaimant, latest] = await Promise.all([
    getTimeline(filters, "month", "type"),
    getTimeline(filters, "month", "claimant"),
    listIncidents(filters, { sort: DEFAULT_SORT, limit: LATEST_LIMIT }),
  ]);
  return {
    site: {
      slug: site.slug, name: site.name, nameAr: site.name_ar, country: site.country, admin1: site.admin1, lat: site.lat, lon: site.lon,
      coordinatesApproximate: site.coordinates_approximate, type: site.type, description: site.description,
    },
    incidents: byType.buckets.reduce((n, bucket) => n + bucket.total, 0),
    byType,
    byClaimant,
    latest: latest.items,
  };
}
