// Keeps the map's features in step with its view and the filter: one GET /api/map per settled view,
// the previous request aborted, so a slow old answer can never replace a newer one.

import type { Map as LeafletMap } from "leaflet";
import { useEffect, useState } from "react";
import type { MapResponse } from "@/lib/map/features";
import { mapRequestUrl, toViewBBox } from "@/lib/map/view";
import { markResponseReceived } from "./draw-timing";

/** map-limits.md: one request per settled view, not one per animation frame of a pan. */
const MOVE_DEBOUNCE_MS = 150;

export type MapFeaturesState =
  | { status: "loading"; response: MapResponse | null }
  | { status: "ready"; response: MapResponse }
  | { status: "error"; response: null; message: string };

/** A failure worth showing as is; anything else (network down, bad JSON) gets a generic message. */
class MapLoadError extends Error {}

async function fetchMapResponse(url: string, signal: AbortSignal): Promise<MapResponse> {
  const res = await fetch(url, { signal, headers: { Accept: "application/json" } });
  if (!res.ok) {
    const reason = await serverMessage(res);
    throw new MapLoadError(`Could not load incidents for this view (HTTP ${res.status}${reason ? `: ${reason}` : ""}).`);
  }
  const body = (await res.json()) as Partial<MapResponse> | null;
  if (!body || !Array.isArray(body.features) || typeof body.meta?.total !== "number") {
    throw new MapLoadError("Could not load incidents for this view (unexpected answer from the server).");
  }
  return body as MapResponse;
}

/** The API's `{ error: { message } }`, when it sent one (shown as text, never as HTML). */
async function serverMessage(res: Response): Promise<string | null> {
  try {
    const body = (await res.json()) as { error?: { message?: unknown } } | null;
    const message = body?.error?.message;
    return typeof message === "string" ? message.slice(0, 200) : null;
  } catch {
    return null;
  }
}

/** Fetches on mount, on every (debounced) moveend, when `query` changes and when `retry()` is called. */
export function useMapFeatures(map: LeafletMap | null, query: string): MapFeaturesState & { retry(): void } {
  const [state, setState] = useState<MapFeaturesState>({ status: "loading", response: null });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!map) return;
    let controller: AbortController | undefined;
    let debounce: ReturnType<typeof setTimeout> | undefined;

    const load = () => {
      controller?.abort();
      const current = new AbortController();
      controller = current;
      const url = mapRequestUrl(query, toViewBBox(boundsOf(map)), map.getZoom());
      // Old features stay drawn (and clickable) while the new ones load: the map never blanks or freezes.
      setState((previous) => ({ status: "loading", response: previous.response }));
      fetchMapResponse(url, current.signal).then(
        (response) => {
          if (current.signal.aborted) return;
          markResponseReceived();
          setState({ status: "ready", response });
        },
        (error: unknown) => {
          if (current.signal.aborted) return; // superseded by a newer view, not a failure
          const message = error instanceof MapLoadError ? error.message : "Could not load incidents for this view.";
          setState({ status: "error", response: null, message });
        },
      );
    };
    const loadWhenSettled = () => {
      clearTimeout(debounce);
      debounce = setTimeout(load, MOVE_DEBOUNCE_MS);
    };

    load();
    map.on("moveend", loadWhenSettled);
    return () => {
      map.off("moveend", loadWhenSettled);
      clearTimeout(debounce);
      controller?.abort();
    };
  }, [map, query, attempt]);

  return { ...state, retry: () => setAttempt((n) => n + 1) };
}

function boundsOf(map: LeafletMap) {
  const b = map.getBounds();
  return { west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() };
}
