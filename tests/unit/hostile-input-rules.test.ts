import { describe, expect, it } from "vitest";
import { AccessChangeSchema } from "@/lib/accounts/access-change";
import { checkNewUser, UserInputError } from "@/lib/accounts/users";
import { safeReturnPath } from "@/lib/auth/return-path";
import { encodeCursor, readIncidentPage } from "@/lib/data/incident-list";
import { ACLED_COLUMNS } from "@/lib/export/acled";
import { readIncidentFilters } from "@/lib/filters";
import { planColumns } from "@/lib/import/columns";
import { rowChecker } from "@/lib/import/rows";
import { CreateIncidentSchema, incidentChecker } from "@/lib/validation/incident";

// The pure rules behind the outside attack test's findings: each hostile value gets a specific
// answer (a safe default, a named problem, a field message), never an exception.

describe("the return path after sign-in", () => {
  it.each([
    ["a tab before a second slash", "/\t/evil.example"],
    ["a tab before a backslash", "/\t\\evil.example"],
    ["a line feed", "/\n/evil.example"],
    ["a carriage return", "/\r/evil.example"],
    ["a NUL", "/\0/evil.example"],
    ["a line feed in the query", "/incidents?x=\nSet-Cookie: a=b"],
    ["a DEL", "/\u007f/evil.example"],
    ["a protocol-relative address", "//evil.example"],
    ["a dot segment before a second slash", "/.//evil.example"],
    ["an encoded dot-dot segment before a second slash", "/a/%2e%2e//evil.example"],
    ["a backslash", "/\\evil.example"],
    ["a backslash later on", "/incidents/\\..\\\\evil.example"],
    ["a full address", "https://evil.example/"],
    ["a scheme", "javascript:alert(1)"],
    ["a relative path", "incidents"],
    ["nothing", ""],
  ])("sends %s home", (_what, value) => {
    expect(safeReturnPath(value)).toBe("/");
  });

  it("keeps a path on this site, with its query and fragment", () => {
    expect(safeReturnPath("/incidents?country=IQ&q=a%5Cb#top")).toBe("/incidents?country=IQ&q=a%5Cb#top");
    expect(safeReturnPath("/incidents/new")).toBe("/incidents/new");
    expect(safeReturnPath(null)).toBe("/");
  });
});

describe("filter dates before PostgreSQL's calendar", () => {
  it.each(["from", "to"])("names %s=0000-01-01 as a problem instead of passing it to SQL", (key) => {
    const { filters, problems } = readIncidentFilters(new URLSearchParams({ [key]: "0000-01-01" }));
    expect(filters).toEqual({});
    expect(problems).toEqual([{ parameter: key, value: "0000-01-01", message: `${key} is before 1900-01-01, the earliest date accepted` }]);
  });

  it("still accepts 1900-01-01 and refuses 1899-12-31", () => {
    expect(readIncidentFilters(new URLSearchParams({ from: "1900-01-01" })).filters).toEqual({ from: "1900-01-01" });
    expect(readIncidentFilters(new URLSearchParams({ from: "1899-12-31" })).problems[0]?.parameter).toBe("from");
  });
});

describe("the incident list's sort and cursor, as pages read them", () => {
  const id = "0190a0a0-0000-7000-8000-000000000000";

  it.each(["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"])("drops sort=%s and says so", (sort) => {
    const page = readIncidentPage({ sort });
    expect(page.sort).toBe("date_desc");
    expect(page.problems).toEqual([{ parameter: "sort", value: sort, message: expect.stringMatching(/^sort must be one of date_desc, /) }]);
  });

  it.each([
    ["a text for a date sort", "date_desc", ["zzz", id]],
    ["a number for a date sort", "date_asc", [5, id]],
    ["year 0 for a date sort", "date_desc", ["0000-01-01", id]],
    ["a date for the casualty sort", "killed_desc", ["2024-01-05", id]],
    ["a count beyond int for the casualty sort", "killed_desc", ["99999999999", id]],
    ["a fraction for the casualty sort", "killed_desc", [1.5, id]],
    ["a NUL for the reference sort", "reference_asc", ["IQ-2024-\u00000001", id]],
  ] as const)("drops a cursor holding %s and says so", (_what, sort, [value, cursorId]) => {
    const page = readIncidentPage({ sort, cursor: encodeCursor({ value, id: cursorId }) });
    expect(page.sort).toBe(sort);
    expect(page.cursor).toBeNull();
    expect(page.problems.map((p) => p.parameter)).toEqual(["cursor"]);
  });

  it("keeps a cursor that fits its sort", () => {
    for (const [sort, value] of [["date_desc", "2024-01-05"], ["killed_desc", "-1"], ["killed_desc", "12"], ["reference_asc", "IQ-2024-0001"]] as const) {
      const page = readIncidentPage({ sort, cursor: encodeCursor({ value, id }) });
      expect(page).toEqual({ sort, cursor: { value, id }, problems: [] });
    }
  });
});

describe("the incident form's dates and country", () => {
  const base = {
    occurredOn: "2024-01-05", occurredTime: "", datePrecision: "DAY", country: "IQ", admin1: "", locationName: "Test base",
    locationNameAr: "", lat: "33.1", lon: "42.1", geoPrecision: "EXACT", site: "", targetType: "MILITARY_BASE", attackType: "ROCKET",
    outcome: "IMPACT", killedMin: "", killedMax: "", woundedMin: "", woundedMax: "", claimStatus: "UNCLAIMED", attributedTo: "",
    confidence: "LIKELY", notes: "",
  };
  const messagesFor = (field: string, fields: Record<string, unknown>) => {
    const parsed = CreateIncidentSchema.safeParse({ ...base, ...fields });
    return parsed.success ? [] : parsed.error.issues.filter((i) => i.path[0] === field).map((i) => i.message);
  };

  it.each(["2024-13-01", "2024-00-10", "2024-12-32", "2024-02-30"])("answers occurredOn=%s with the field's message", (day) => {
    expect(messagesFor("occurredOn", { occurredOn: day })).toEqual(["Enter a real date as YYYY-MM-DD."]);
    // The import's checker shares the rule: the same message, no exception.
    const checked = incidentChecker()({ ...base, occurredOn: day, claims: [], sources: [] });
    expect(checked.success).toBe(false);
  });

  it("answers an impossible claim or source date with that row's message", () => {
    const claims = [{ id: "", group: "kataib-hezbollah", statedOn: "2024-13-01", channel: "", url: "", text: "" }];
    const sources = [{ id: "", url: "https://example.org/a", publisher: "", title: "", kind: "OTHER", publishedOn: "2024-12-32", language: "" }];
    const parsed = CreateIncidentSchema.safeParse({ ...base, claimStatus: "CLAIMED", claims, sources });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["claims.0.statedOn", "Enter a real date as YYYY-MM-DD."],
      ["sources.0.publishedOn", "Enter a real date as YYYY-MM-DD."],
    ]);
  });

  it.each(["constructor", "__proto__", "toString", "hasOwnProperty"])("refuses country=%s", (country) => {
    expect(messagesFor("country", { country })).toEqual([expect.stringMatching(/^Choose a country/)]);
  });
});

describe("an ACLED file with inherited names in its code columns", () => {
  const header = ACLED_COLUMNS.map((c) => c.name);
  const row = (fields: Record<string, string>) => {
    const values: Record<string, string> = {
      event_id_cnty: "IRQ1", event_date: "2024-01-05", time_precision: "1", sub_event_type: "Air/drone strike", actor1: "Unidentified",
      country: "Iraq", iso: "368", location: "Test base", latitude: "33.1", longitude: "42.1", geo_precision: "1", ...fields,
    };
    return header.map((name) => values[name] ?? "");
  };
  const check = rowChecker(planColumns(header, { layout: "acled", mapping: null }), {
    siteSlugs: new Set(), groupSlugs: new Set(), sitesByName: new Map(), groupsByName: new Map(),
  });

  it.each(["time_precision", "geo_precision"])("reports %s=constructor as a problem of that row", (column) => {
    const checked = check(row({ [column]: "constructor" }));
    expect(checked.ok).toBe(false);
  });

  it.each(["2024-13-01", "32 January 2024"])("reports event_date=%s as a problem of that row", (date) => {
    const checked = check(row({ event_date: date }));
    expect(checked).toMatchObject({ ok: false, problems: [{ column: "event_date", message: "Enter a real date as YYYY-MM-DD." }] });
  });
});

describe("account text with a NUL byte", () => {
  it("refuses an admin reason holding NUL or other control characters with the reason's message", () => {
    for (const reason of ["left\u0000the desk", "bell \u0007"]) {
      const parsed = AccessChangeSchema.safeParse({ userId: "u1", intent: "deactivate", reason });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["reason", "The reason must be plain text: remove control characters."]]);
    }
    // A line break is plain text in a reason.
    expect(AccessChangeSchema.safeParse({ userId: "u1", intent: "deactivate", reason: "line one\nline two" }).success).toBe(true);
  });

  it("refuses a display name holding NUL, a line break or a direction override", () => {
    const user = { email: "a@test.invalid", password: "correct horse battery", role: "viewer" };
    for (const name of ["Ada\u0000", "Ada\nLovelace", "Ada\u202Eecalevol"]) {
      expect(() => checkNewUser({ ...user, name })).toThrow(UserInputError);
      expect(() => checkNewUser({ ...user, name })).toThrow("The name must be plain text on one line (no control or direction-override characters).");
    }
    expect(checkNewUser({ ...user, name: "  Ada Lovelace " }).name).toBe("Ada Lovelace");
  });
});
