// The form's duplicate rule (DUPLICATE_RULE in lib/data/incident-writes.ts: within `days` days and
// `km` km, or at the same site; retracted incidents aside) for every valid row of a file at once,
// in memory: among the file's own rows, and against the stored incidents of the file's days, which
// lib/data/incident-import.ts loads a few weeks at a time. Spots are filed by day and 0.1° band of
// latitude (10 km is under 0.091°, so a match is always in the row's band or the one next to it),
// and by day and site; a row meets only the spots of its own days, nearby or at its site.
//
// In SQL the same work cost two index scans a row (0.4 ms), 41 s for 10^5 rows; here it is
// 10–20 µs a row, plus reading each stored spot once.
//
// No server-only: pure functions.

export type Spot = { day: number; lat: number; lon: number; site: string | null };
/** A valid row of the file. */
export type RowSpot = Spot & { rowNumber: number };
/** A stored incident that is not retracted. */
export type StoredSpot = Spot & { id: string };

export type DuplicateRule = { days: number; km: number; listed: number };
/** A row like other rows of its file: the lowest `listed` of their row numbers, and whether there are more. */
export type FileDuplicates = { rowNumber: number; rows: number[]; hasMore: boolean };
export type StoredMatch = { id: string; distanceKm: number; sameSite: boolean };
/** A row like stored incidents: up to `listed` of them, nearest first (findStoredDuplicates says which), and whether there are more. */
export type StoredDuplicates = { rowNumber: number; matches: StoredMatch[]; hasMore: boolean };

const DAY_MS = 86_400_000;
/** Days since 1970-01-01 of a YYYY-MM-DD date; PostgreSQL's `date - DATE '1970-01-01'`. */
export const dayNumber = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;

/** The distance_km SQL function of the import migration (haversine on a 6,371 km sphere), rounded to 0.1 km as the form's check rounds it. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return Math.round(6371 * 2 * Math.asin(Math.sqrt(h)) * 10) / 10;
}

/** Spots by day × latitude band and by day × site, each list in the order the spots were added. */
class SpotGrid<T extends Spot> {
  private readonly near = new Map<number, T[]>();
  private readonly atSite = new Map<string, Map<number, T[]>>();

  // A small-integer key (days since 1970 < 2^19, bands ±900): building a string key for each of a
  // row's lookups cost more than the matching.
  private nearKey = (day: number, band: number) => day * 2048 + band + 1024;

  add(spot: T) {
    push(this.near, this.nearKey(spot.day, band(spot.lat)), spot);
    if (spot.site) {
      let days = this.atSite.get(spot.site);
      if (!days) this.atSite.set(spot.site, (days = new Map()));
      push(days, spot.day, spot);
    }
  }

  /**
   * The lists that can hold a match of `spot` under the rule: its days at its site, and its days'
   * bands. By day, earliest first; or with `ownDayFirst`, the spot's own day first and its own band
   * first within a day.
   */
  candidates(spot: Spot, days: number, { ownDayFirst = false } = {}): { atSite: T[][]; near: T[][] } {
    const atSite: T[][] = [];
    const near: T[][] = [];
    const b = band(spot.lat);
    const order = ownDayFirst ? ownFirst : inOrder;
    const siteDays = spot.site ? this.atSite.get(spot.site) : undefined;
    for (const dayOffset of order(days)) {
      const day = spot.day + dayOffset;
      if (siteDays) atSite.push(siteDays.get(day) ?? NONE);
      for (const bandOffset of order(1)) near.push(this.near.get(this.nearKey(day, b + bandOffset)) ?? NONE);
    }
    return { atSite, near };
  }
}

const NONE: never[] = [];
/** Offsets -n … n, in order or from 0 outwards (0, -1, 1, -2, 2 …); remembered, as every row asks. */
const offsetLists = new Map<string, number[]>();
function offsets(n: number, fromZero: boolean): number[] {
  const key = `${n}${fromZero}`;
  let list = offsetLists.get(key);
  if (!list) {
    list = [];
    if (fromZero) for (let i = 0; i <= n; i++) list.push(...(i === 0 ? [0] : [-i, i]));
    else for (let i = -n; i <= n; i++) list.push(i);
    offsetLists.set(key, list);
  }
  return list;
}
const inOrder = (n: number) => offsets(n, false);
const ownFirst = (n: number) => offsets(n, true);
const band = (lat: number) => Math.floor(lat * 10);
function push<T>(map: Map<number, T[]>, key: number, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Within `km` by the form's rounding; the latitude test first spares most haversines (10.05 km > 0.0904°). */
const isNear = (a: Spot, b: Spot, km: number) => Math.abs(a.lat - b.lat) <= 0.091 && distanceKm(a.lat, a.lon, b.lat, b.lon) <= km;
/** At the same site: matched on the site lists already, so skipped on the band lists. */
const sameSite = (a: Spot, b: Spot) => a.site !== null && a.site === b.site;

/** For each row like other rows of the file: the lowest `listed` of those row numbers, and whether there are more. */
export function findFileDuplicates(spots: RowSpot[], rule: DuplicateRule): FileDuplicates[] {
  const grid = new SpotGrid<RowSpot>();
  for (const s of spots) grid.add(s); // spots come in row order, so every list is in row order
  const found: FileDuplicates[] = [];
  for (const s of spots) {
    const lowest: number[] = []; // the listed + 1 lowest matching row numbers, ascending
    const { atSite, near } = grid.candidates(s, rule.days);
    for (const list of atSite) keepLowest(lowest, list, s, rule, false);
    for (const list of near) keepLowest(lowest, list, s, rule, true);
    if (lowest.length) found.push({ rowNumber: s.rowNumber, rows: lowest.slice(0, rule.listed), hasMore: lowest.length > rule.listed });
  }
  return found;
}

/**
 * Adds the matches of `s` in `list` to `lowest`, keeping the listed + 1 lowest row numbers. Lists
 * are in row order, so a list is left as soon as it reaches a row above the highest kept: a busy
 * day costs no more than a quiet one. (Plain functions, not closures per row: this runs 10^5 times.)
 */
function keepLowest(lowest: number[], list: RowSpot[], s: RowSpot, rule: DuplicateRule, byDistance: boolean) {
  const limit = rule.listed + 1;
  for (const o of list) {
    if (lowest.length === limit && o.rowNumber >= lowest[limit - 1]!) return;
    if (o === s || (byDistance && (sameSite(s, o) || !isNear(s, o, rule.km))) || lowest.includes(o.rowNumber)) continue;
    let i = lowest.length;
    while (i > 0 && lowest[i - 1]! > o.rowNumber) i--;
    lowest.splice(i, 0, o.rowNumber);
    if (lowest.length > limit) lowest.pop();
  }
}

/**
 * For each row like stored incidents: up to `listed` of them, nearest first, and whether there are
 * more. `stored` must hold every stored incident within `rule.days` of the rows' days.
 *
 * Which ones are listed when there are more: a stored incident at exactly the row's day and point
 * (the row imported before) first, then those met first, the row's own day before the days around
 * it, its site before its surroundings. Ranking every match instead would cost a row as many
 * distances as its busiest site has incidents in three days: 200 at 10^5 synthetic incidents,
 * 2,000 at 10^6. The form itself lists the ten nearest of one incident's matches in SQL.
 */
export function findStoredDuplicates(rows: RowSpot[], stored: StoredSpot[], rule: DuplicateRule): StoredDuplicates[] {
  const grid = new SpotGrid<StoredSpot>();
  for (const s of stored) grid.add(s);
  const found: StoredDuplicates[] = [];
  for (const row of rows) {
    const met: Met[] = [];
    const { atSite, near } = grid.candidates(row, rule.days, { ownDayFirst: true });
    // near[0] is the row's own day and band: the bucket where a stored twin would be.
    for (const o of near[0]!) if (met.length <= rule.listed && o.lat === row.lat && o.lon === row.lon) meet(met, o, 0, sameSite(row, o));
    for (const list of atSite) {
      for (const o of list) {
        if (met.length > rule.listed) break;
        meet(met, o, distanceKm(row.lat, row.lon, o.lat, o.lon), true);
      }
    }
    for (const list of near) {
      for (const o of list) {
        if (met.length > rule.listed) break;
        if (!sameSite(row, o) && isNear(row, o, rule.km)) meet(met, o, distanceKm(row.lat, row.lon, o.lat, o.lon), false);
      }
    }
    if (met.length) {
      const listed = met.slice(0, rule.listed).sort(nearestFirst).map((m) => ({ id: m.id, distanceKm: m.distanceKm, sameSite: m.sameSite }));
      found.push({ rowNumber: row.rowNumber, matches: listed, hasMore: met.length > rule.listed });
    }
  }
  return found;
}

type Met = StoredMatch & { day: number };
function meet(met: Met[], o: StoredSpot, km: number, isSameSite: boolean) {
  for (const m of met) if (m.id === o.id) return;
  met.push({ id: o.id, distanceKm: km, sameSite: isSameSite, day: o.day });
}

const nearestFirst = (a: Met, b: Met) =>
  a.distanceKm - b.distanceKm || a.day - b.day || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
