"use client";

// Leaflet needs `window`, so the map renders only in the browser: this wrapper loads it as a lazy
// chunk (leaflet, react-leaflet and the basemap JSON live only there). `ssr: false` is allowed only
// in a Client Component, hence the two files.

import dynamic from "next/dynamic";
import { SEA_COLOR } from "@/lib/map/style";
import { MAP_FRAME_CLASS, type IncidentMapProps } from "./incident-map-props";

export type { IncidentMapProps } from "./incident-map-props";

function MapPlaceholder() {
  return (
    <div data-testid="incident-map" data-state="loading" className={`${MAP_FRAME_CLASS} flex items-center justify-center text-stone-600`}
      style={{ backgroundColor: SEA_COLOR }}
    >
      Loading map…
    </div>
  );
}

const LeafletMap = dynamic(() => import("./leaflet-map"), { ssr: false, loading: MapPlaceholder });

export function IncidentMap(props: IncidentMapProps) {
  return <LeafletMap {...props} />;
}
