import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getMap } from "@/app/api/map/route";
import type { ClusterProperties, MapResponse } from "@/lib/map/features";
import { useAppDatabase } from "../helpers/auth-session";

// /api/map on a hand-built data set: enough incidents in view for clusters (> 1,000), whose
// dominant claimant and attack type are known by construction, from the grid rollup (date filters)
// and from the incident table (any other filter); one incident at Harir; imprecise places.

const REGION = "35,29,49,38";
const ALL_CONFIDENCE = "confidence=CONFIRMED,LIKELY,UNVERIFIED,DISPUTED"; // matches everything, but not answerable by the rollup

type Batch = { prefix: string; count: number; lat: number; lon: number; type: string; claimant?: string; precision?: string; day?: string; site?: string };

// Cells at zoom 5 are 1.40625° wide: each batch below sits inside one cell, far from the others.
const BATCHES: Batch[] = [
  // Al-Asad cell: 500 KH rockets, 200 unclaimed drones → KH (5/7), ROCKET (5/7).
  { prefix: "IQ-2024", count: 500, lat: 33.8, lon: 42.44, type: "ROCKET", claimant: "kh" },
  { prefix: "IQ-2023", count: 200, lat: 33.81, lon: 42.45, type: "ONE_WAY_DRONE" },
  // Deir ez-Zor cell: 300 Nujaba drones, 100 KH mortars → Nujaba (3/4), ONE_WAY_DRONE (3/4).
  { prefix: "SY-2024", count: 300, lat: 35.3, lon: 40.3, type: "ONE_WAY_DRONE", claimant: "nujaba" },
  { prefix: "SY-2023", count: 100, lat: 35.31, lon: 40.31, type: "MORTAR", claimant: "kh" },
  // Tower 22 cell: a tie, 3 Nujaba and 3 unclaimed → the group wins the tie (1/2).
  { prefix: "JO-2024", count: 3, lat: 33.3, lon: 38.7, type: "IED", claimant: "nujaba" },
  { prefix: "JO-2023", count: 3, lat: 33.31, lon: 38.71, type: "IED" },
  // One incident at Harir, on a day of its own; one only known to its province, one to its country.
  { prefix: "IQ-2022", count: 1, lat: 36.54, lon: 44.35, type: "ONE_WAY_DRONE", claimant: "kh", day: "2022-06-01", site: "harir" },
  { prefix: "IQ-2021", count: 1, lat: 36.2, lon: 44.0, type: "ROCKET", precision: "PROVINCE", day: "2021-03-01" },
  { prefix: "IQ-2020", count: 1, lat: 33.0, lon: 43.7, type: "UNKNOWN", precision: "COUNTRY", day: "2020-03-01" },
];

async function build(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const one = async (sql: string, params: unknown[] = []) => (await client.query<{ id: string }>(sql, params)).rows[0]!.id;
  const groups: Record<string, string> = {
    kh: await one("INSERT INTO armed_group (slug, name) VALUES ('kh', 'Kata''ib Hezbollah') RETURNING id"),
    nujaba: await one("INSERT INTO armed_group (slug, name) VALUES ('nujaba', 'Harakat al-Nujaba') RETURNING id"),
  };
  const sites: Record<string, string> = {
    harir: await one("INSERT INTO site (slug, name, country, lat, lon, type) VALUES ('harir', 'Harir Air Base', 'IQ', 36.54, 44.35, 'MILITARY_BASE') RETURNING id"),
  };
  for (const b of BATCHES) {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO incident (reference, occurred_on, country, location_name, lat, lon, geo_precision, site_id, target_type, attack_type,
         outcome, claim_status, confidence, status)
       SELECT $1 || '-' || lpad(g::text, 4, '0'), $2::date + ((g - 1) % 300), 'IQ', 'Place ' || $1, $3, $4, $5::"GeoPrecision", $6,
         'MILITARY_BASE', $7::"AttackType", 'IMPACT', $8::"ClaimStatus", 'LIKELY', 'PUBLISHED'
       FROM generate_series(1, $9::int) g RETURNING id`,
      [b.prefix, b.day ?? "2024-01-01", b.lat, b.lon, b.precision ?? "EXACT", b.site ? sites[b.site] : null, b.type,
        b.claimant ? "CLAIMED" : "UNCLAIMED", b.count],
    );
    if (b.day) expect(b.count).toBe(1); // a day of its own: the filter below selects exactly this one
    if (b.claimant) {
      const claim = await one("INSERT INTO claim (group_id, stated_at) VALUES ($1, '2024-01-01') RETURNING id", [groups[b.claimant]]);
      await client.query("INSERT INTO incident_claim (incident_id, claim_id) SELECT unnest($1::uuid[]), $2", [rows.map((r) => r.id), claim]);
    }
  }
  await client.end();
}

const call = async (path: string): Promise<{ status: number; body: MapResponse }> => {
  const response = await getMap(new Request(`http://localhost${path}`));
  return { status: response.status, body: (await response.json()) as MapResponse };
};

/** The cluster whose centre lies within 0.1° of a point. */
function clusterAt(body: MapResponse, lat: number, lon: number): ClusterProperties {
  const feature = body.features.find(
    (f) => f.properties.kind === "cluster" && Math.abs(f.geometry.coordinates[1] - lat) < 0.1 && Math.abs(f.geometry.coordinates[0] - lon) < 0.1,
  );
  expect(feature, `a cluster near ${lat}, ${lon}`).toBeDefined();
  return feature!.properties as ClusterProperties;
}

describe("/api/map", () => {
  const db = useAppDatabase();
  beforeAll(async () => {
    await build(db.url);
  });

  it.each([
    ["the grid rollup (dates only)", "from=2020-01-01"],
    ["the grid rollup (no filter)", ""],
    ["the incident table (another filter)", ALL_CONFIDENCE],
  ])("colours clusters from %s by their most frequent claimant and attack type, with shares", async (_, filter) => {
    const { status, body } = await call(`/api/map?bbox=${REGION}&zoom=5&${filter}`);
    expect(status).toBe(200);
    expect(body.meta.total).toBe(1109);
    expect(body.features.every((f) => f.properties.kind === "cluster")).toBe(true);

    expect(clusterAt(body, 33.8, 42.44)).toMatchObject({
      count: 700, claimant: "kh", claimantShare: 0.714, attackType: "ROCKET", attackTypeShare: 0.714, sampled: 700,
    });
    expect(clusterAt(body, 35.3, 40.3)).toMatchObject({
      count: 400, claimant: "nujaba", claimantShare: 0.75, attackType: "ONE_WAY_DRONE", attackTypeShare: 0.75, sampled: 400,
    });
    // A tie between a group and "unclaimed" goes to the group.
    expect(clusterAt(body, 33.3, 38.7)).toMatchObject({ count: 6, claimant: "nujaba", claimantShare: 0.5, attackType: "IED", attackTypeShare: 1 });
    // Every cluster says what it holds: none is left without a breakdown.
    for (const f of body.features) {
      const p = f.properties as ClusterProperties;
      expect(p.sampled).toBe(p.count);
      expect(p.claimantShare).toBeGreaterThan(0);
      expect(p.attackTypeShare).toBeGreaterThan(0);
    }
  });

  it("sends the one incident at Harir as an incident (not a site), and says how precise each place is", async () => {
    const harir = await call(`/api/map?bbox=${REGION}&zoom=5&from=2022-06-01&to=2022-06-01`);
    expect(harir.status).toBe(200);
    expect(harir.body.meta.total).toBe(1);
    expect(harir.body.features).toHaveLength(1);
    expect(harir.body.features[0]!.properties).toMatchObject({ kind: "incident", reference: "IQ-2022-0001", claimant: "kh", geoPrecision: "EXACT", siteSlug: "harir", siteName: "Harir Air Base" });
    expect(harir.body.features[0]!.geometry.coordinates).toEqual([44.35, 36.54]);

    const imprecise = await call(`/api/map?bbox=${REGION}&zoom=5&to=2021-12-31`);
    const precision = Object.fromEntries(
      imprecise.body.features.map((f) => [f.properties.kind === "incident" ? f.properties.reference : "?", f.properties.kind === "incident" ? f.properties.geoPrecision : "?"]),
    );
    expect(precision).toEqual({ "IQ-2021-0001": "PROVINCE", "IQ-2020-0001": "COUNTRY" });
  });
});
