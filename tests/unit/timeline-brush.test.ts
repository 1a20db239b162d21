import { describe, expect, it } from "vitest";
import { brushRange } from "@/components/timeline/timeline-brush";
import { sumTotals, toTimelineRows } from "@/components/timeline/timeline-rows";

const weeks = [{ start: "2024-01-22" }, { start: "2024-01-29" }, { start: "2024-02-05" }];

describe("brushRange", () => {
  it("runs from the first day of the first bucket to the last day of the last", () => {
    expect(brushRange(weeks, "week", 0, 1)).toEqual({ from: "2024-01-22", to: "2024-02-04" });
    expect(brushRange([{ start: "2024-01-01" }, { start: "2024-02-01" }], "month", 0, 1)).toEqual({
      from: "2024-01-01",
      to: "2024-02-29",
    });
    expect(brushRange([{ start: "2024-01-12" }, { start: "2024-01-13" }], "day", 0, 1)).toEqual({
      from: "2024-01-12",
      to: "2024-01-13",
    });
  });

  it("gives the same range whichever way the user dragged", () => {
    expect(brushRange(weeks, "week", 2, 0)).toEqual(brushRange(weeks, "week", 0, 2));
  });

  it("selects nothing for a click without movement or an index outside the data", () => {
    expect(brushRange(weeks, "week", 1, 1)).toBeNull();
    expect(brushRange(weeks, "week", 0, 3)).toBeNull();
    expect(brushRange([], "day", 0, 1)).toBeNull();
  });
});

describe("toTimelineRows", () => {
  it("gives every series a count in every row, zero when the bucket has none", () => {
    const rows = toTimelineRows({
      interval: "week",
      groupBy: "claimant",
      series: [
        { key: "total", label: "A group slugged like a field", color: "#000" },
        { key: "none", label: "Unclaimed", color: "#999" },
      ],
      buckets: [
        { start: "2024-01-22", total: 3, counts: { none: 3 }, killedMin: 0, killedMax: 1, woundedMin: 2, woundedMax: 4 },
      ],
    });
    expect(rows).toEqual([{ start: "2024-01-22", killedMax: 1, woundedMax: 4, s0: 0, s1: 3 }]);
  });

  it("sums bucket totals", () => {
    expect(sumTotals([{ total: 3 }, { total: 4 }])).toBe(7);
    expect(sumTotals([])).toBe(0);
  });
});
