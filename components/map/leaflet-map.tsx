"use client";

// The incident map itself (browser only: loaded by incident-map.tsx with ssr:false). Layers, bottom
// to top (panes.ts): sea colour, optional tiles, offline country outlines, the filter's area, target
// sites, the incident canvas (precision halos, clusters, incidents), popups. Controls sit outside
// the Leaflet container, as plain React; the legend sits outside the map, beside or under it.

import "leaflet/dist/leaflet.css";
import L from "leaflet";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { GeoJSON, MapContainer, Pane, Popup, Rectangle, TileLayer } from "react-leaflet";
import { getCountryOutlines } from "@/lib/map/basemap";
import { summarizeIncident } from "@/lib/map/incident-summary";
import { nearestWithin } from "@/lib/map/site-hit";
import { BORDER_COLOR, claimantColors, LAND_COLOR, legendEntries, SEA_COLOR } from "@/lib/map/style";
import { bboxToLatLngBounds, DEFAULT_REGION, toViewBBox } from "@/lib/map/view";
import { MAX_ZOOM, useFeatureLayer, type SelectedIncidents } from "./feature-layer";
import { MAP_FRAME_CLASS, type IncidentMapProps } from "./incident-map-props";
import { IncidentPopupContent, StackPopupContent } from "./incident-popup";
import { MapLegend } from "./map-legend";
import { BASEMAP_PANE, FILTER_AREA_PANE, PANE_Z_INDEX, SITES_PANE } from "./panes";
import { POPUP_OPTIONS, SiteLayer } from "./site-layer";
import { useMapFeatures } from "./use-map-features";

/** Panning stops at the world's edge, so the view's bbox is always a real box on the globe. */
const WORLD_BOUNDS: L.LatLngBoundsExpression = [
  [-85, -180],
  [85, 180],
];
const NO_FEATURES: never[] = [];
// Constant style objects: react-leaflet restyles every path when it receives a new object.
const LAND_STYLE: L.PathOptions = { color: BORDER_COLOR, weight: 0.7, fillColor: LAND_COLOR, fillOpacity: 1 };
const OUTLINE_ONLY_STYLE: L.PathOptions = { ...LAND_STYLE, fillOpacity: 0 };
const FILTER_AREA_STYLE: L.PathOptions = { color: "#1d4ed8", weight: 2, dashArray: "6 6", fillColor: "#1d4ed8", fillOpacity: 0.04 };

const popupKey = (selected: SelectedIncidents) => `${selected.incidents[0].id}:${selected.incidents.length}`;

/** The table under the same filter, narrowed to a box of ~20 m around one point. */
function tableAtPoint(query: string, [lat, lon]: L.LatLngTuple): string {
  const params = new URLSearchParams(query);
  const d = 0.0002; // wider than the filter's 4-decimal rounding, far narrower than two sites apart
  params.set("bbox", [lon - d, lat - d, lon + d, lat + d].map((n) => n.toFixed(4)).join(","));
  return `/incidents?${params.toString()}`;
}

const incidentsInView = (total: number) => `${total.toLocaleString("en-US")} ${total === 1 ? "incident" : "incidents"} in view`;

export default function LeafletMap({ query, groups, sites, colorBy = "claimant", bbox, onSearchArea, onClearArea, tileUrl, tileAttribution }: IncidentMapProps) {
  const [map, setMap] = useState<L.Map | null>(null);
  const [showSites, setShowSites] = useState(true);
  const [selected, setSelected] = useState<SelectedIncidents | null>(null);
  // The view opens on the filter's area (or the region) once; later bbox changes come from this
  // map's own "Search this area", whose view already shows the area.
  const [initialBounds] = useState(() => bboxToLatLngBounds(bbox ?? DEFAULT_REGION));

  const result = useMapFeatures(map, query);
  const features = result.response?.features ?? NO_FEATURES;
  const colors = useMemo(() => claimantColors(groups), [groups]);
  const legend = useMemo(() => legendEntries(features, groups, colors, colorBy), [features, groups, colors, colorBy]);
  const clusterCount = useMemo(() => features.filter((f) => f.properties.kind === "cluster").length, [features]);
  useFeatureLayer(map, features, colors, colorBy, setSelected);
  useSizeTracking(map);
  const onSiteMarker = useSiteClicks(map, showSites ? sites : NO_FEATURES);

  const searchThisArea = useCallback(() => {
    if (!map) return;
    const b = map.getBounds();
    onSearchArea(toViewBBox({ west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() }));
  }, [map, onSearchArea]);

  const total = result.response?.meta.total;
  return (
    <div className="flex flex-col gap-2 lg:flex-row lg:items-start">
      <div
        data-testid="incident-map"
        data-state={result.status}
        data-feature-count={features.length}
        data-cluster-count={clusterCount}
        data-total={total ?? ""}
        className={MAP_FRAME_CLASS}
      >
        <MapContainer
          ref={setMap}
          bounds={initialBounds}
          maxBounds={WORLD_BOUNDS}
          maxBoundsViscosity={1}
          minZoom={2}
          maxZoom={MAX_ZOOM}
          className="h-full w-full"
          style={{ backgroundColor: SEA_COLOR }}
        >
          {tileUrl ? <TileLayer url={tileUrl} attribution={tileAttribution} /> : null}
          <Pane name={BASEMAP_PANE} style={{ zIndex: PANE_Z_INDEX[BASEMAP_PANE] }}>
            <GeoJSON
              data={getCountryOutlines()}
              interactive={false}
              attribution="Boundaries: Natural Earth"
              // Over tiles, outlines only: the tiles show the land.
              style={tileUrl ? OUTLINE_ONLY_STYLE : LAND_STYLE}
            />
          </Pane>
          {/* Below the incident canvas, so it never takes a click meant for a circle. */}
          <Pane name={FILTER_AREA_PANE} style={{ zIndex: PANE_Z_INDEX[FILTER_AREA_PANE] }}>
            {bbox ? (
              <Rectangle
                bounds={bboxToLatLngBounds(bbox)}
                interactive={false}
                pathOptions={FILTER_AREA_STYLE}
              />
            ) : null}
          </Pane>
          <Pane name={SITES_PANE} style={{ zIndex: PANE_Z_INDEX[SITES_PANE] }}>
            {showSites ? <SiteLayer sites={sites} onMarker={onSiteMarker} /> : null}
          </Pane>
          {selected ? (
            <Popup
              key={popupKey(selected)}
              position={selected.latLng}
              {...POPUP_OPTIONS}
              eventHandlers={{
                // Closed by its button, Escape or a click on the map: forget it, unless another is already chosen.
                remove: () => setSelected((current) => (current === selected ? null : current)),
              }}
            >
              {selected.incidents.length === 1 ? (
                <IncidentPopupContent summary={summarizeIncident(selected.incidents[0], groups)} />
              ) : (
                <StackPopupContent
                  incidents={selected.incidents.map((incident) => summarizeIncident(incident, groups))}
                  tableHref={tableAtPoint(query, selected.latLng)}
                />
              )}
            </Popup>
          ) : null}
        </MapContainer>

        <div className="pointer-events-none absolute top-2 right-2 z-[1000] flex flex-col items-end gap-1.5">
          <div className="pointer-events-auto flex gap-1.5">
            <button type="button" onClick={searchThisArea} disabled={!map} className="rounded bg-white px-3 py-1.5 text-sm font-semibold shadow hover:bg-stone-100 focus-visible:outline-2 focus-visible:outline-blue-700 disabled:opacity-50">
              Search this area
            </button>
            {bbox ? (
              <button type="button" onClick={onClearArea} className="rounded bg-white px-3 py-1.5 text-sm shadow hover:bg-stone-100 focus-visible:outline-2 focus-visible:outline-blue-700">
                Clear area
              </button>
            ) : null}
          </div>
          <div className="pointer-events-auto rounded bg-white/95 px-2 py-1 text-xs shadow empty:hidden" role="status" aria-live="polite">
            {result.status === "loading" ? (
              <span data-testid="map-loading" className="flex items-center gap-1.5">
                <span aria-hidden className="inline-block size-3 animate-spin rounded-full border-2 border-stone-300 border-t-stone-700" />
                Loading incidents…
              </span>
            ) : null}
            {result.status === "ready" ? <span data-testid="map-status">{incidentsInView(result.response.meta.total)}</span> : null}
          </div>
          {result.status === "error" ? (
            <div role="alert" className="pointer-events-auto max-w-72 rounded bg-red-50 px-2 py-1 text-xs text-red-900 shadow">
              {result.message}{" "}
              <button type="button" onClick={result.retry} className="font-semibold underline">
                Retry
              </button>
            </div>
          ) : null}
        </div>

        {result.status === "ready" && result.response.meta.total === 0 ? (
          <div data-testid="map-empty" className="pointer-events-none absolute inset-0 z-[900] flex items-center justify-center p-4">
            <div className="rounded bg-white/95 px-4 py-3 text-center shadow">
              <div className="font-semibold">No incidents match these filters</div>
              <div className="text-xs text-stone-600">in this part of the map. Zoom out or move the map, or widen the filters.</div>
            </div>
          </div>
        ) : null}
      </div>
      <div className="lg:max-h-[32rem] lg:w-64 lg:shrink-0 lg:overflow-y-auto">
        <MapLegend entries={legend} colorBy={colorBy} showSites={showSites} onShowSitesChange={setShowSites} />
      </div>
    </div>
  );
}

/**
 * Sites lie under the incident canvas, which gets every click: a click that hits no circle reaches
 * the map, and opens the popup of the site drawn there (if any). Returns the markers' ref callback.
 */
function useSiteClicks(map: L.Map | null, sites: readonly { slug: string; lat: number; lon: number }[]) {
  const markers = useRef(new Map<string, L.Marker>());
  useEffect(() => {
    if (!map) return;
    const onClick = (event: L.LeafletMouseEvent) => {
      const site = nearestWithin(sites, (s) => map.latLngToContainerPoint([s.lat, s.lon]), event.containerPoint);
      if (site) markers.current.get(site.slug)?.openPopup();
    };
    map.on("click", onClick);
    return () => {
      map.off("click", onClick);
    };
  }, [map, sites]);
  return useCallback((slug: string, marker: L.Marker | null) => {
    if (marker) markers.current.set(slug, marker);
    else markers.current.delete(slug);
  }, []);
}

/**
 * Leaflet measures its container once and on window resizes only; when the page's layout changes
 * the map's width, re-measure (its moveend then fetches the newly visible area).
 */
function useSizeTracking(map: L.Map | null) {
  useEffect(() => {
    if (!map) return;
    const observer = new ResizeObserver(() => map.invalidateSize({ pan: false }));
    observer.observe(map.getContainer());
    return () => observer.disconnect();
  }, [map]);
}
