import { describe, expect, it } from "vitest";
import { distanceKm, findFileDuplicates, findStoredDuplicates, type RowSpot, type StoredSpot } from "@/lib/import/duplicates";

// The import's in-memory duplicate search against the rule written the slow, obvious way: every
// pair compared. The data is crowded on purpose (a few sites and days, points within a few km),
// so that rows have more matches than are listed and the early exits are exercised.

const RULE = { days: 1, km: 10, listed: 10 };
const SITES = ["ain-al-asad", "al-tanf", "green-village", null];

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Spots over `days` days around one point (across 0.1° band edges), `spread` degrees wide. */
function spots(seed: number, count: number, days = 6, spread = 0.2): Array<{ day: number; lat: number; lon: number; site: string | null }> {
  const next = random(seed);
  return Array.from({ length: count }, () => ({
    day: 19_700 + Math.floor(next() * days),
    lat: Math.round((33.95 + next() * spread) * 1e4) / 1e4,
    lon: Math.round((42.4 + next() * spread) * 1e4) / 1e4,
    site: SITES[Math.floor(next() * SITES.length)]!,
  }));
}

const matches = (a: { day: number; lat: number; lon: number; site: string | null }, b: typeof a) =>
  Math.abs(a.day - b.day) <= RULE.days && ((a.site !== null && a.site === b.site) || distanceKm(a.lat, a.lon, b.lat, b.lon) <= RULE.km);

describe("duplicates within a file", () => {
  it("lists the lowest matching row numbers of every row, as comparing every pair does", () => {
    for (const seed of [1, 2, 3]) {
      const rows: RowSpot[] = spots(seed, 300, 40, 0.6).map((s, i) => ({ ...s, rowNumber: i + 2 }));
      const expected = rows.flatMap((s) => {
        const all = rows.filter((o) => o !== s && matches(s, o)).map((o) => o.rowNumber);
        return all.length ? [{ rowNumber: s.rowNumber, rows: all.slice(0, RULE.listed), hasMore: all.length > RULE.listed }] : [];
      });
      const found = findFileDuplicates(rows, RULE);
      expect(found).toEqual(expected);
      expect(found.some((d) => d.hasMore) && found.some((d) => !d.hasMore)).toBe(true); // both cases were met
    }
  });
});

describe("duplicates of stored incidents", () => {
  it("flags exactly the rows with a match, lists true matches nearest first, and says when there are more", () => {
    for (const seed of [4, 5, 6]) {
      const stored: StoredSpot[] = spots(seed, 400).map((s, i) => ({ ...s, id: `id-${String(i).padStart(4, "0")}` }));
      const rows: RowSpot[] = spots(seed + 100, 200).map((s, i) => ({ ...s, rowNumber: i + 2 }));
      const found = new Map(findStoredDuplicates(rows, stored, RULE).map((d) => [d.rowNumber, d]));
      let crowded = 0;
      for (const row of rows) {
        const all = stored.filter((o) => matches(row, o));
        const d = found.get(row.rowNumber);
        if (!all.length) {
          expect(d).toBeUndefined();
          continue;
        }
        expect(d, `row ${row.rowNumber}`).toBeDefined();
        expect(d!.hasMore).toBe(all.length > RULE.listed);
        if (d!.hasMore) crowded++;
        expect(d!.matches).toHaveLength(Math.min(all.length, RULE.listed));
        expect(new Set(d!.matches.map((m) => m.id)).size).toBe(d!.matches.length);
        for (const m of d!.matches) {
          const o = all.find((s) => s.id === m.id);
          expect(o, `${m.id} is a match of row ${row.rowNumber}`).toBeDefined();
          expect(m).toEqual({ id: o!.id, distanceKm: distanceKm(row.lat, row.lon, o!.lat, o!.lon), sameSite: row.site !== null && row.site === o!.site });
        }
        const distances = d!.matches.map((m) => m.distanceKm);
        expect(distances).toEqual([...distances].sort((a, b) => a - b));
        // With every match listed, they are the nearest ones.
        if (!d!.hasMore) expect(distances).toEqual(all.map((o) => distanceKm(row.lat, row.lon, o.lat, o.lon)).sort((a, b) => a - b));
      }
      expect(crowded).toBeGreaterThan(0);
    }
  });

  it("always lists a stored incident on the row's own day and point, however crowded its site", () => {
    const crowd: StoredSpot[] = Array.from({ length: 50 }, (_, i) => ({ id: `crowd-${i}`, day: 19_700, lat: 33.8 + i / 1e4, lon: 42.44, site: "ain-al-asad" }));
    const twin: StoredSpot = { id: "twin", day: 19_700, lat: 33.8567, lon: 42.4412, site: "ain-al-asad" };
    const [d] = findStoredDuplicates([{ rowNumber: 2, day: 19_700, lat: 33.8567, lon: 42.4412, site: "ain-al-asad" }], [...crowd, twin], RULE);
    expect(d!.hasMore).toBe(true);
    expect(d!.matches[0]).toEqual({ id: "twin", distanceKm: 0, sameSite: true });
  });

  it("ignores stored incidents two days away, and a far one at another site", () => {
    const stored: StoredSpot[] = [
      { id: "two-days", day: 19_702, lat: 33.8, lon: 42.4, site: "ain-al-asad" },
      { id: "far", day: 19_700, lat: 35.0, lon: 42.4, site: "al-tanf" },
    ];
    expect(findStoredDuplicates([{ rowNumber: 2, day: 19_700, lat: 33.8, lon: 42.4, site: "ain-al-asad" }], stored, RULE)).toEqual([]);
  });
});
