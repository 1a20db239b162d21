import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REFERENCE_GROUPS, REFERENCE_SITES } from "@/prisma/reference-data";
import { parseSeedArgs, SeedError, seedDatabase } from "@/prisma/seed";
import { createTestDatabase, type TestDatabase, withClient } from "../helpers/test-database";

/** Everything a seed writes, in a stable order, as text: two equal dumps mean equal rows. */
const dump = (url: string) =>
  withClient(url, async (client) => {
    const tables = {
      incident: "SELECT * FROM incident ORDER BY id",
      claim: "SELECT c.id, g.slug, c.stated_at, c.channel, c.text, c.url FROM claim c JOIN armed_group g ON g.id = c.group_id ORDER BY c.id",
      incident_claim: "SELECT * FROM incident_claim ORDER BY incident_id, claim_id",
      source: "SELECT * FROM source ORDER BY id",
      reference_counter: "SELECT * FROM reference_counter ORDER BY country, year",
    };
    const out: Record<string, string> = {};
    for (const [name, sql] of Object.entries(tables)) {
      // Site and group ids differ per database (uuidv7); compare them by slug instead.
      const rows = (await client.query(sql)).rows.map(
        ({ site_id: _s, attributed_to_id: _a, claimant_id: _g, created_at: _c, updated_at: _u, ...rest }) => rest,
      );
      out[name] = JSON.stringify(rows);
    }
    return out;
  });

const indexesAndKeys = (url: string) =>
  withClient(url, async (client) => {
    const { rows } = await client.query<{ def: string }>(
      `SELECT pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indrelid::regclass::text IN ('incident', 'claim', 'incident_claim', 'source')
       UNION ALL SELECT conrelid::regclass::text || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid::regclass::text IN ('incident', 'claim', 'incident_claim', 'source')
       ORDER BY 1`,
    );
    return rows.map((r) => r.def);
  });

describe("db:seed", () => {
  let first: TestDatabase;
  let second: TestDatabase;
  beforeAll(async () => {
    [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([first?.drop(), second?.drop()]);
  });

  it("loads reference data and the requested number of synthetic incidents, all marked synthetic", async () => {
    const before = await indexesAndKeys(first.url);
    await seedDatabase(first.url, ["--synthetic", "--count", "400", "--seed", "7"]);
    const counts = await withClient(first.url, async (client) => (await client.query(`
      SELECT (SELECT count(*) FROM incident)::int AS incidents,
             (SELECT count(*) FROM incident WHERE is_synthetic)::int AS synthetic,
             (SELECT count(*) FROM site)::int AS sites,
             (SELECT count(*) FROM armed_group)::int AS groups,
             (SELECT count(*) FROM armed_group WHERE parent_id IS NOT NULL)::int AS with_parent,
             (SELECT count(*) FROM source)::int AS sources,
             (SELECT count(*) FROM incident_claim)::int AS claim_links`)).rows[0]);
    expect(counts).toMatchObject({ incidents: 400, synthetic: 400, sites: REFERENCE_SITES.length, groups: REFERENCE_GROUPS.length });
    expect(counts.with_parent).toBe(REFERENCE_GROUPS.filter((g) => g.parentSlug).length);
    expect(counts.sources).toBeGreaterThanOrEqual(400);
    expect(counts.claim_links).toBeGreaterThan(100);
    // The bulk load dropped indexes and foreign keys for speed: all of them are back.
    expect(await indexesAndKeys(first.url)).toEqual(before);
  });

  it("is deterministic: the same seed in another database gives the same rows", async () => {
    await seedDatabase(second.url, ["--synthetic", "--count", "400", "--seed", "7"]);
    expect(await dump(second.url)).toEqual(await dump(first.url));
  });

  it("continues reference codes after the highest seeded one", async () => {
    const rows = await withClient(first.url, async (client) => (await client.query(`
      SELECT rc.last, max(substr(i.reference, 9)::int) AS highest FROM reference_counter rc
      JOIN incident i ON left(i.reference, 2) = rc.country AND substr(i.reference, 4, 4)::int = rc.year
      GROUP BY rc.country, rc.year, rc.last`)).rows);
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) expect(row.last).toBe(row.highest);
  });

  it("refuses a database that already holds synthetic incidents, and changes nothing", async () => {
    const before = await dump(first.url);
    await expect(seedDatabase(first.url, ["--synthetic", "--count", "10"])).rejects.toThrow(/already holds 400 synthetic incidents/);
    expect(await dump(first.url)).toEqual(before);
  });
});

describe("parseSeedArgs", () => {
  it("reads --count and --seed and refuses anything else with a clear message", () => {
    expect(parseSeedArgs([])).toEqual({ synthetic: false, count: 1500, seed: 20231017 });
    expect(parseSeedArgs(["--synthetic"])).toEqual({ synthetic: true, count: 1500, seed: 20231017 });
    expect(parseSeedArgs(["--synthetic", "--count", "1000000", "--seed", "3"])).toEqual({ synthetic: true, count: 1_000_000, seed: 3 });
    expect(() => parseSeedArgs(["--count", "5"])).toThrow(/add --synthetic/);
    expect(() => parseSeedArgs(["--synthetic", "--count", "-5"])).toThrow(SeedError);
    expect(() => parseSeedArgs(["--synthetic", "--count", "abc"])).toThrow(/--count needs a whole number/);
    expect(() => parseSeedArgs(["--rows", "5"])).toThrow(/Unknown option --rows/);
  });
});
