// Development-only timing of the map's hot path, from a parsed /api/map answer to painted circles
// (map-limits.md budget: ≤ ~100 ms at 2,000 features). Shows as console.debug, and as User Timing
// marks in the DevTools performance panel.

const RESPONSE_MARK = "incident-map:response";
const isMeasuring = process.env.NODE_ENV !== "production";

export function markResponseReceived(): void {
  if (isMeasuring) performance.mark(RESPONSE_MARK);
}

/** Call right after the circles were replaced; logs that time and the time until the next paint. */
export function logDrawTime(featureCount: number): void {
  if (!isMeasuring || performance.getEntriesByName(RESPONSE_MARK).length === 0) return;
  const replaced = performance.measure("incident-map:layers replaced", RESPONSE_MARK);
  // The canvas redraws in the next animation frame; the task after it runs once that frame is painted.
  requestAnimationFrame(() =>
    setTimeout(() => {
      const painted = performance.measure("incident-map:painted", RESPONSE_MARK);
      console.debug(
        `[incident-map] ${featureCount} features: response → layers replaced ${replaced.duration.toFixed(1)} ms, → painted ${painted.duration.toFixed(1)} ms`,
      );
      performance.clearMarks(RESPONSE_MARK);
      performance.clearMeasures("incident-map:layers replaced");
      performance.clearMeasures("incident-map:painted");
    }),
  );
}
