"use client";

import "leaflet/dist/leaflet.css";
import { useEffect } from "react";
import type { Map as LeafletMap } from "leaflet";
import { CircleMarker, GeoJSON, MapContainer, Tooltip, useMap, useMapEvents } from "react-leaflet";
import { getCountryOutlines } from "@/lib/map/basemap";
import { BORDER_COLOR, LAND_COLOR, SEA_COLOR } from "@/lib/map/style";
import type { LocationPickerProps } from "./location-picker";

const outlines = getCountryOutlines();
const LAND_STYLE = { color: BORDER_COLOR, weight: 1, fillColor: LAND_COLOR, fillOpacity: 1 };
const SITE_STYLE = { color: "#1e3a8a", fillColor: "#3b82f6", fillOpacity: 0.7, weight: 1 };
const POINT_STYLE = { color: "#7f1d1d", fillColor: "#dc2626", fillOpacity: 0.9, weight: 2 };

/** About 8 px a km: a click lands within a few hundred metres, and the sites nearby stay in view. */
const SITE_ZOOM = 10;

function ClickToPick({ onPick }: { onPick: LocationPickerProps["onPick"] }) {
  useMapEvents({ click: (event) => onPick(event.latlng.lat, event.latlng.lng) });
  return null;
}

function FlyTo({ target }: { target: LocationPickerProps["flyTo"] }) {
  const map = useMap();
  useEffect(() => {
    if (target) map.flyTo([target.lat, target.lon], SITE_ZOOM, { duration: 0.5 });
  }, [map, target]);
  return null;
}

/** The view on the map's element (data-center, data-zoom): a test can tell where the map is looking. */
function ViewAttributes() {
  const write = (map: LeafletMap) => {
    const center = map.getCenter();
    Object.assign(map.getContainer().dataset, { center: `${center.lat.toFixed(4)},${center.lng.toFixed(4)}`, zoom: String(map.getZoom()) });
  };
  const map = useMapEvents({ moveend: () => write(map) });
  useEffect(() => write(map), [map]);
  return null;
}

export default function LocationPickerLeaflet({ lat, lon, hasPoint, sites, onPick, flyTo }: LocationPickerProps) {
  const valid = hasPoint && Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
  return (
    <div className="h-64 overflow-hidden rounded border border-stone-300" data-testid="location-picker">
      <MapContainer center={valid ? [lat, lon] : [33.5, 41]} zoom={valid ? 7 : 5} style={{ height: "100%", background: SEA_COLOR, cursor: "crosshair" }} attributionControl={false}>
        <GeoJSON data={outlines} style={LAND_STYLE} />
        {sites.map((s) => (
          <CircleMarker key={s.slug} center={[s.lat, s.lon]} radius={4} pathOptions={SITE_STYLE} bubblingMouseEvents>
            <Tooltip>{s.name}</Tooltip>
          </CircleMarker>
        ))}
        {valid && <CircleMarker center={[lat, lon]} radius={8} pathOptions={POINT_STYLE} interactive={false} />}
        <ClickToPick onPick={onPick} />
        <FlyTo target={flyTo} />
        <ViewAttributes />
      </MapContainer>
    </div>
  );
}
