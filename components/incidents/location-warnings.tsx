"use client";

// The incident form's checks on the point, shown as the editor clicks or types: a point outside
// the country the form names, or far from the site it names. They warn and do not block; the
// server checks the country again and asks for the confirmation box below (as for duplicates).

import { useEffect, useState } from "react";
import { fieldId } from "@/components/ui/field";
import { GEO_PRECISION_EXPLAINED } from "@/lib/vocabulary";

type PointChecker = typeof import("@/lib/map/country-of-point");

/**
 * The point checks' module, loaded once the form is on screen: it carries the country outlines
 * (108 KB of TopoJSON), which the picker map's lazy chunk loads too and so shares.
 */
export function usePointChecker(): PointChecker | null {
  const [checker, setChecker] = useState<PointChecker | null>(null);
  useEffect(() => {
    let live = true;
    void import("@/lib/map/country-of-point").then((module) => live && setChecker(module));
    return () => {
      live = false;
    };
  }, []);
  return checker;
}

/**
 * How far from its chosen site a point may lie before the form asks. An exact point is the
 * facility itself, and the largest bases here are about 5 km across; any other precision is at
 * best "near", which means within about 25 km.
 */
export function siteDistanceLimitKm(geoPrecision: string): number {
  return geoPrecision === "EXACT" ? 5 : 25;
}

/** A warning on the point; `suggestedCountry` is ours ("IQ") when the point lies in one of our countries. */
export type PointWarning = { field: "country" | "site"; message: string; suggestedCountry?: string | null };
/** A warning as shown, with the one-click fix the form offers for it. */
export type LocationWarning = PointWarning & { fix?: { label: string; apply: () => void } };

type Point = { lat: number; lon: number };
type Site = Point & { name: string };

/** The warnings for a point, the country and the site the form holds (none until the checker has loaded). */
export function locationWarnings(
  checker: PointChecker | null, point: Point | null, country: string, site: Site | null, geoPrecision: string,
): PointWarning[] {
  if (!checker || !point) return [];
  const warnings: PointWarning[] = [];
  const mismatch = checker.countryMismatch(point.lat, point.lon, country);
  if (mismatch) warnings.push({ field: "country", message: mismatch.message, suggestedCountry: checker.countryCodeOfName(mismatch.pointCountry) });
  if (site) {
    const km = checker.distanceKm(point, site);
    const limit = siteDistanceLimitKm(geoPrecision);
    if (km > limit) {
      const precision = GEO_PRECISION_EXPLAINED[geoPrecision as keyof typeof GEO_PRECISION_EXPLAINED]?.split(":")[0] ?? geoPrecision;
      warnings.push({
        field: "site",
        message: `This point is ${Math.round(km)} km from ${site.name}, the chosen site; with the precision “${precision}” it should be within ${limit} km.`,
      });
    }
  }
  return warnings;
}

/**
 * The warnings in the error summary's style, in amber. The region is always present (and polite),
 * so a screen reader hears a warning appear when a click or a typed coordinate causes it.
 */
export function LocationWarnings({ warnings }: { warnings: LocationWarning[] }) {
  const hasCountryWarning = warnings.some((w) => w.field === "country");
  return (
    <div aria-live="polite" data-testid="location-warnings">
      {warnings.length > 0 && (
        <div className="rounded border-2 border-amber-600 bg-amber-50 p-3 text-amber-950" role="group" aria-labelledby="location-warnings-title">
          <h3 id="location-warnings-title" className="font-semibold">Check the location before saving</h3>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
            {warnings.map((warning) => (
              <li key={warning.field} data-testid={`location-warning-${warning.field}`}>
                <a href={`#${fieldId(warning.field)}`} className="underline">{warning.message}</a>
                {warning.fix && (
                  <button type="button" onClick={warning.fix.apply} className="ml-2 rounded border border-amber-700 bg-white px-2 py-1 text-sm">
                    {warning.fix.label}
                  </button>
                )}
              </li>
            ))}
          </ul>
          {hasCountryWarning && (
            <label className="mt-2 flex items-center gap-2 text-sm font-semibold">
              <input type="checkbox" name="confirmCountry" value="on" data-testid="confirm-country" />
              The point and the country are both right: save anyway.
            </label>
          )}
        </div>
      )}
    </div>
  );
}
