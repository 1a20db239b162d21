import { describe, expect, it } from "vitest";
import { formatCount, formatDay, formatRange, plural } from "@/lib/vocabulary";

describe("formatRange", () => {
  it("keeps unknown apart from zero and shows ranges", () => {
    expect(formatRange(null, null)).toBe("unknown");
    expect(formatRange(0, 0)).toBe("0");
    expect(formatRange(2, 5)).toBe("2–5");
    expect(formatRange(null, 4)).toBe("≤ 4");
    expect(formatRange(3, null)).toBe("≥ 3");
  });
});

describe("formatDay", () => {
  it("prints the stored calendar day whatever the server's timezone", () => {
    expect(formatDay(new Date("2024-01-28T00:00:00Z"))).toBe("2024-01-28");
  });
});

describe("plural and formatCount", () => {
  it("uses the singular for one only", () => {
    expect(formatCount(1, "incident")).toBe("1 incident");
    expect(formatCount(0, "incident")).toBe("0 incidents");
    expect(formatCount(1234, "incident")).toBe("1,234 incidents");
    expect(plural(1, "matches", "match")).toBe("matches");
    expect(plural(2, "matches", "match")).toBe("match");
  });
});
