// Known target sites (~20): small dark diamonds above the incident canvas, each with a tooltip.
// DOM markers, so they are focusable with the keyboard and their tooltip opens on focus too.

import L from "leaflet";
import { memo } from "react";
import { Marker, Tooltip } from "react-leaflet";
import type { SiteSummary } from "@/lib/dashboard/types";

// Constant markup only: no data goes into icon HTML.
const SITE_ICON = L.divIcon({
  className: "site-marker",
  html: '<span class="block size-2.5 rotate-45 border border-white bg-stone-900 shadow"></span>',
  iconSize: [12, 12],
  iconAnchor: [6, 6],
});

export function siteLabel(site: SiteSummary): string {
  return `${site.name} — ${site.incidentCount.toLocaleString("en-US")} ${site.incidentCount === 1 ? "attack" : "attacks"}`;
}

/** Memoized: the map re-renders on every view, and the sites only change with the filter. */
export const SiteLayer = memo(function SiteLayer({ sites }: { sites: readonly SiteSummary[] }) {
  return sites.map((site) => (
    <Marker key={site.slug} position={[site.lat, site.lon]} icon={SITE_ICON}>
      <Tooltip direction="top" offset={[0, -6]}>
        {siteLabel(site)}
      </Tooltip>
    </Marker>
  ));
});
