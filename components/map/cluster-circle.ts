// A canvas circle that also writes its cluster's count inside it. Drawing the text on the same
// canvas keeps a view of ~2,000 features at one DOM element; a permanent tooltip per cluster would
// add one positioned element each and slow every zoom.

import L from "leaflet";
import { formatClusterCount } from "@/lib/map/style";

/** The Leaflet 1.x internals used here (stable across 1.x, absent from @types/leaflet). */
type CanvasCircleInternals = {
  _point: L.Point;
  _renderer: { _ctx: CanvasRenderingContext2D; _drawing: boolean };
  _updatePath(): void;
};

const drawCircle = (L.CircleMarker.prototype as unknown as CanvasCircleInternals)._updatePath;

export class ClusterCircle extends L.CircleMarker {
  private readonly label: string;

  constructor(latLng: L.LatLngExpression, count: number, options: L.CircleMarkerOptions) {
    super(latLng, options);
    this.label = formatClusterCount(count);
  }

  /** Called by the canvas renderer for every redraw of this circle: draw it, then its label on top. */
  _updatePath(): void {
    const self = this as unknown as CanvasCircleInternals;
    drawCircle.call(self);
    const renderer = self._renderer;
    // Leaflet also calls this outside a redraw (to schedule one); only draw while the canvas draws.
    if (!renderer._drawing) return;
    const ctx = renderer._ctx;
    ctx.globalAlpha = 1;
    ctx.setLineDash([]);
    ctx.font = "600 11px ui-sans-serif, system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    ctx.lineWidth = 3;
    ctx.strokeStyle = "rgba(28, 25, 23, 0.75)"; // dark halo: readable on light and dark group colours
    ctx.strokeText(this.label, self._point.x, self._point.y);
    ctx.fillStyle = "#ffffff";
    ctx.fillText(this.label, self._point.x, self._point.y);
  }
}
