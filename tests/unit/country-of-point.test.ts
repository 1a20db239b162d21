import { describe, expect, it } from "vitest";
import { BORDER_TOLERANCE_KM, countryCodeOfName, countryMismatch, countryNameAt, distanceKm } from "@/lib/map/country-of-point";
import { REFERENCE_SITES } from "@/prisma/reference-data";

describe("countryMismatch", () => {
  it("finds every known site inside its own country (the border tolerance covers Tower 22, about 1 km from Syria)", () => {
    for (const site of REFERENCE_SITES) expect(countryMismatch(site.lat, site.lon, site.country), site.slug).toBeNull();
  });

  it("names the country the point is in and the one the form says", () => {
    // Anbar, western Iraq, entered as Jordan.
    expect(countryMismatch(33.5, 41.0, "JO")).toEqual({ message: "This point is in Iraq; the country says Jordan.", pointCountry: "Iraq" });
    // Kuwait City, entered as Iraq.
    expect(countryMismatch(29.37, 47.98, "IQ")?.message).toBe("This point is in Kuwait; the country says Iraq.");
    // Off the Syrian coast.
    expect(countryMismatch(35.0, 35.2, "SY")?.message).toBe("This point is not in any country (at sea); the country says Syria.");
  });

  it("lets a point just across a border pass and flags one well beyond it", () => {
    const tower22 = REFERENCE_SITES.find((s) => s.slug === "tower-22")!;
    // Tower 22 is in Jordan's north-eastern corner; 5 km north is Syria, 60 km north deep inside it.
    expect(countryNameAt(tower22.lat + 0.045, tower22.lon)).toBe("Syria");
    expect(countryMismatch(tower22.lat + 0.045, tower22.lon, "JO")).toBeNull();
    expect(countryMismatch(tower22.lat + 0.55, tower22.lon, "JO")?.message).toBe("This point is in Syria; the country says Jordan.");
    expect(BORDER_TOLERANCE_KM).toBeLessThan(25);
  });

  it("says nothing for a country it has no outline for or a point that is not one", () => {
    expect(countryMismatch(33.5, 41, "XX")).toBeNull();
    expect(countryMismatch(Number.NaN, 41, "IQ")).toBeNull();
  });
});

describe("distanceKm and countryCodeOfName", () => {
  it("measures great-circle distances", () => {
    // Baghdad airport to Ain al-Asad: about 180 km.
    expect(distanceKm({ lat: 33.2625, lon: 44.2346 }, { lat: 33.7856, lon: 42.4412 })).toBeGreaterThan(170);
    expect(distanceKm({ lat: 33.2625, lon: 44.2346 }, { lat: 33.7856, lon: 42.4412 })).toBeLessThan(190);
    expect(distanceKm({ lat: 33, lon: 44 }, { lat: 33, lon: 44 })).toBe(0);
  });

  it("maps the atlas's names to our codes, and only ours", () => {
    expect(countryCodeOfName("Iraq")).toBe("IQ");
    expect(countryCodeOfName("Kuwait")).toBeNull();
    expect(countryCodeOfName(null)).toBeNull();
  });
});
