// Draws the view's clusters and incidents: one imperative layer of circles on one canvas renderer,
// replaced in one pass per answer. No React component per feature (map-limits.md: ~55–60 ms at
// 2,000); here replacing 2,000 circles took ~20–80 ms on a loaded 2-core box, painting included ~60–160.
//
// The canvas lives in its own pane, above the target sites' pane: a point or a cluster is always
// drawn over a site and takes the click. Imprecise places get a translucent halo sized to their
// precision, drawn first on the same canvas and never clickable. Incidents that would overlap at the
// current zoom are drawn as one numbered circle (lib/map/point-clusters.ts).

import L from "leaflet";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import type { IncidentProperties, MapFeature } from "@/lib/map/features";
import {
  attackTypeLetter, featureColor, featureRadius, featureShare, inDrawingOrder, precisionHalos, type ClaimantColors, type ColorBy,
} from "@/lib/map/style";
import { groupOverlappingPoints } from "@/lib/map/point-clusters";
import { ClusterCircle, IncidentCircle } from "./cluster-circle";
import { logDrawTime } from "./draw-timing";
import { INCIDENTS_PANE, ensurePane } from "./panes";
import { exposeForTests } from "./test-hook";

export const MAX_ZOOM = 18;
/** How far a click on a cluster zooms in. */
const CLUSTER_ZOOM_STEP = 2;
const HALO_STYLE: L.CircleOptions = { interactive: false, weight: 1, opacity: 0.45, fillOpacity: 0.1, dashArray: "4 4" };

/** What a click chose: one incident, or every incident of a stack at one point (newest first). */
export type SelectedIncidents = { latLng: L.LatLngTuple; incidents: readonly [IncidentProperties, ...IncidentProperties[]] };

type FeatureLayer = {
  group: L.LayerGroup;
  renderer: L.Canvas;
  /** Which feature each circle stands for; read by the shared click handler. */
  featureOf: WeakMap<object, MapFeature>;
};

function circleFor(feature: MapFeature, colors: ClaimantColors, colorBy: ColorBy, renderer: L.Canvas): L.CircleMarker {
  const [lon, lat] = feature.geometry.coordinates;
  const p = feature.properties;
  const options: L.CircleMarkerOptions = {
    renderer,
    radius: featureRadius(feature),
    fillColor: featureColor(colors, feature, colorBy),
    color: "#ffffff",
    // The click is handled by the circle; the map must not also treat it as a click on empty map.
    bubblingMouseEvents: false,
  };
  return p.kind === "cluster"
    ? new ClusterCircle([lat, lon], p.count, featureShare(feature, colorBy), { ...options, weight: 1.5, fillOpacity: 0.85 })
    : new IncidentCircle([lat, lon], attackTypeLetter(p.attackType), { ...options, weight: 1, fillOpacity: 0.95 });
}

/**
 * Replaces the drawn circles whenever `features` change (each settled view brings new ones). A click
 * on a cluster zooms in on it, one on a group of overlapping incidents zooms to where it splits; a
 * click on an incident, or on a group whose incidents share one point, calls `onSelect`.
 */
export function useFeatureLayer(
  map: L.Map | null,
  features: readonly MapFeature[],
  colors: ClaimantColors,
  colorBy: ColorBy,
  onSelect: (selected: SelectedIncidents) => void,
): void {
  const [layer] = useState<FeatureLayer>(() => ({
    group: L.layerGroup(),
    // Small padding: features only exist inside the fetched view, so a wide margin is only more to clear.
    renderer: L.canvas({ padding: 0.1, tolerance: 3, pane: INCIDENTS_PANE }),
    featureOf: new WeakMap(),
  }));
  const onSelectRef = useRef(onSelect);
  useEffect(() => {
    onSelectRef.current = onSelect;
  }, [onSelect]);

  useEffect(() => {
    if (!map) return;
    ensurePane(map, INCIDENTS_PANE);
    layer.group.addTo(map);
    return () => {
      layer.group.remove();
    };
  }, [map, layer]);

  // A layout effect: the circles and window.__incidentMap change in the same task as the data-*
  // attributes, so a test that sees data-state="ready" can click what it reads.
  useLayoutEffect(() => {
    // One handler shared by every circle (a FeatureGroup would instead make itself the event parent
    // of each circle, which costs more per view than one listener each).
    const { features: drawn, groupOf } = map ? groupOverlappingPoints(features, map.getZoom(), MAX_ZOOM) : { features, groupOf: new Map() };
    const onClick = (event: L.LeafletMouseEvent) => {
      const feature = layer.featureOf.get(event.target as object);
      if (!feature || !map) return;
      const [lon, lat] = feature.geometry.coordinates;
      const group = groupOf.get(feature);
      if (group?.expansionZoom === null) onSelectRef.current({ latLng: [lat, lon], incidents: group.incidents });
      else if (group) map.setView([lat, lon], group.expansionZoom);
      else if (feature.properties.kind === "cluster") map.setView([lat, lon], Math.min(map.getZoom() + CLUSTER_ZOOM_STEP, MAX_ZOOM));
      else onSelectRef.current({ latLng: [lat, lon], incidents: [feature.properties] });
    };
    layer.group.clearLayers();
    // Canvas draws in the order added: halos under everything, then clusters, then incidents.
    for (const halo of precisionHalos(features, colors, colorBy)) {
      layer.group.addLayer(L.circle([halo.lat, halo.lon], { ...HALO_STYLE, renderer: layer.renderer, radius: halo.radiusM, color: halo.color, fillColor: halo.color }));
    }
    for (const feature of inDrawingOrder(drawn)) {
      const circle = circleFor(feature, colors, colorBy, layer.renderer).on("click", onClick);
      layer.featureOf.set(circle, feature);
      layer.group.addLayer(circle);
    }
    logDrawTime(features.length);
    return map ? exposeForTests(map, drawn, groupOf) : undefined;
  }, [map, layer, features, colors, colorBy]);
}
