import { describe, expect, it } from "vitest";
import { filterChips, formatDayRange } from "@/components/filters/filter-chips";
import { claimantOptions } from "@/components/filters/filter-options";
import { daysBefore, quickRanges } from "@/components/filters/quick-ranges";
import type { GroupSummary } from "@/lib/dashboard/types";
import { readIncidentFilters, toSearchParams } from "@/lib/filters";

const group = (slug: string, name: string, parentSlug: string | null, extra: Partial<GroupSummary> = {}): GroupSummary => ({
  slug, name, nameAr: null, aliases: [], parentSlug, color: "#000", ...extra,
});

const NAMES = {
  groups: [group("kataib-hezbollah", "Kata'ib Hezbollah", "islamic-resistance-in-iraq")],
  sites: [{ slug: "tower-22", name: "Tower 22" }],
};

describe("formatDayRange", () => {
  it("shortens a range to what differs", () => {
    expect(formatDayRange("2024-01-01", "2024-06-30")).toBe("1 Jan–30 Jun 2024");
    expect(formatDayRange("2024-06-01", "2024-06-30")).toBe("1–30 Jun 2024");
    expect(formatDayRange("2023-10-17", "2024-02-04")).toBe("17 Oct 2023–4 Feb 2024");
    expect(formatDayRange("2024-02-04", "2024-02-04")).toBe("4 Feb 2024");
  });
  it("says which end is open", () => {
    expect(formatDayRange("2023-10-17", undefined)).toBe("From 17 Oct 2023");
    expect(formatDayRange(undefined, "2024-06-30")).toBe("Until 30 Jun 2024");
  });
});

describe("filterChips", () => {
  it("reads a filter from a URL as the chips an analyst sees, one per removable part", () => {
    const { filters } = readIncidentFilters(new URLSearchParams("claimant=kataib-hezbollah&from=2024-01-01&to=2024-06-30&country=IQ&outcome=impact&site=tower-22&minKilled=1&q=drone"));
    expect(filterChips(filters, NAMES).map((c) => c.label)).toEqual([
      "Kata'ib Hezbollah", "1 Jan–30 Jun 2024", "Iraq", "Tower 22", "Outcome: Impact", "At least 1 killed", "Text: “drone”",
    ]);
  });

  it("removing a chip drops exactly its part of the filter", () => {
    const { filters } = readIncidentFilters(new URLSearchParams("claimant=kataib-hezbollah,badr-organization&from=2024-01-01&country=IQ"));
    const chips = filterChips(filters, NAMES);
    const without = (key: string) => toSearchParams(chips.find((c) => c.key === key)!.without).toString();
    expect(without("claimant:kataib-hezbollah")).toBe("from=2024-01-01&claimant=badr-organization&country=IQ");
    expect(without("dates")).toBe("claimant=kataib-hezbollah%2Cbadr-organization&country=IQ");
    expect(without("country:IQ")).toBe("from=2024-01-01&claimant=kataib-hezbollah%2Cbadr-organization");
    // An unknown slug still gets a chip (its slug), so nothing applied is hidden.
    expect(chips.find((c) => c.key === "claimant:badr-organization")!.label).toBe("badr-organization");
  });

  it("has no chips without a filter", () => {
    expect(filterChips({}, NAMES)).toEqual([]);
  });
});

describe("claimantOptions", () => {
  it("puts façade groups under their parent, whatever the alphabet says", () => {
    const options = claimantOptions([
      group("islamic-state", "Islamic State", null),
      group("kataib-hezbollah", "Kata'ib Hezbollah", "islamic-resistance-in-iraq", { nameAr: "كتائب حزب الله", aliases: ["KH"] }),
      group("badr-organization", "Badr Organization", null),
      group("harakat-hezbollah-al-nujaba", "Harakat Hezbollah al-Nujaba", "islamic-resistance-in-iraq"),
      group("islamic-resistance-in-iraq", "Islamic Resistance in Iraq", null),
      group("orphan", "Orphan", "no-such-parent"),
    ]);
    expect(options.map((o) => [o.label, o.depth])).toEqual([
      ["Badr Organization", 0],
      ["Islamic Resistance in Iraq", 0],
      ["Harakat Hezbollah al-Nujaba", 1],
      ["Kata'ib Hezbollah", 1],
      ["Islamic State", 0],
      ["Orphan", 0],
    ]);
    const kh = options.find((o) => o.value === "kataib-hezbollah")!;
    expect(kh.secondary).toEqual({ text: "كتائب حزب الله", lang: "ar", dir: "rtl" });
    expect(kh.keywords).toEqual(["KH"]);
    expect(kh.context).toBe("under Islamic Resistance in Iraq");
  });
});

describe("quickRanges", () => {
  it("counts back from today, both ends included, and names the campaign's dates", () => {
    expect(daysBefore("2024-03-01", 1)).toBe("2024-02-29");
    expect(quickRanges("2024-03-06")).toEqual([
      { label: "Last 7 days", from: "2024-02-29", to: "2024-03-06" },
      { label: "Last 30 days", from: "2024-02-06", to: "2024-03-06" },
      { label: "Since 17 Oct 2023", from: "2023-10-17" },
      { label: "The 2023–24 campaign", from: "2023-10-17", to: "2024-02-04" },
    ]);
  });
});
