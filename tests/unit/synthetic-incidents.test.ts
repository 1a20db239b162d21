import { describe, expect, it } from "vitest";
import { REFERENCE_GROUPS, REFERENCE_SITES } from "@/prisma/reference-data";
import { createRandom, dailyCounts, generateSyntheticIncidents } from "@/prisma/synthetic-incidents";

const generate = (count: number, seed: number) => {
  const batches = [...generateSyntheticIncidents({ count, seed, sites: REFERENCE_SITES, groups: REFERENCE_GROUPS })];
  return {
    incidents: batches.flatMap((b) => b.incidents),
    claims: batches.flatMap((b) => b.claims),
    sources: batches.flatMap((b) => b.sources),
  };
};

describe("dailyCounts", () => {
  it("spreads exactly the requested count over the campaign, from October 2023 to late 2025", () => {
    for (const count of [0, 1, 1500, 123_457]) {
      const days = dailyCounts(count, createRandom(1));
      expect(days.reduce((sum, d) => sum + d.count, 0)).toBe(count);
      expect(days[0]?.day).toBe("2023-10-17");
      expect(days.at(-1)?.day).toBe("2025-11-30");
    }
  });
});

describe("generateSyntheticIncidents", () => {
  const data = generate(1500, 42);

  it("is deterministic: the same seed gives the same rows, another seed other rows", () => {
    expect(generate(1500, 42)).toEqual(data);
    expect(generate(1500, 43).incidents.map((i) => i.id)).not.toEqual(data.incidents.map((i) => i.id));
  });

  it("has bursts and lulls: the winter 2023–24 surge is far busier than spring 2024", () => {
    const inRange = (from: string, to: string) => data.incidents.filter((i) => i.occurredOn >= from && i.occurredOn < to).length;
    const surgePerMonth = inRange("2023-11-01", "2024-02-01") / 3;
    const lullPerMonth = inRange("2024-03-01", "2024-07-01") / 4;
    expect(surgePerMonth).toBeGreaterThan(10 * lullPerMonth);
  });

  it("keeps every row within the database's rules", () => {
    const references = new Set<string>();
    for (const i of data.incidents) {
      expect(i.reference).toMatch(/^[A-Z]{2}-\d{4}-\d{4,}$/);
      expect(i.reference.slice(3, 7)).toBe(i.occurredOn.slice(0, 4));
      references.add(i.reference);
      for (const [min, max] of [[i.killedMin, i.killedMax], [i.woundedMin, i.woundedMax]] as const) {
        expect(min === null).toBe(max === null); // unknown is unknown at both ends
        if (min !== null && max !== null) expect(0 <= min && min <= max).toBe(true);
      }
      expect(Math.abs(i.lat)).toBeLessThanOrEqual(90);
      expect(Math.abs(i.lon)).toBeLessThanOrEqual(180);
      expect(i.status === "RETRACTED").toBe(i.retractionReason !== null);
      expect(i.notes).toMatch(/^Synthetic demo record\./);
    }
    expect(references.size).toBe(data.incidents.length);
  });

  it("links claims and sources to generated incidents only, with URLs on the reserved .invalid domain", () => {
    const ids = new Set(data.incidents.map((i) => i.id));
    const claimed = data.incidents.filter((i) => i.claimStatus === "CLAIMED" || i.claimStatus === "DISPUTED");
    expect(data.claims.flatMap((c) => c.incidentIds).sort()).toEqual(claimed.map((i) => i.id).sort());
    expect(data.claims.some((c) => c.incidentIds.length > 1)).toBe(true); // one statement, several attacks
    for (const s of data.sources) {
      expect(ids.has(s.incidentId)).toBe(true);
      expect(new URL(s.url).hostname).toMatch(/\.invalid$/);
    }
    for (const c of data.claims) expect(new URL(c.url).hostname).toMatch(/\.invalid$/);
  });
});
