import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countIncidents } from "@/lib/data/dashboard";
import { incidentConditions, SqlParams, whereClause, withTextGroups } from "@/lib/data/incident-filter-sql";
import { listIncidents } from "@/lib/data/incident-list";
import { getPool } from "@/lib/db";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

// The text search folds Arabic spelling variants (normalize_search_text, the arabic_search
// migration) on both sides: what is stored in any spelling is found by a term in any other. Latin
// text is matched as before. Beside the hand-made rows, FILLER_ROWS plain incidents with notes of
// a usual length give the planner a table of realistic shape, so that the plan check means something.

const FILLER_ROWS = 20_000;

type Row = { ref: string; nameAr?: string; notes?: string; claimant?: "iri"; status?: "DRAFT" };

const ROWS: Row[] = [
  { ref: "IQ-2024-0001", nameAr: "قاعدة عين الأسد الجوية" }, // hamza on the alef
  { ref: "IQ-2024-0002", notes: "سقوط صاروخ قرب عين الاسد" }, // bare alef
  { ref: "IQ-2024-0003", notes: "هجوم على قاعدة الأَسَد" }, // short vowels
  { ref: "IQ-2024-0004", nameAr: "الأســد" }, // tatweel
  { ref: "IQ-2024-0005", notes: "طائرة مسيّرة" }, // taa marbuta, shadda
  { ref: "IQ-2024-0006", notes: "طائره مسيره" }, // the same words written with haa
  { ref: "IQ-2024-0007", notes: "قرب مستشفى الرمادي" }, // alef maqsura
  { ref: "IQ-2024-0008", notes: "قرب مستشفي الفلوجة" }, // the same word written with yaa
  { ref: "IQ-2024-0009", notes: "Drone attack on the airfield", claimant: "iri" }, // credited to a group with an Arabic name
  { ref: "IQ-2024-0010", notes: "Rocket fire near the Café des Arts" },
  { ref: "IQ-2024-0011", nameAr: "عين الأسد", status: "DRAFT" }, // never found: not published
];

const ASAD = ["IQ-2024-0001", "IQ-2024-0002", "IQ-2024-0003", "IQ-2024-0004"];

async function build(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const iri = (
    await client.query<{ id: string }>(
      "INSERT INTO armed_group (slug, name, name_ar, aliases) VALUES ('iri', 'Islamic Resistance in Iraq', 'المقاومة الإسلامية في العراق', '{IRI}') RETURNING id",
    )
  ).rows[0]!.id;
  const insert = `INSERT INTO incident (reference, occurred_on, country, location_name, location_name_ar, lat, lon, geo_precision,
      target_type, attack_type, outcome, claim_status, confidence, status, notes)
    VALUES ($1, '2024-02-01', 'IQ', 'Anbar', $2, 33.8, 42.4, 'EXACT', 'MILITARY_BASE', 'ROCKET', 'IMPACT', $3, 'LIKELY', $4, $5) RETURNING id`;
  for (const r of ROWS) {
    const { rows } = await client.query<{ id: string }>(insert, [r.ref, r.nameAr ?? null, r.claimant ? "CLAIMED" : "UNCLAIMED", r.status ?? "PUBLISHED", r.notes ?? null]);
    if (r.claimant) {
      const claim = (await client.query<{ id: string }>("INSERT INTO claim (group_id, stated_at) VALUES ($1, '2024-02-01') RETURNING id", [iri])).rows[0]!.id;
      await client.query("INSERT INTO incident_claim (incident_id, claim_id) VALUES ($1, $2)", [rows[0]!.id, claim]);
    }
  }
  await client.query(
    `INSERT INTO incident (reference, occurred_on, country, location_name, lat, lon, geo_precision, target_type, attack_type, outcome,
       claim_status, confidence, status, notes)
     SELECT 'SY-2023-' || lpad(n::text, 5, '0'), date '2023-11-01' + n % 500, 'SY', 'Outpost ' || n, 35, 40, 'NEAR', 'MILITARY_BASE',
       'MORTAR', 'FAILED', 'UNCLAIMED', 'UNVERIFIED', 'PUBLISHED',
       'routine report number ' || n || ': ' || repeat('Mortar rounds landed near the perimeter; no damage was reported. ', 4)
     FROM generate_series(1, ${FILLER_ROWS}) AS n`,
  );
  await client.query("ANALYZE incident");
  await client.end();
}

const found = async (q: string) => (await listIncidents({ q }, { sort: "reference_asc", limit: 100 })).items.map((i) => i.reference).sort();

describe("Arabic text search", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await build(db.url);
    process.env.DATABASE_URL = db.appUrl;
  }, 120_000);
  afterAll(async () => {
    await getPool().end();
    await db?.drop();
  });

  it.each(["الأسد", "الاسد", "الأَسَد", "الإسد", "الآسد", "الأســـد"])("%s finds the same incidents, whichever way each spells it", async (q) => {
    expect(await found(q)).toEqual(ASAD);
    expect(await countIncidents({ q })).toBe(ASAD.length);
  });

  it.each([
    ["طائرة مسيرة", ["IQ-2024-0005", "IQ-2024-0006"]], // taa marbuta and haa
    ["طائره مسيّره", ["IQ-2024-0005", "IQ-2024-0006"]],
    ["مستشفى", ["IQ-2024-0007", "IQ-2024-0008"]], // alef maqsura and yaa
    ["مستشفي", ["IQ-2024-0007", "IQ-2024-0008"]],
    ["مستشفى الرمادي", ["IQ-2024-0007"]], // still every word
  ])("%s", async (q, expected) => {
    expect(await found(q)).toEqual(expected);
  });

  it("finds a group's incidents by its Arabic name in any spelling", async () => {
    for (const q of ["المقاومة الإسلامية", "المقاومه الاسلاميه", "المُقاوَمة"]) expect(await found(q)).toEqual(["IQ-2024-0009"]);
  });

  it("matches Latin text as before: case-insensitive, accents kept", async () => {
    expect(await found("DRONE")).toEqual(["IQ-2024-0009"]);
    expect(await found("café")).toEqual(["IQ-2024-0010"]);
    expect(await found("cafe")).toEqual([]);
    expect(await countIncidents({ q: "routine" })).toBe(FILLER_ROWS);
  });

  it("reads the search index, not the whole incident table", async () => {
    for (const q of ["الاسد", "المقاومه الاسلاميه"]) {
      const params = new SqlParams();
      const where = whereClause(incidentConditions(await withTextGroups({ q }), params));
      const { rows } = await getPool().query<{ "QUERY PLAN": string }>(`EXPLAIN SELECT count(*) FROM incident i ${where}`, params.values);
      const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
      expect(plan).toContain("incident_search_vector_idx");
      expect(plan).not.toMatch(/Seq Scan on incident\b/);
    }
  });
});
