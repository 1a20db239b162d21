import { describe, expect, it } from "vitest";
import { formatMergeChoices, splitMergeFields } from "@/lib/actions/incident-form-state";
import { CreateIncidentSchema, EMPTY_DATE_MESSAGE, fieldErrorsOf, incidentChecker } from "@/lib/validation/incident";

// Every rule answers in the first round: the cross-field rules run on whatever fields parsed, so an
// editor does not fix the date only to be told about the casualty range on the next save.

const form = {
  occurredOn: "2024-01-05", occurredTime: "", datePrecision: "DAY", country: "IQ", admin1: "", locationName: "Test base",
  locationNameAr: "", lat: "33.1", lon: "42.1", geoPrecision: "EXACT", site: "", targetType: "MILITARY_BASE", attackType: "ROCKET",
  outcome: "IMPACT", killedMin: "", killedMax: "", woundedMin: "", woundedMax: "", claimStatus: "UNCLAIMED", attributedTo: "",
  confidence: "LIKELY", notes: "",
};

const errorsOf = (input: Record<string, unknown>) => {
  const parsed = CreateIncidentSchema.safeParse(input);
  return parsed.success ? {} : fieldErrorsOf(parsed.error);
};

describe("one round of errors", () => {
  it("reports killed at least 3 / at most 1 beside an empty date and other bad fields", () => {
    const errors = errorsOf({ ...form, occurredOn: "", lat: "north", killedMin: "3", killedMax: "1", claimStatus: "CLAIMED" });
    expect(errors).toEqual({
      occurredOn: [EMPTY_DATE_MESSAGE],
      lat: ["Enter a latitude from -90 to 90 in decimal degrees (e.g. 33.7856)."],
      killedMax: ["The highest figure is below the lowest."],
      claimStatus: ["A claimed incident needs at least one claim statement; add it below."],
    });
  });

  it("says the empty date in the widget's terms, and a malformed one in the file's", () => {
    expect(errorsOf({ ...form, occurredOn: "" }).occurredOn).toEqual(["Enter the date (day, month and year)."]);
    expect(errorsOf({ ...form, occurredOn: "2024-02-30" }).occurredOn).toEqual(["Enter a real date as YYYY-MM-DD."]);
    const claims = [{ id: "", group: "kataib-hezbollah", statedOn: "", channel: "", url: "", text: "" }];
    expect(errorsOf({ ...form, claimStatus: "CLAIMED", claims })["claims.0.statedOn"]).toEqual([EMPTY_DATE_MESSAGE]);
  });

  it("skips a rule whose own fields failed (no guess from a half-typed figure), and counts rows with errors as rows", () => {
    const errors = errorsOf({ ...form, killedMin: "3.5", killedMax: "1" });
    expect(errors).toEqual({ killedMin: ["Enter a whole number (0 or more), or leave empty if unknown."] });
    const claims = [{ id: "", group: "Bad Slug", statedOn: "2024-01-05", channel: "", url: "", text: "" }];
    expect(Object.keys(errorsOf({ ...form, claimStatus: "CLAIMED", claims }))).toEqual(["claims.0.group"]);
    expect(errorsOf({ ...form, claimStatus: "UNCLAIMED", claims, occurredOn: "" }).claimStatus).toEqual(["The incident has claim statements, so it is not unclaimed."]);
  });

  it("gives the import's checker the same issues", () => {
    const input = { ...form, occurredOn: "", killedMin: "3", killedMax: "1", claimStatus: "ATTRIBUTED", claims: [], sources: [] };
    const schema = CreateIncidentSchema.safeParse(input);
    const checked = incidentChecker()(input);
    expect(checked.success).toBe(false);
    expect(!checked.success && checked.error.issues.map(({ path, message }) => ({ path, message })))
      .toEqual(schema.error!.issues.map(({ path, message }) => ({ path, message })));
    expect(schema.error!.issues.map((i) => i.path.join("."))).toEqual(["occurredOn", "killedMax", "attributedTo"]);
  });
});

describe("the merge fields of an edit", () => {
  it("are taken out of the incident's fields and read as a version and per-field choices", () => {
    const choices = formatMergeChoices({ killedMax: "mine", confidence: "theirs", outcome: "base" });
    expect(choices).toBe("killedMax:mine,confidence:theirs,outcome:base");
    expect(splitMergeFields({ notes: "x", mergeVersion: "3", mergeChoices: choices })).toEqual({
      fields: { notes: "x" }, merge: { version: 3, choices: { killedMax: "mine", confidence: "theirs", outcome: "base" } },
    });
    expect(splitMergeFields({ notes: "x" })).toEqual({ fields: { notes: "x" }, merge: null });
  });

  it("refuse anything malformed", () => {
    for (const bad of [{ mergeVersion: "0", mergeChoices: "" }, { mergeVersion: "3" }, { mergeVersion: "3", mergeChoices: "killedMax:everything" },
      { mergeVersion: "3", mergeChoices: "__proto__:mine" }]) {
      expect(splitMergeFields(bad).merge).toHaveProperty("error");
    }
  });
});
