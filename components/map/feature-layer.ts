// Draws the view's clusters and incidents: one imperative layer of circles on one canvas renderer,
// replaced in one pass per answer. No React component per feature (map-limits.md: ~55–60 ms at
// 2,000); here replacing 2,000 circles took ~20–80 ms on a loaded 2-core box, painting included ~60–160.

import L from "leaflet";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import type { MapFeature } from "@/lib/dashboard/types";
import type { IncidentProperties } from "@/lib/map/incident-summary";
import { featureColor, featureRadius, inDrawingOrder, type ClaimantColors } from "@/lib/map/style";
import { ClusterCircle } from "./cluster-circle";
import { logDrawTime } from "./draw-timing";
import { exposeForTests } from "./test-hook";

export const MAX_ZOOM = 18;
/** How far a click on a cluster zooms in. */
const CLUSTER_ZOOM_STEP = 2;

export type SelectedIncident = { latLng: L.LatLngTuple; incident: IncidentProperties };

type FeatureLayer = {
  group: L.LayerGroup;
  renderer: L.Canvas;
  /** Which feature each circle stands for; read by the shared click handler. */
  featureOf: WeakMap<object, MapFeature>;
};

function circleFor(feature: MapFeature, colors: ClaimantColors, renderer: L.Canvas): L.CircleMarker {
  const [lon, lat] = feature.geometry.coordinates;
  const p = feature.properties;
  const options: L.CircleMarkerOptions = {
    renderer,
    radius: featureRadius(feature),
    fillColor: featureColor(colors, feature),
    color: "#ffffff",
    // The click is handled by the circle; the map must not also treat it as a click on empty map.
    bubblingMouseEvents: false,
  };
  return p.kind === "cluster"
    ? new ClusterCircle([lat, lon], p.count, { ...options, weight: 1.5, fillOpacity: 0.8 })
    : new L.CircleMarker([lat, lon], { ...options, weight: 1, fillOpacity: 0.9 });
}

/**
 * Replaces the drawn circles whenever `features` change. A click on a cluster zooms in on it; a
 * click on an incident calls `onSelectIncident`.
 */
export function useFeatureLayer(
  map: L.Map | null,
  features: readonly MapFeature[],
  colors: ClaimantColors,
  onSelectIncident: (selected: SelectedIncident) => void,
): void {
  const [layer] = useState<FeatureLayer>(() => ({
    group: L.layerGroup(),
    // Small padding: features only exist inside the fetched view, so a wide margin is only more to clear.
    renderer: L.canvas({ padding: 0.1, tolerance: 2 }),
    featureOf: new WeakMap(),
  }));
  const onSelectRef = useRef(onSelectIncident);
  useEffect(() => {
    onSelectRef.current = onSelectIncident;
  }, [onSelectIncident]);

  useEffect(() => {
    if (!map) return;
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
    const onClick = (event: L.LeafletMouseEvent) => {
      const feature = layer.featureOf.get(event.target as object);
      if (!feature || !map) return;
      const [lon, lat] = feature.geometry.coordinates;
      if (feature.properties.kind === "cluster") {
        map.setView([lat, lon], Math.min(map.getZoom() + CLUSTER_ZOOM_STEP, MAX_ZOOM));
      } else {
        onSelectRef.current({ latLng: [lat, lon], incident: feature.properties });
      }
    };
    layer.group.clearLayers();
    for (const feature of inDrawingOrder(features)) {
      const circle = circleFor(feature, colors, layer.renderer).on("click", onClick);
      layer.featureOf.set(circle, feature);
      layer.group.addLayer(circle);
    }
    logDrawTime(features.length);
    return map ? exposeForTests(map, features) : undefined;
  }, [map, layer, features, colors]);
}
