// Which target site a click on empty map was meant for. Sites lie under the incident canvas (so a
// point or a cluster on top of a site always takes the click); a click that hits no circle falls
// through to the map, and this picks the site drawn there. Plain numbers: unit-tested.

export type ScreenPoint = { x: number; y: number };

/** Pixels around a site's diamond that still count as a click on it (finger-sized). */
export const SITE_HIT_TOLERANCE_PX = 12;

/** The item whose projected point is nearest to `at`, if within `tolerance` pixels; else null. */
export function nearestWithin<T>(items: readonly T[], project: (item: T) => ScreenPoint, at: ScreenPoint, tolerance = SITE_HIT_TOLERANCE_PX): T | null {
  let best: T | null = null;
  let bestDistance = tolerance;
  for (const item of items) {
    const p = project(item);
    const distance = Math.hypot(p.x - at.x, p.y - at.y);
    if (distance <= bestDistance) {
      best = item;
      bestDistance = distance;
    }
  }
  return best;
}
