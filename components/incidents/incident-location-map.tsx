"use client";

import dynamic from "next/dynamic";

// Leaflet needs `window`: only this lazily loaded, browser-only chunk may import it.
const LocationMap = dynamic(() => import("./incident-location-map-leaflet"), {
  ssr: false,
  loading: () => <div className="flex h-72 items-center justify-center rounded border border-stone-300 bg-stone-100 text-sm text-stone-500">Loading map…</div>,
});

/** A small map of one incident's position on the offline basemap. */
export function IncidentLocationMap(props: { lat: number; lon: number; label: string }) {
  return <LocationMap {...props} />;
}
