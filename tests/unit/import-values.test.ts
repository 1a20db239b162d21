import { describe, expect, it } from "vitest";
import { INCIDENT_COLUMNS } from "@/lib/export/columns";
import { detectLayout, MAPPABLE_COLUMNS, suggestMapping } from "@/lib/import/columns";
import { choiceIndex, choicesFor, guessValue, headerKey, type ReferenceLists } from "@/lib/import/values";

// The first guesses the mapping steps show: columns from a header's names, codes from a value's spelling.

const references: ReferenceLists = {
  groups: [
    { slug: "kataib-hezbollah", name: "Kata'ib Hezbollah", aliases: ["KH", "Kataib Hezbollah"] },
    { slug: "islamic-resistance-in-iraq", name: "Islamic Resistance in Iraq", aliases: ["IRI"] },
  ],
  sites: [{ slug: "tower-22", name: "Tower 22" }],
};
const guess = (field: Parameters<typeof choicesFor>[0], value: string) =>
  guessValue(field, value, choiceIndex(choicesFor(field, references), { withGuesses: true }));

describe("column suggestions", () => {
  it("maps the Washington Institute's header, whatever its case and punctuation", () => {
    expect(suggestMapping(["Date", "Location", "Lat", "Lon", "Claimed by", "Weapon", "Killed", "Details"])).toEqual([
      ["Date", "occurred_on"], ["Location", "location_name"], ["Lat", "latitude"], ["Lon", "longitude"], ["Claimed by", "claimants"],
      ["Weapon", "attack_type"], ["Killed", "killed_min"], ["Details", "notes"],
    ]);
    expect(suggestMapping(["CLAIMED-BY", "deaths", "Injured", "Source URL", "Longitude"]).map(([, f]) => f)).toEqual(["claimants", "killed_min", "wounded_min", "source_urls", "longitude"]);
  });

  it("gives our own names before a synonym, and each field once", () => {
    expect(suggestMapping(["Killed", "killed_min", "Place", "Location"])).toEqual([["Killed", ""], ["killed_min", "killed_min"], ["Place", "location_name"], ["Location", ""]]);
  });

  it("reads our own export's header as our layout, each column by its own name", () => {
    const header = INCIDENT_COLUMNS.map((c) => c.name);
    expect(detectLayout(header)).toBe("standard");
    expect(suggestMapping(header).filter(([, f]) => f).map(([c, f]) => [c, f])).toEqual(MAPPABLE_COLUMNS.map((name) => [name, name]));
  });

  it("matches headers in any order and case", () => {
    expect(headerKey(["Date", "Weapon"])).toBe(headerKey([" weapon", "DATE"]));
    expect(headerKey(["Date", "Weapon"])).not.toBe(headerKey(["Date", "Weapons"]));
  });
});

describe("value guesses", () => {
  it.each([
    ["attack_type", "Drone", "ONE_WAY_DRONE"], ["attack_type", "one-way drone", "ONE_WAY_DRONE"], ["attack_type", "ROCKET", "ROCKET"],
    ["attack_type", "Rockets", "ROCKET"], ["attack_type", "mortars", "MORTAR"], ["country", "Syria", "SY"], ["country", "iq", "IQ"],
    ["claimants", "KH", "kataib-hezbollah"], ["claimants", "kataib hezbollah", "kataib-hezbollah"], ["claimants", "Kata’ib Hezbollah", "kataib-hezbollah"],
    ["claimants", "Unknown", ""], ["site", "tower 22", "tower-22"], ["confidence", "Unconfirmed", "UNVERIFIED"],
  ] as const)("%s %s → %s", (field, value, code) => {
    expect(guess(field, value)).toBe(code);
  });

  it.each([["attack_type", "Rocketz"], ["attack_type", "Unknown group"], ["claimants", "Nobody Brigade"], ["outcome", ""]] as const)("%s %s → no guess", (field, value) => {
    expect(guess(field, value)).toBeUndefined();
  });
});
