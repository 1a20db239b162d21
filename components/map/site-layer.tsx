// Known target sites (~20): faint outlined diamonds in the 'sites' pane, UNDER the incident canvas,
// so an incident or a cluster at a site is always drawn over it and takes the click. A site opens
// a popup with its own count (kept inside the map): from the keyboard (each diamond is focusable),
// or from a click on empty map near it (leaflet-map.tsx), since the canvas above gets every click.

import L from "leaflet";
import { memo } from "react";
import { Marker, Popup } from "react-leaflet";
import type { SiteSummary } from "@/lib/dashboard/types";
import { summarizeSite } from "@/lib/map/incident-summary";
import { SitePopupContent } from "./incident-popup";

// Constant markup only: no data goes into icon HTML.
const SITE_ICON = L.divIcon({
  className: "site-marker",
  html: '<span class="block size-3 rotate-45 border-2 border-stone-800/70 bg-white/40"></span>',
  iconSize: [14, 14],
  iconAnchor: [7, 7],
  popupAnchor: [0, -6],
});

/** Popups stay inside the map: panned into view with a margin, never left hanging off an edge. */
export const POPUP_OPTIONS = { autoPan: true, keepInView: true, autoPanPadding: [12, 12] as L.PointTuple, maxWidth: 260 };

type SiteLayerProps = {
  sites: readonly SiteSummary[];
  /** Receives each site's marker (null when it goes), so a click on the map can open the site there. */
  onMarker(slug: string, marker: L.Marker | null): void;
};

/** Memoized: the map re-renders on every view, and the sites only change with the filter. */
export const SiteLayer = memo(function SiteLayer({ sites, onMarker }: SiteLayerProps) {
  return sites.map((site) => (
    <Marker
      key={site.slug}
      position={[site.lat, site.lon]}
      icon={SITE_ICON}
      title={site.name}
      // Below the canvas it never gets the pointer; a click comes from the map (or Enter from the keyboard).
      bubblingMouseEvents={false}
      // A focusable button needs a name a screen reader announces (the title alone is a tooltip).
      eventHandlers={{ add: (event) => (event.target as L.Marker).getElement()?.setAttribute("aria-label", `${site.name}, target site: open its count`) }}
      ref={(marker) => onMarker(site.slug, marker)}
    >
      <Popup {...POPUP_OPTIONS}>
        <SitePopupContent summary={summarizeSite(site)} />
      </Popup>
    </Marker>
  ));
});
