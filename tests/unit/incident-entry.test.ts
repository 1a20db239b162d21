// The pure parts of fast incident entry: which group a typed alias resolves to, the form started
// from another incident, and history values in the words the form uses.
import { createElement, Fragment } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { matchGroup, type PickerGroup } from "@/components/incidents/group-picker";
import { showHistoryValue } from "@/components/incidents/incident-history";
import type { IncidentSnapshot } from "@/lib/data/incident-snapshot";
import { EMPTY_INCIDENT_FORM, formValuesLikeIncident } from "@/lib/validation/incident-form-values";
import { REFERENCE_GROUPS, REFERENCE_SITES } from "@/prisma/reference-data";

const groups: PickerGroup[] = REFERENCE_GROUPS.map(({ slug, name, nameAr, aliases }) => ({ slug, name, nameAr, aliases }));
const resolved = (text: string) => {
  const match = matchGroup(text, groups);
  return match.kind === "resolved" ? match.group.slug : match.kind;
};

describe("matchGroup", () => {
  it("resolves an exact alias, name or Arabic name, ignoring case, apostrophes and spacing", () => {
    expect(resolved("KH")).toBe("kataib-hezbollah");
    expect(resolved("  kataib   hezbollah ")).toBe("kataib-hezbollah");
    expect(resolved("Kata'ib Hezbollah")).toBe("kataib-hezbollah");
    const kh = groups.find((g) => g.slug === "kataib-hezbollah")!;
    expect(resolved(kh.nameAr!)).toBe("kataib-hezbollah");
  });

  it("resolves the start of a word when only one group has it", () => {
    expect(resolved("Nujaba")).toBe("harakat-hezbollah-al-nujaba");
    expect(resolved("nujab")).toBe("harakat-hezbollah-al-nujaba");
  });

  it("prefers an exact alias over words that start with it", () => {
    // "IS" is the Islamic State's alias, and also starts "Islamic Resistance in Iraq".
    expect(resolved("IS")).toBe("islamic-state");
  });

  it("lists the candidates when several groups match, and says when none does", () => {
    const match = matchGroup("Kataib", groups);
    expect(match.kind).toBe("ambiguous");
    expect(match.kind === "ambiguous" && match.candidates.map((g) => g.slug)).toEqual(
      expect.arrayContaining(["kataib-hezbollah", "kataib-sayyid-al-shuhada", "kataib-al-imam-ali"]),
    );
    expect(resolved("Hezbollah Brigades of Mars")).toBe("unknown");
    expect(resolved("   ")).toBe("empty");
    // Typed regular-expression characters are text.
    expect(resolved("(KH")).toBe("unknown");
  });
});

const snapshot: IncidentSnapshot = {
  reference: "IQ-2024-0042", status: "PUBLISHED", version: 3, occurredOn: "2024-01-20", occurredTime: "18:30", datePrecision: "DAY",
  country: "IQ", admin1: "Anbar", locationName: "Ain al-Asad Air Base", locationNameAr: "عين الأسد", lat: 33.7856, lon: 42.4412,
  geoPrecision: "EXACT", site: "ain-al-asad", targetType: "MILITARY_BASE", attackType: "BALLISTIC_MISSILE", outcome: "IMPACT",
  killedMin: 0, killedMax: 0, woundedMin: 2, woundedMax: 4, claimStatus: "CLAIMED", attributedTo: "kataib-hezbollah", confidence: "CONFIRMED",
  confirmedBy: ["CENTCOM"], notes: "Several missiles.", retractionReason: null,
  claims: [{
    id: "0193f3a0-0000-7000-8000-000000000001", group: "islamic-resistance-in-iraq", statedOn: "2024-01-20", channel: "Telegram", url: null,
    text: "We struck Ain al-Asad.", status: "ISSUED", supersededBy: null, weaponClaimed: "BALLISTIC_MISSILE", targetClaimed: "Ain al-Asad", textAr: null,
  }],
  sources: [{ id: "0193f3a0-0000-7000-8000-000000000002", url: "https://example.org/a", publisher: "Example", title: null, kind: "MEDIA", publishedOn: "2024-01-21", language: "en" }],
};

describe("formValuesLikeIncident", () => {
  it("copies the when, what and who, with claims and sources as new rows, and leaves the where and the toll empty", () => {
    const values = formValuesLikeIncident(snapshot);
    expect(values).toMatchObject({
      occurredOn: "2024-01-20", occurredTime: "18:30", datePrecision: "DAY", country: "IQ", attackType: "BALLISTIC_MISSILE",
      claimStatus: "CLAIMED", attributedTo: "kataib-hezbollah", confidence: "CONFIRMED", confirmedBy: "CENTCOM",
    });
    expect(values).toMatchObject({
      site: "", lat: "", lon: "", admin1: "", locationName: "", locationNameAr: "", geoPrecision: EMPTY_INCIDENT_FORM.geoPrecision,
      outcome: EMPTY_INCIDENT_FORM.outcome, killedMin: "", killedMax: "", woundedMin: "", woundedMax: "", notes: "",
    });
    expect(values.claims).toEqual([expect.objectContaining({ id: "", group: "islamic-resistance-in-iraq", statedOn: "2024-01-20", text: "We struck Ain al-Asad." })]);
    expect(values.sources).toEqual([expect.objectContaining({ id: "", url: "https://example.org/a", publishedOn: "2024-01-21" })]);
  });
});

describe("showHistoryValue", () => {
  const names = {
    groups: Object.fromEntries(REFERENCE_GROUPS.map((g) => [g.slug, g.name])),
    sites: Object.fromEntries(REFERENCE_SITES.map((s) => [s.slug, s.name])),
  };
  /** The value as a reader sees it: the markup's text. */
  const text = (field: string, value: unknown) =>
    renderToStaticMarkup(createElement(Fragment, null, showHistoryValue(field, value, names))).replace(/<[^>]+>/g, "").replaceAll("&#x27;", "'");

  it("shows codes as the form's labels and slugs as names", () => {
    expect(text("attackType", "ONE_WAY_DRONE")).toBe("One-way drone");
    expect(text("status", "PUBLISHED")).toBe("Published");
    expect(text("confidence", "UNVERIFIED")).toBe("Unverified");
    expect(text("claimStatus", "ATTRIBUTED")).toBe("Attributed");
    expect(text("geoPrecision", "NEAR")).toBe("Near");
    expect(text("datePrecision", "WEEK")).toBe("Only the week is known; the date is a day within it.");
    expect(text("site", "ain-al-asad")).toBe("Ain al-Asad Air Base");
    expect(text("attributedTo", "kataib-hezbollah")).toBe("Kata'ib Hezbollah");
    expect(text("claims", snapshot.claims)).toContain("Islamic Resistance in Iraq (2024-01-20) · Issued · Weapon as claimed: Ballistic missile");
    expect(text("sources", snapshot.sources)).toBe("https://example.org/a (Media)");
  });

  it("keeps unknown values and empty ones apart", () => {
    expect(text("site", "a-site-since-renamed")).toBe("a-site-since-renamed");
    expect(text("site", null)).toBe("—");
  });
});
