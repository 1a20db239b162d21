"use client";

// The incident map itself (browser only: loaded by incident-map.tsx with ssr:false). Layers, bottom
// to top: sea colour, optional tiles, offline country outlines, the filter's area, the incident
// canvas, site markers, popups. Controls sit outside the Leaflet container, as plain React.

import "leaflet/dist/leaflet.css";
import L from "leaflet";
import { useCallback, useEffect, useMemo, useState } from "react";
import { GeoJSON, MapContainer, Pane, Popup, Rectangle, TileLayer } from "react-leaflet";
import { getCountryOutlines } from "@/lib/map/basemap";
import { summarizeIncident } from "@/lib/map/incident-summary";
import { BORDER_COLOR, claimantColors, LAND_COLOR, legendEntries, SEA_COLOR } from "@/lib/map/style";
import { bboxToLatLngBounds, DEFAULT_REGION, toViewBBox } from "@/lib/map/view";
import { MAX_ZOOM, useFeatureLayer, type SelectedIncident } from "./feature-layer";
import { MAP_FRAME_CLASS, type IncidentMapProps } from "./incident-map-props";
import { IncidentPopupContent } from "./incident-popup";
import { MapLegend } from "./map-legend";
import { SiteLayer } from "./site-layer";
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

const incidentsInView = (total: number) => `${total.toLocaleString("en-US")} ${total === 1 ? "incident" : "incidents"} in view`;

export default function LeafletMap({ query, groups, sites, bbox, onSearchArea, onClearArea, tileUrl, tileAttribution }: IncidentMapProps) {
  const [map, setMap] = useState<L.Map | null>(null);
  const [showSites, setShowSites] = useState(true);
  const [selected, setSelected] = useState<SelectedIncident | null>(null);
  // The view opens on the filter's area (or the region) once; later bbox changes come from this
  // map's own "Search this area", whose view already shows the area.
  const [initialBounds] = useState(() => bboxToLatLngBounds(bbox ?? DEFAULT_REGION));

  const result = useMapFeatures(map, query);
  const features = result.response?.features ?? NO_FEATURES;
  const colors = useMemo(() => claimantColors(groups), [groups]);
  const legend = useMemo(() => legendEntries(features, groups, colors), [features, groups, colors]);
  const clusterCount = useMemo(() => features.filter((f) => f.properties.kind === "cluster").length, [features]);
  useFeatureLayer(map, features, colors, setSelected);
  useSizeTracking(map);

  const searchThisArea = useCallback(() => {
    if (!map) return;
    const b = map.getBounds();
    onSearchArea(toViewBBox({ west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() }));
  }, [map, onSearchArea]);

  const total = result.response?.meta.total;
  return (
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
        <Pane name="basemap" style={{ zIndex: 250 }}>
          <GeoJSON
            data={getCountryOutlines()}
            interactive={false}
            attribution="Boundaries: Natural Earth"
            // Over tiles, outlines only: the tiles show the land.
            style={tileUrl ? OUTLINE_ONLY_STYLE : LAND_STYLE}
          />
        </Pane>
        {/* Below the incident canvas (overlay pane, 400), so it never takes a click meant for a circle. */}
        <Pane name="filter-area" style={{ zIndex: 350 }}>
          {bbox ? (
            <Rectangle
              bounds={bboxToLatLngBounds(bbox)}
              interactive={false}
              pathOptions={FILTER_AREA_STYLE}
            />
          ) : null}
        </Pane>
        {showSites ? <SiteLayer sites={sites} /> : null}
        {selected ? (
          <Popup
            key={selected.incident.id}
            position={selected.latLng}
            eventHandlers={{
              // Closed by its button, Escape or a click on the map: forget it, unless another is already chosen.
              remove: () => setSelected((current) => (current?.incident.id === selected.incident.id ? null : current)),
            }}
          >
            <IncidentPopupContent summary={summarizeIncident(selected.incident, groups)} />
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

      <div className="absolute bottom-6 left-2 z-[1000] flex max-h-[65%] flex-col">
        <MapLegend entries={legend} showSites={showSites} onShowSitesChange={setShowSites} />
      </div>
    </div>
  );
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
