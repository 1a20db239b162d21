import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertUser } from "@/lib/accounts/users";
import { commitImport, stageImport } from "@/lib/data/incident-import";
import { getPool } from "@/lib/db";
import { INCIDENT_COLUMNS } from "@/lib/export/columns";
import { seedDatabase } from "@/prisma/seed";
import { COUNT_STALE_DERIVED_COLUMNS } from "../helpers/derived-columns";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

// The rollups, the credited claimant and the source columns (search words, the export's lists) are
// derived by triggers, or by the seed and the import in their place. After any write they must
// equal what a from-scratch computation over the incident table gives.

const DAILY_FROM_ROLLUP = `
  SELECT day::text, claimant_id, attack_type::text, country, site_id, sum(incidents)::int AS n,
         sum(killed_min)::int AS kmin, sum(killed_max)::int AS kmax, sum(wounded_min)::int AS wmin, sum(wounded_max)::int AS wmax,
         sum(claims)::int AS claims
  FROM incident_daily_stat GROUP BY 1, 2, 3, 4, 5 HAVING sum(incidents) <> 0 ORDER BY 1, 2, 3, 4, 5`;
const DAILY_FROM_INCIDENTS = `
  SELECT occurred_on::text AS day, claimant_id, attack_type::text, country, site_id, count(*)::int AS n,
         coalesce(sum(killed_min), 0)::int AS kmin, coalesce(sum(killed_max), 0)::int AS kmax,
         coalesce(sum(wounded_min), 0)::int AS wmin, coalesce(sum(wounded_max), 0)::int AS wmax,
         sum(claim_count)::int AS claims
  FROM incident WHERE status = 'PUBLISHED' GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`;
const TOTALS_FROM_ROLLUP = `
  SELECT day::text, claimant_id, attack_type::text, sum(incidents)::int AS n, sum(killed_min)::int AS kmin,
         sum(killed_max)::int AS kmax, sum(wounded_min)::int AS wmin, sum(wounded_max)::int AS wmax, sum(claims)::int AS claims
  FROM incident_daily_total GROUP BY 1, 2, 3 HAVING sum(incidents) <> 0 ORDER BY 1, 2, 3`;
const TOTALS_FROM_INCIDENTS = `
  SELECT occurred_on::text AS day, claimant_id, attack_type::text, count(*)::int AS n,
         coalesce(sum(killed_min), 0)::int AS kmin, coalesce(sum(killed_max), 0)::int AS kmax,
         coalesce(sum(wounded_min), 0)::int AS wmin, coalesce(sum(wounded_max), 0)::int AS wmax, sum(claim_count)::int AS claims
  FROM incident WHERE status = 'PUBLISHED' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
const GRID_FROM_ROLLUP = `
  SELECT zoom, gx, gy, day::text, sum(incidents)::int AS n, round(sum(sum_lon)::numeric, 6) AS slon
  FROM incident_grid_stat GROUP BY 1, 2, 3, 4 HAVING sum(incidents) <> 0 ORDER BY 1, 2, 3, 4`;
const GRID_FROM_INCIDENTS = `
  SELECT z AS zoom, floor(lon / (360.0 / 2 ^ (z + 3)))::int AS gx, floor(lat / (360.0 / 2 ^ (z + 3)))::int AS gy,
         occurred_on::text AS day, count(*)::int AS n, round(sum(lon)::numeric, 6) AS slon
  FROM incident CROSS JOIN generate_series(3, 12) z WHERE status = 'PUBLISHED' GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;

describe("derived data (rollups, credited claimant, source columns)", () => {
  let db: TestDatabase;
  let client: pg.Client;
  const rows = async (sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows;
  const expectConsistent = async () => {
    expect(await rows(DAILY_FROM_ROLLUP)).toEqual(await rows(DAILY_FROM_INCIDENTS));
    expect(await rows(TOTALS_FROM_ROLLUP)).toEqual(await rows(TOTALS_FROM_INCIDENTS));
    expect(await rows(GRID_FROM_ROLLUP)).toEqual(await rows(GRID_FROM_INCIDENTS));
    expect(await rows(COUNT_STALE_DERIVED_COLUMNS)).toEqual([{ n: 0 }]);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDatabase(db.url, ["--synthetic", "--count", "300", "--seed", "11"]);
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    process.env.DATABASE_URL = db.appUrl; // the import runs on the app's pool, as the app role
  });
  afterAll(async () => {
    await client?.end();
    await getPool().end();
    await db?.drop();
  });

  it("matches the incident table right after the bulk seed", async () => {
    expect((await rows("SELECT count(*)::int AS n FROM incident_daily_stat"))[0]!.n).toBeGreaterThan(50);
    await expectConsistent();
  });

  it("follows publication, retraction, edits and deletion, each in its own transaction", async () => {
    const [draft] = await rows("SELECT id FROM incident WHERE status = 'DRAFT' LIMIT 1");
    const published = await rows("SELECT id FROM incident WHERE status = 'PUBLISHED' ORDER BY reference LIMIT 4");
    await client.query("UPDATE incident SET status = 'PUBLISHED' WHERE id = $1", [draft!.id]);
    await client.query("UPDATE incident SET status = 'RETRACTED', retraction_reason = 'test' WHERE id = $1", [published[0]!.id]);
    await client.query("UPDATE incident SET attack_type = 'MORTAR', killed_min = 2, killed_max = 4, lat = lat + 0.3, occurred_on = occurred_on - 1 WHERE id = $1", [published[1]!.id]);
    await client.query("UPDATE incident SET site_id = NULL, country = 'JO' WHERE id = $1", [published[2]!.id]);
    await client.query("DELETE FROM incident WHERE id = $1", [published[3]!.id]);
    await client.query("UPDATE source SET title = 'Renamed report' WHERE incident_id = $1", [published[2]!.id]);
    await client.query("DELETE FROM source WHERE incident_id = $1", [published[1]!.id]);
    await expectConsistent();
  });

  it("keeps the export's source lists in order as sources are added, changed, moved and removed", async () => {
    const [a, b] = (await rows("SELECT id FROM incident WHERE status = 'PUBLISHED' ORDER BY reference DESC LIMIT 2")) as [{ id: string }, { id: string }];
    const lists = async (id: string) =>
      (await rows("SELECT source_urls AS urls, source_publishers AS publishers FROM incident WHERE id = $1", [id]))[0];
    const add = async (url: string, publisher: string | null, publishedOn: string | null) =>
      ((await rows("INSERT INTO source (incident_id, url, publisher, published_on, kind) VALUES ($1, $2, $3, $4, 'MEDIA') RETURNING id",
        [a.id, url, publisher, publishedOn]))[0] as { id: string }).id;

    await client.query("DELETE FROM source WHERE incident_id = $1", [a.id]);
    expect(await lists(a.id)).toEqual({ urls: [], publishers: [] });
    await add("https://x.invalid/1", "Wire", "2024-01-03");
    const undated = await add("https://x.invalid/2", null, null);
    const moved = await add("https://x.invalid/3", "Wire", "2024-01-02");
    const redated = await add("https://x.invalid/4", "Agency", "2024-01-02");
    // Oldest first, undated last, ties by creation; publishers once each by their first date, ties
    // by name, the URL standing in for a missing publisher.
    expect(await lists(a.id)).toEqual({
      urls: ["https://x.invalid/3", "https://x.invalid/4", "https://x.invalid/1", "https://x.invalid/2"],
      publishers: ["Agency", "Wire", "https://x.invalid/2"],
    });

    await client.query("UPDATE source SET published_on = '2024-01-05' WHERE id = $1", [redated]);
    await client.query("UPDATE source SET url = 'https://x.invalid/2b' WHERE id = $1", [undated]);
    expect(await lists(a.id)).toEqual({
      urls: ["https://x.invalid/3", "https://x.invalid/1", "https://x.invalid/4", "https://x.invalid/2b"],
      publishers: ["Wire", "Agency", "https://x.invalid/2b"],
    });
    await client.query("UPDATE source SET incident_id = $2 WHERE id = $1", [moved, b.id]);
    await client.query("DELETE FROM source WHERE id = $1", [undated]);
    expect(await lists(a.id)).toEqual({ urls: ["https://x.invalid/1", "https://x.invalid/4"], publishers: ["Wire", "Agency"] });
    expect((await lists(b.id))!.urls).toContain("https://x.invalid/3");
    await expectConsistent();
  });

  it("fills them for imported incidents, whose triggers stand aside", async () => {
    const account = await upsertUser(db.url, { email: "derived@test.invalid", password: "correct horse battery", role: "editor" });
    const actor = { userId: account.id, role: "editor" as const, label: "derived@test.invalid" };
    const row = (urls: string) => {
      const cells: Record<string, string> = {
        occurred_on: "2024-02-10", date_precision: "DAY", country: "IQ", location_name: "Imported place", latitude: "33.1", longitude: "42.1",
        geo_precision: "EXACT", target_type: "MILITARY_BASE", attack_type: "ROCKET", outcome: "IMPACT", claim_status: "UNCLAIMED",
        confidence: "LIKELY", is_synthetic: "false", source_urls: urls,
      };
      return INCIDENT_COLUMNS.map((c) => cells[c.name] ?? "").join(",");
    };
    const file = [INCIDENT_COLUMNS.map((c) => c.name).join(","), row("https://y.invalid/b | https://y.invalid/a"), row("")].join("\r\n");
    const { batchId } = await stageImport(actor, { fileName: "derived.csv", bytes: new TextEncoder().encode(file), layout: null, mapping: null });
    expect(await commitImport(actor, batchId, { status: "PUBLISHED" })).toEqual({ imported: 2, leftOut: 0 });

    const imported = await rows(`SELECT source_urls AS urls, source_publishers AS publishers FROM incident
      WHERE location_name = 'Imported place' ORDER BY cardinality(source_urls) DESC`);
    // The file's order is kept (its sources have no dates), and a URL stands in for the missing publisher.
    const urls = ["https://y.invalid/b", "https://y.invalid/a"];
    expect(imported).toEqual([{ urls, publishers: [...urls].sort() }, { urls: [], publishers: [] }]);
    await expectConsistent();
  });

  it("credits a new incident to the group of its earliest claim, and moves it when claims change", async () => {

    const [{ id: incidentId }] = (await rows(`
      INSERT INTO incident (reference, occurred_on, country, location_name, lat, lon, geo_precision, target_type,
        attack_type, outcome, claim_status, confidence, status)
      VALUES ('IQ-2024-9999', '2024-01-10', 'IQ', 'Test site', 33.8, 42.4, 'EXACT', 'MILITARY_BASE', 'ROCKET',
        'IMPACT', 'CLAIMED', 'LIKELY', 'PUBLISHED') RETURNING id`)) as [{ id: string }];
    const [a, b] = await rows("SELECT id FROM armed_group ORDER BY slug LIMIT 2");
    const [{ id: late }] = (await rows("INSERT INTO claim (group_id, stated_at) VALUES ($1, '2024-01-12') RETURNING id", [a!.id])) as [{ id: string }];
    const [{ id: early }] = (await rows("INSERT INTO claim (group_id, stated_at) VALUES ($1, '2024-01-11') RETURNING id", [b!.id])) as [{ id: string }];
    const claimantOf = async () => (await rows("SELECT claimant_id FROM incident WHERE id = $1", [incidentId]))[0]!.claimant_id;

    await client.query("INSERT INTO incident_claim (incident_id, claim_id) VALUES ($1, $2)", [incidentId, late]);
    expect(await claimantOf()).toBe(a!.id);
    await client.query("INSERT INTO incident_claim (incident_id, claim_id) VALUES ($1, $2)", [incidentId, early]);
    expect(await claimantOf()).toBe(b!.id); // the earlier statement takes the credit
    await client.query("UPDATE claim SET stated_at = '2024-01-13' WHERE id = $1", [early]);
    expect(await claimantOf()).toBe(a!.id);
    await client.query("DELETE FROM incident_claim WHERE incident_id = $1", [incidentId]);
    expect(await claimantOf()).toBeNull();
    await expectConsistent();
  });

  it("keeps the rollups right under concurrent writers", async () => {
    const ids = (await rows("SELECT id FROM incident WHERE status = 'PUBLISHED' ORDER BY id LIMIT 40")).map((r) => r.id as string);
    const pool = new pg.Pool({ connectionString: db.url, max: 8 });
    try {
      await Promise.all(
        ids.map((id, i) =>
          pool.query("UPDATE incident SET attack_type = $2, occurred_on = '2024-01-05' WHERE id = $1", [id, i % 2 ? "ROCKET" : "ONE_WAY_DRONE"]),
        ),
      );
    } finally {
      await pool.end();
    }
    await expectConsistent();
  });
});
