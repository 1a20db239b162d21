// The duplicate rule (lib/data/incident-writes.ts DUPLICATE_RULE) among the rows of one file,
// worked out in memory while the file is staged. In SQL every row would scan every staged row of
// its three days; here each row only meets the rows of its day window in its own 0.1° band of
// latitude and the two next to it (10 km is under 0.09°), or at its site.
//
// No server-only: pure functions.

/** Where and when one valid row is. */
export type RowSpot = { rowNumber: number; occurredOn: string; lat: number; lon: number; site: string | null };
export type FileDuplicates = { rowNumber: number; rows: number[]; hasMore: boolean };

/** The distance_km SQL function of the import migration (haversine on a 6,371 km sphere), rounded to 0.1 km as the form's check rounds it. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return Math.round(6371 * 2 * Math.asin(Math.sqrt(h)) * 10) / 10;
}

const DAY_MS = 86_400_000;

/** For each row like other rows of the file: up to `listed` of those rows (lowest row numbers first) and whether there are more. */
export function findFileDuplicates(spots: RowSpot[], rule: { days: number; km: number; listed: number }): FileDuplicates[] {
  const day = (s: RowSpot) => Date.parse(`${s.occurredOn}T00:00:00Z`) / DAY_MS;
  const near = new Map<string, RowSpot[]>();
  const atSite = new Map<string, RowSpot[]>();
  const add = (map: Map<string, RowSpot[]>, key: string, spot: RowSpot) => {
    const list = map.get(key);
    if (list) list.push(spot);
    else map.set(key, [spot]);
  };
  for (const s of spots) {
    add(near, `${day(s)}|${Math.floor(s.lat * 10)}`, s);
    if (s.site) add(atSite, `${day(s)}|${s.site}`, s);
  }
  const found: FileDuplicates[] = [];
  for (const s of spots) {
    const matches = new Set<number>();
    const d0 = day(s);
    const band = Math.floor(s.lat * 10);
    for (let d = d0 - rule.days; d <= d0 + rule.days; d++) {
      for (let b = band - 1; b <= band + 1; b++) {
        for (const o of near.get(`${d}|${b}`) ?? []) {
          if (o !== s && distanceKm(s.lat, s.lon, o.lat, o.lon) <= rule.km) matches.add(o.rowNumber);
        }
      }
      if (s.site) for (const o of atSite.get(`${d}|${s.site}`) ?? []) if (o !== s) matches.add(o.rowNumber);
    }
    if (matches.size) {
      const rows = [...matches].sort((a, b) => a - b);
      found.push({ rowNumber: s.rowNumber, rows: rows.slice(0, rule.listed), hasMore: rows.length > rule.listed });
    }
  }
  return found;
}
