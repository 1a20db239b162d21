"use client";

import "leaflet/dist/leaflet.css";
import { CircleMarker, GeoJSON, MapContainer, Tooltip } from "react-leaflet";
import { getCountryOutlines } from "@/lib/map/basemap";
import { BORDER_COLOR, LAND_COLOR, SEA_COLOR } from "@/lib/map/style";

const outlines = getCountryOutlines();

export default function IncidentLocationMapLeaflet({ lat, lon, label }: { lat: number; lon: number; label: string }) {
  return (
    <div className="h-72 overflow-hidden rounded border border-stone-300" data-testid="incident-location-map">
      <MapContainer center={[lat, lon]} zoom={6} style={{ height: "100%", background: SEA_COLOR }} attributionControl={false}>
        <GeoJSON data={outlines} style={{ color: BORDER_COLOR, weight: 1, fillColor: LAND_COLOR, fillOpacity: 1 }} />
        <CircleMarker center={[lat, lon]} radius={8} pathOptions={{ color: "#7f1d1d", fillColor: "#dc2626", fillOpacity: 0.9, weight: 2 }}>
          <Tooltip permanent direction="top" offset={[0, -8]}>{label}</Tooltip>
        </CircleMarker>
      </MapContainer>
    </div>
  );
}
