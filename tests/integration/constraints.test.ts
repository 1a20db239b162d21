// The hand-written constraints at the end of the init migration, exercised with raw SQL the way an
// import script or a bug would write: bad rows are refused by PostgreSQL itself.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});
afterAll(async () => {
  await client.end();
  await db.drop();
});

let sequence = 0;

/**
 * Inserts an incident; `sqlValues` overrides columns with SQL expressions (e.g. "current_date + 5").
 * Returns its id.
 */
async function insertIncident(values: Record<string, unknown> = {}, sqlValues: Record<string, string> = {}): Promise<string> {
  sequence += 1;
  const row: Record<string, unknown> = {
    reference: `IQ-2024-${String(sequence).padStart(4, "0")}`,
    occurred_on: "2024-01-28",
    country: "IQ",
    location_name: "Erbil",
    lat: 36.19,
    lon: 44.01,
    geo_precision: "NEAR",
    target_type: "MILITARY_BASE",
    attack_type: "ONE_WAY_DRONE",
    outcome: "IMPACT",
    claim_status: "CLAIMED",
    confidence: "LIKELY",
    ...values,
  };
  for (const column of Object.keys(sqlValues)) delete row[column];
  const columns = [...Object.keys(row), ...Object.keys(sqlValues)];
  const placeholders = [...Object.keys(row).map((_, i) => `$${i + 1}`), ...Object.values(sqlValues)];
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO incident (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${placeholders.join(", ")}) RETURNING id`,
    Object.values(row),
  );
  return rows[0]!.id;
}

async function insertSite(values: Record<string, unknown> = {}): Promise<void> {
  sequence += 1;
  const row = { slug: `site-${sequence}`, name: "Al-Asad Airbase", country: "IQ", lat: 33.79, lon: 42.44, type: "MILITARY_BASE", ...values };
  await client.query(
    `INSERT INTO site (${Object.keys(row).map((c) => `"${c}"`).join(", ")}) VALUES (${Object.keys(row).map((_, i) => `$${i + 1}`).join(", ")})`,
    Object.values(row),
  );
}

async function insertClaim(url: string | null): Promise<void> {
  sequence += 1;
  const { rows } = await client.query<{ id: string }>("INSERT INTO armed_group (slug, name) VALUES ($1, 'Test group') RETURNING id", [`group-${sequence}`]);
  await client.query("INSERT INTO claim (group_id, stated_at, url) VALUES ($1, now(), $2)", [rows[0]!.id, url]);
}

async function insertSource(incidentId: string, url: string): Promise<void> {
  await client.query("INSERT INTO source (incident_id, url, kind) VALUES ($1, $2, 'MEDIA')", [incidentId, url]);
}

/** PostgreSQL's check_violation, naming the constraint that refused the row. */
const violates = (constraint: string) => ({ code: "23514", constraint });

describe("incident", () => {
  it("accepts a complete, valid row, including boundary values", async () => {
    const ids = [
      await insertIncident(
        { killed_min: 0, killed_max: 0, wounded_min: 2, wounded_max: 5, lat: 90, lon: -180, status: "RETRACTED", retraction_reason: "Duplicate of IQ-2024-0001" },
        { occurred_on: "current_date + 1" },
      ),
      await insertIncident({ killed_min: null, killed_max: 3, lat: -90, lon: 180, reference: "SY-2025-12345", country: "SY" }),
    ];
    const { rows } = await client.query("SELECT reference, lat, lon, killed_min, killed_max FROM incident WHERE id = ANY($1::uuid[]) ORDER BY lat DESC", [ids]);
    expect(rows).toMatchObject([
      { lat: 90, lon: -180, killed_min: 0, killed_max: 0 },
      { reference: "SY-2025-12345", lat: -90, lon: 180, killed_min: null, killed_max: 3 },
    ]);
  });

  it.each([
    ["killed_min", { killed_min: -1 }, "incident_killed_min_check"],
    ["killed_max", { killed_max: -1 }, "incident_killed_max_check"],
    ["wounded_min", { wounded_min: -1 }, "incident_wounded_min_check"],
    ["wounded_max", { wounded_max: -1 }, "incident_wounded_max_check"],
  ])("refuses a negative %s", async (_column, values, constraint) => {
    await expect(insertIncident(values)).rejects.toMatchObject(violates(constraint));
  });

  it("refuses casualty ranges whose minimum exceeds the maximum", async () => {
    await expect(insertIncident({ killed_min: 5, killed_max: 2 })).rejects.toMatchObject(violates("incident_killed_range_check"));
    await expect(insertIncident({ wounded_min: 5, wounded_max: 2 })).rejects.toMatchObject(violates("incident_wounded_range_check"));
  });

  it("refuses coordinates off the globe", async () => {
    await expect(insertIncident({ lat: 91 })).rejects.toMatchObject(violates("incident_lat_check"));
    await expect(insertIncident({ lon: -181 })).rejects.toMatchObject(violates("incident_lon_check"));
    await expect(insertIncident({ lat: "NaN" })).rejects.toMatchObject(violates("incident_lat_check"));
  });

  it("refuses a date more than a day in the future", async () => {
    await expect(insertIncident({}, { occurred_on: "current_date + 5" })).rejects.toMatchObject(violates("incident_occurred_on_not_future_check"));
  });

  it("refuses a retraction without a reason", async () => {
    await expect(insertIncident({ status: "RETRACTED" })).rejects.toMatchObject(violates("incident_retraction_reason_check"));
    await expect(insertIncident({ status: "RETRACTED", retraction_reason: "  " })).rejects.toMatchObject(violates("incident_retraction_reason_check"));
  });

  it("refuses a version below 1, a malformed country code and a malformed reference", async () => {
    await expect(insertIncident({ version: 0 })).rejects.toMatchObject(violates("incident_version_check"));
    await expect(insertIncident({ country: "iq" })).rejects.toMatchObject(violates("incident_country_check"));
    await expect(insertIncident({ country: "I" })).rejects.toMatchObject(violates("incident_country_check"));
    await expect(insertIncident({ reference: "IQ-24-0001" })).rejects.toMatchObject(violates("incident_reference_format_check"));
    await expect(insertIncident({ reference: "IQ-2024-001" })).rejects.toMatchObject(violates("incident_reference_format_check"));
  });

  it("checks updates too, not only inserts", async () => {
    const id = await insertIncident();
    await expect(client.query("UPDATE incident SET killed_min = -3 WHERE id = $1", [id])).rejects.toMatchObject(violates("incident_killed_min_check"));
  });
});

describe("site", () => {
  it("accepts a valid site and refuses bad coordinates or country codes", async () => {
    await insertSite();
    await expect(insertSite({ lat: 91 })).rejects.toMatchObject(violates("site_lat_check"));
    await expect(insertSite({ lon: -181 })).rejects.toMatchObject(violates("site_lon_check"));
    await expect(insertSite({ country: "xx" })).rejects.toMatchObject(violates("site_country_check"));
  });
});

describe("slugs", () => {
  // Lower-case words joined by hyphens: never a leading formula character, so exports need no guard.
  it("accept lower-case words and digits joined by hyphens and refuse anything else", async () => {
    await insertSite({ slug: "al-asad-2" });
    for (const slug of ["=cmd", "-site", "site-", "Al-Asad", "al asad", "al--asad", ""]) {
      await expect(insertSite({ slug })).rejects.toMatchObject(violates("site_slug_check"));
      await expect(client.query("INSERT INTO armed_group (slug, name) VALUES ($1, 'Test group')", [slug])).rejects.toMatchObject(violates("armed_group_slug_check"));
    }
  });
});


describe("source and claim URLs", () => {
  it("accept http(s) links and refuse anything else", async () => {
    const incidentId = await insertIncident();
    await insertSource(incidentId, "https://example.org/report");
    await insertSource(incidentId, "HTTP://example.org/old");
    await expect(insertSource(incidentId, "javascript:alert(1)")).rejects.toMatchObject(violates("source_url_check"));
    await expect(insertSource(incidentId, "data:text/html,<script>alert(1)</script>")).rejects.toMatchObject(violates("source_url_check"));

    await insertClaim(null);
    await insertClaim("https://t.me/example/1");
    await expect(insertClaim("javascript:alert(1)")).rejects.toMatchObject(violates("claim_url_check"));
  });
});

describe("audit_entry", () => {
  let id: string;
  beforeAll(async () => {
    const { rows } = await client.query<{ id: string }>(
      "INSERT INTO audit_entry (actor_label, action, entity_type, entity_id, after) VALUES ('editor@example.org', 'CREATE', 'incident', 'x', '{}') RETURNING id",
    );
    id = rows[0]!.id;
  });

  it("refuses UPDATE, DELETE and TRUNCATE, and keeps the row", async () => {
    await expect(client.query("UPDATE audit_entry SET reason = 'rewritten' WHERE id = $1", [id])).rejects.toThrow(/append-only: UPDATE/);
    await expect(client.query("DELETE FROM audit_entry WHERE id = $1", [id])).rejects.toThrow(/append-only: DELETE/);
    await expect(client.query("TRUNCATE audit_entry")).rejects.toThrow(/append-only: TRUNCATE/);
    const { rows } = await client.query<{ reason: string | null }>("SELECT reason FROM audit_entry WHERE id = $1", [id]);
    expect(rows).toEqual([{ reason: null }]);
  });

  it("still accepts new entries", async () => {
    const { rows } = await client.query(
      "INSERT INTO audit_entry (actor_label, action, entity_type, entity_id) VALUES ('importer', 'IMPORT', 'incident', 'y') RETURNING actor_label, action",
    );
    expect(rows).toEqual([{ actor_label: "importer", action: "IMPORT" }]);
  });
});
