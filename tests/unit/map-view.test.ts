import { describe, expect, it } from "vitest";
import { bboxToLatLngBounds, mapRequestUrl, toViewBBox } from "@/lib/map/view";

describe("toViewBBox", () => {
  it("rounds to four decimals", () => {
    expect(toViewBBox({ west: 35.123456, south: 29.000049, east: 49.99995, north: 38.5 })).toEqual([35.1235, 29, 50, 38.5]);
  });

  it("clamps a zoomed-out view to the globe the API accepts", () => {
    expect(toViewBBox({ west: -250, south: -89, east: 400, north: 88 })).toEqual([-180, -85, 180, 85]);
  });
});

describe("mapRequestUrl", () => {
  it("appends the view's bbox and integer zoom to the filter query", () => {
    expect(mapRequestUrl("from=2024-01-01&claimant=kataib-hezbollah", [35, 29, 49, 38], 5.4)).toBe(
      "/api/map?from=2024-01-01&claimant=kataib-hezbollah&bbox=35%2C29%2C49%2C38&zoom=5",
    );
  });

  it("works without a filter and ignores a stray bbox in the query", () => {
    expect(mapRequestUrl("", [1, 2, 3, 4], 7)).toBe("/api/map?bbox=1%2C2%2C3%2C4&zoom=7");
    expect(mapRequestUrl("?bbox=0,0,1,1&q=a+b", [1, 2, 3, 4], 7)).toBe("/api/map?q=a+b&bbox=1%2C2%2C3%2C4&zoom=7");
  });
});

describe("bboxToLatLngBounds", () => {
  it("turns west,south,east,north into Leaflet's [[south, west], [north, east]]", () => {
    expect(bboxToLatLngBounds([35, 29, 49, 38])).toEqual([[29, 35], [38, 49]]);
  });

  it("draws a box across the antimeridian past 180°", () => {
    expect(bboxToLatLngBounds([170, -20, -170, -10])).toEqual([[-20, 170], [-10, 190]]);
  });
});
