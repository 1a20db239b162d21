// Canvas circles that write inside themselves: a cluster its count (and a ring showing how much of
// it its colour stands for), an incident its weapon letter. Drawing on the same canvas keeps a view
// of ~2,000 features at one DOM element; a permanent tooltip per feature would add one positioned
// element each and slow every zoom.

import L from "leaflet";
import { formatClusterCount } from "@/lib/map/style";

/** The Leaflet 1.x internals used here (stable across 1.x, absent from @types/leaflet). */
type CanvasCircleInternals = {
  _point: L.Point;
  _radius: number;
  _renderer: { _ctx: CanvasRenderingContext2D; _drawing: boolean };
  _updatePath(): void;
};

const drawCircle = (L.CircleMarker.prototype as unknown as CanvasCircleInternals)._updatePath;
/** The ring's remainder: the part of the cluster that is something else. */
const OTHERS_COLOR = "#d6d3d1";

function drawLabel(ctx: CanvasRenderingContext2D, text: string, at: L.Point, font: string) {
  ctx.globalAlpha = 1;
  ctx.setLineDash([]);
  ctx.font = font;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.lineJoin = "round";
  ctx.lineWidth = 3;
  ctx.strokeStyle = "rgba(28, 25, 23, 0.75)"; // dark halo: readable on light and dark group colours
  ctx.strokeText(text, at.x, at.y);
  ctx.fillStyle = "#ffffff";
  ctx.fillText(text, at.x, at.y);
}

/** Draws the circle; returns the context only during a canvas redraw (Leaflet also calls this to schedule one). */
function drawBase(self: CanvasCircleInternals): CanvasRenderingContext2D | null {
  drawCircle.call(self);
  return self._renderer._drawing ? self._renderer._ctx : null;
}

export class ClusterCircle extends L.CircleMarker {
  private readonly label: string;
  private readonly share: number;

  /** `share`: the part of the cluster (0–1) that has its colour; drawn as that much of a ring, the rest light grey. */
  constructor(latLng: L.LatLngExpression, count: number, share: number, options: L.CircleMarkerOptions) {
    super(latLng, options);
    this.label = formatClusterCount(count);
    this.share = share;
  }

  _updatePath(): void {
    const self = this as unknown as CanvasCircleInternals;
    const ctx = drawBase(self);
    if (!ctx) return;
    const { x, y } = self._point;
    const r = self._radius + 2.5;
    const start = -Math.PI / 2;
    const end = start + 2 * Math.PI * Math.min(1, Math.max(0, this.share));
    ctx.globalAlpha = 1;
    ctx.setLineDash([]);
    ctx.lineWidth = 3;
    ctx.beginPath();
    ctx.arc(x, y, r, end, start + 2 * Math.PI);
    ctx.strokeStyle = OTHERS_COLOR;
    ctx.stroke();
    if (end > start) {
      ctx.beginPath();
      ctx.arc(x, y, r, start, end);
      ctx.strokeStyle = this.options.fillColor ?? "#57534e";
      ctx.stroke();
    }
    drawLabel(ctx, this.label, self._point, "600 11px ui-sans-serif, system-ui, sans-serif");
  }
}

export class IncidentCircle extends L.CircleMarker {
  private readonly letter: string;

  /** `letter`: the weapon (lib/map/style.ts ATTACK_TYPE_LETTERS). */
  constructor(latLng: L.LatLngExpression, letter: string, options: L.CircleMarkerOptions) {
    super(latLng, options);
    this.letter = letter;
  }

  _updatePath(): void {
    const self = this as unknown as CanvasCircleInternals;
    const ctx = drawBase(self);
    if (!ctx) return;
    drawLabel(ctx, this.letter, self._point, "700 9px ui-sans-serif, system-ui, sans-serif");
  }
}
