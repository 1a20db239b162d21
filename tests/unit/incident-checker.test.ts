import { describe, expect, it } from "vitest";
import { CreateIncidentSchema, incidentChecker, MAX_SOURCES } from "@/lib/validation/incident";

// The import's many-row checker must give exactly the schema's verdict, messages and output:
// every input below goes through both, twice through the checker (the second time from memory).

const claim = (group: string, statedOn = "2024-01-05") => ({ id: "", group, statedOn, channel: "", url: "", text: "" });
const source = (url: string) => ({ id: "", url, publisher: "", title: "", kind: "OTHER", publishedOn: "", language: "" });

const BASE: Record<string, unknown> = {
  occurredOn: "2024-01-05", occurredTime: "21:30", datePrecision: "DAY", country: "IQ", admin1: "Anbar",
  locationName: "Ain al-Asad Air Base", locationNameAr: "قاعدة عين الأسد", lat: "33.7856", lon: "42.4412", geoPrecision: "EXACT",
  site: "ain-al-asad", targetType: "MILITARY_BASE", attackType: "ROCKET", outcome: "IMPACT", killedMin: "", killedMax: "",
  woundedMin: "2", woundedMax: "4", claimStatus: "CLAIMED", attributedTo: "", confidence: "CONFIRMED",
  notes: "Two rockets; one hit the runway.\nNo damage reported.", claims: [claim("kataib-hezbollah")],
  sources: [source("https://example.org/report/1")],
};

/** One change each: a bad value, an edge of a rule, or a valid variant. */
const VARIANTS: Array<Record<string, unknown>> = [
  {},
  { killedMin: "-1" }, { killedMin: "3.5" }, { killedMax: "1e3" }, { woundedMin: "０" }, { woundedMin: "10001" }, { killedMin: "3" },
  { killedMin: "5", killedMax: "2" }, { woundedMin: "", woundedMax: "" }, { woundedMin: "7", woundedMax: "" },
  { lat: "90.0001" }, { lon: "-180.5" }, { lat: "abc" }, { lat: " 33.5 " },
  { occurredOn: "2026-02-30" }, { occurredOn: "2999-01-01" }, { occurredOn: "1999-12-31" }, { occurredOn: "2024-1-5" },
  { occurredTime: "24:00" }, { occurredTime: "" },
  { datePrecision: "YEAR" }, { country: "FR" }, { geoPrecision: "" }, { attackType: "rocket" }, { outcome: "UNKNOWN" },
  { notes: "<script>alert(1)</script>" }, { notes: "bell \u0007" }, { notes: "flip \u202E" }, { notes: "lone \uD800 x" },
  { notes: "x".repeat(5001) }, { notes: "emoji 🚀 fine" }, { notes: "a < b but no tag" }, { notes: "  padded  " },
  { locationName: "" }, { locationName: "two\nlines" }, { locationName: "y".repeat(201) }, { admin1: "Anbar\tProvince" },
  { site: "Not A Slug" }, { site: "" }, { attributedTo: "kataib-hezbollah" },
  { claimStatus: "UNCLAIMED" }, { claimStatus: "UNCLAIMED", claims: [] }, { claimStatus: "CLAIMED", claims: [] },
  { claimStatus: "ATTRIBUTED", claims: [] }, { claimStatus: "ATTRIBUTED", claims: [], attributedTo: "kataib-hezbollah" },
  { claims: [claim("kataib-hezbollah"), claim("Bad Slug"), claim("nujaba", "2024-02-30")] },
  { claims: [{ ...claim("kataib-hezbollah"), extra: "field" }] }, { claims: ["not a row"] }, { claims: "not a list" },
  { sources: [source("javascript:alert(1)"), source("http://169.254.169.254/"), source("https://user:pw@example.org/")] },
  { sources: [source("not a url"), source("https://example.org/a"), source(`https://example.org/${"p".repeat(2000)}`)] },
  { sources: Array.from({ length: MAX_SOURCES + 1 }, (_, k) => source(`https://example.org/${k}`)) },
  { sources: [{ ...source("https://example.org/x"), kind: "RUMOUR", language: "english" }] },
  { sources: undefined, claims: undefined, claimStatus: "UNCLAIMED" },
  { killedMin: 3 }, { lat: null }, { notes: undefined },
  { role: "admin" }, JSON.parse(`{"__proto__": "x"}`) as Record<string, unknown>,
];

/** Every variant alone, and every pair, so that problems in several fields meet. */
function inputs(): Array<Record<string, unknown>> {
  const list = VARIANTS.map((v) => ({ ...BASE, ...v }));
  for (let a = 1; a < VARIANTS.length; a++) {
    for (let b = a + 1; b < VARIANTS.length; b += 7) list.push({ ...BASE, ...VARIANTS[a], ...VARIANTS[b] });
  }
  return list;
}

const verdictOfSchema = (input: Record<string, unknown>) => {
  const parsed = CreateIncidentSchema.safeParse(input);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, issues: parsed.error.issues.map(({ path, message }) => ({ path, message })) };
};

describe("incidentChecker", () => {
  const all = inputs();

  it.each([["remembering values", 10_000], ["remembering one value a field", 1]])("agrees with CreateIncidentSchema, %s", (_, memoLimit) => {
    const check = incidentChecker(memoLimit as number);
    let invalid = 0;
    for (const round of [1, 2]) {
      for (const input of all) {
        const expected = verdictOfSchema(input);
        const result = check(input);
        const actual = result.success ? { ok: true, data: result.data } : { ok: false, issues: result.error.issues.map(({ path, message }) => ({ path, message })) };
        expect(actual, `round ${round}: ${JSON.stringify(input).slice(0, 300)}`).toEqual(expected);
        if (!expected.ok && round === 1) invalid++;
      }
    }
    // The inputs really exercise both sides of the rules.
    expect(invalid).toBeGreaterThan(all.length / 2);
    expect(all.length - invalid).toBeGreaterThan(10);
  });
});
