import { describe, expect, it } from "vitest";
import type { IncidentSnapshot } from "@/lib/data/incident-snapshot";
import { formFields } from "@/lib/validation/form-fields";
import { UpdateIncidentSchema } from "@/lib/validation/incident";
import { formValuesFromSnapshot, type IncidentFormValues } from "@/lib/validation/incident-form-values";
import { claimDelayDays, creditedNobodyReason, formatClaimDelay, formatStatedAt, targetDiffers } from "@/lib/vocabulary";

describe("formatStatedAt", () => {
  it("shows a statement entered as a day without a time, and a timed one in UTC", () => {
    expect(formatStatedAt(new Date("2024-01-28T00:00:00Z"))).toBe("2024-01-28");
    expect(formatStatedAt(new Date("2024-01-28T14:05:00Z"))).toBe("2024-01-28 14:05 UTC");
  });
});

describe("claim delay", () => {
  it("counts calendar days from the attack to the statement", () => {
    expect(claimDelayDays("2024-01-28", new Date("2024-01-28T23:59:00Z"))).toBe(0);
    expect(claimDelayDays("2024-01-28", new Date("2024-01-29T00:00:00Z"))).toBe(1);
    expect(claimDelayDays("2024-02-28", new Date("2024-03-01T10:00:00Z"))).toBe(2); // 2024 is a leap year
    expect(claimDelayDays("2024-01-28", new Date("2024-01-26T00:00:00Z"))).toBe(-2);
  });

  it("says it in words, and hedges when the attack's date is approximate", () => {
    expect(formatClaimDelay(0)).toBe("claimed the same day");
    expect(formatClaimDelay(1)).toBe("claimed 1 day after the attack");
    expect(formatClaimDelay(3)).toBe("claimed 3 days after the attack");
    expect(formatClaimDelay(-1)).toBe("dated 1 day before the attack");
    expect(formatClaimDelay(3, { approximate: true })).toBe("claimed about 3 days after the attack (the attack's date is approximate)");
  });
});

describe("creditedNobodyReason", () => {
  it("explains why no group is credited", () => {
    expect(creditedNobodyReason([])).toBe("no claim statement is recorded");
    expect(creditedNobodyReason(["SUPERSEDED"])).toBe("the only claim was superseded");
    expect(creditedNobodyReason(["DENIED"])).toBe("the only claim was denied");
    expect(creditedNobodyReason(["SUPERSEDED", "WITHDRAWN", "SUPERSEDED"])).toBe("none of the 3 claims stands (2 superseded, 1 withdrawn)");
  });
});

describe("targetDiffers", () => {
  const recorded = ["Ain al-Asad Air Base", "Ain al-Asad Air Base"];
  it("treats a shared place name as the same target", () => {
    expect(targetDiffers("Ain al-Asad", recorded)).toBe(false);
    expect(targetDiffers("American occupation base in Ain al-Asad", recorded)).toBe(false);
    expect(targetDiffers("Harir air base", ["Harir Air Base", "Near Harir Air Base (open ground near Batas village)"])).toBe(false);
  });
  it("flags a different place, and cannot tell a statement that names none", () => {
    expect(targetDiffers("Harir air base", recorded)).toBe(true);
    expect(targetDiffers("a US base", recorded)).toBe(false);
    expect(targetDiffers("al-Tanf", [null, undefined])).toBe(false);
  });
});

const snapshot: IncidentSnapshot = {
  reference: "IQ-2024-0001", status: "DRAFT", version: 3, occurredOn: "2024-01-28", occurredTime: null, datePrecision: "DAY",
  country: "IQ", admin1: "Anbar", locationName: "Ain al-Asad Air Base", locationNameAr: null, lat: 33.8, lon: 42.44, geoPrecision: "EXACT",
  site: null, targetType: "MILITARY_BASE", attackType: "ROCKET", outcome: "IMPACT", killedMin: 0, killedMax: 0, woundedMin: null, woundedMax: null,
  claimStatus: "CLAIMED", attributedTo: null, confidence: "CONFIRMED", confirmedBy: ["Pentagon", "CENTCOM"], notes: null, retractionReason: null,
  claims: [
    {
      id: "0190a6f0-0000-7000-8000-000000000001", group: "tashkil-al-waritheen", statedOn: "2024-01-28", channel: "Telegram", url: null, text: null,
      status: "SUPERSEDED", supersededBy: "0190a6f0-0000-7000-8000-000000000002", weaponClaimed: "BALLISTIC_MISSILE", targetClaimed: "Ain al-Asad",
      textAr: "بيان",
    },
    {
      id: "0190a6f0-0000-7000-8000-000000000002", group: "islamic-resistance-in-iraq", statedOn: "2024-01-29", channel: null, url: null, text: null,
      status: "ISSUED", supersededBy: null, weaponClaimed: null, targetClaimed: null, textAr: null,
    },
  ],
  sources: [],
};

/** The form's inputs as it names them: plain fields by name, row fields as `claims.0.status`. */
function asFormData(values: IncidentFormValues): FormData {
  const data = new FormData();
  const { claims, sources, ...plain } = values;
  for (const [key, value] of Object.entries(plain)) data.append(key, value);
  for (const [list, rows] of [["claims", claims], ["sources", sources]] as const) {
    rows.forEach((row, index) => { for (const [key, value] of Object.entries(row)) data.append(`${list}.${index}.${key}`, value); });
  }
  return data;
}

describe("the edit form's starting values", () => {
  it("carry the ledger's fields and the confirmations, under the names the schema reads back", () => {
    const values = formValuesFromSnapshot(snapshot);
    expect(values.confirmedBy).toBe("Pentagon; CENTCOM");
    expect(values.claims[0]).toMatchObject({ status: "SUPERSEDED", weaponClaimed: "BALLISTIC_MISSILE", targetClaimed: "Ain al-Asad", textAr: "بيان" });
    expect(values.claims[1]).toMatchObject({ status: "ISSUED", weaponClaimed: "", targetClaimed: "", textAr: "" });

    const data = asFormData(values);
    data.append("id", "0190a6f0-0000-7000-8000-0000000000aa");
    data.append("version", String(snapshot.version));
    const fields = formFields(data);
    expect(fields.ok).toBe(true);
    const parsed = UpdateIncidentSchema.safeParse(fields.ok ? fields.fields : null);
    expect(parsed.error?.issues).toBeUndefined();
    expect(parsed.data?.confirmedBy).toEqual(["Pentagon", "CENTCOM"]);
    expect(parsed.data?.claims.map((c) => [c.status, c.weaponClaimed, c.targetClaimed, c.textAr])).toEqual([
      ["SUPERSEDED", "BALLISTIC_MISSILE", "Ain al-Asad", "بيان"],
      ["ISSUED", null, null, null],
    ]);
  });
});
