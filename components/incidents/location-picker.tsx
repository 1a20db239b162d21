"use client";

import dynamic from "next/dynamic";
import type { FormSite } from "./incident-form";

// Leaflet needs `window`: only this lazily loaded, browser-only chunk may import it.
const LocationPickerMap = dynamic(() => import("./location-picker-leaflet"), {
  ssr: false,
  loading: () => <div className="flex h-64 items-center justify-center rounded border border-stone-300 bg-stone-100 text-sm text-stone-500">Loading map…</div>,
});

export type LocationPickerProps = {
  lat: number; lon: number; hasPoint: boolean; sites: FormSite[]; onPick: (lat: number, lon: number) => void;
  /** Where the map flies to, close up, each time a new object is given (a site was chosen). */
  flyTo: { lat: number; lon: number } | null;
};

/** Click the map to set the incident's coordinates; known sites are shown for orientation. */
export function LocationPicker(props: LocationPickerProps) {
  return <LocationPickerMap {...props} />;
}
