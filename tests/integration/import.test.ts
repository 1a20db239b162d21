import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as commitRoute } from "@/app/api/import/[batchId]/commit/route";
import { DELETE as discardRoute } from "@/app/api/import/[batchId]/route";
import { GET as exportRoute } from "@/app/api/export/route";
import { POST as uploadRoute } from "@/app/api/import/route";
import { upsertUser } from "@/lib/accounts/users";
import type { Actor } from "@/lib/auth/guards";
import { getDb, getPool } from "@/lib/db";
import { commitImport, getImportPreview, stageImport } from "@/lib/data/incident-import";
import { exportStatementFor } from "@/lib/data/incident-export";
import { getIncidentSnapshot } from "@/lib/data/incident-snapshot";
import { INCIDENT_COLUMNS } from "@/lib/export/columns";
import { parseCsv } from "@/lib/export/csv";
import { IMPORT_LIMITS } from "@/lib/import/file";
import { loadReferenceData, seedDatabase } from "@/prisma/seed";
import { configureTestAuth, signIn, TEST_AUTH_URL } from "../helpers/auth-session";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

// Imports against a real database and the real route handlers: a file goes to staging (checked by
// the form's schema, nothing imported), then one transaction imports its valid rows. Our own export
// survives the round trip; every kind of bad file is refused or reported by row, and writes nothing.

const PASSWORD = "correct horse battery";
const HEADER = INCIDENT_COLUMNS.map((c) => c.name).join(",");

/** A row of our export layout from a few fields; the rest take plain valid values. */
function ourRow(fields: Partial<Record<(typeof INCIDENT_COLUMNS)[number]["name"], string>> = {}): string {
  const row: Record<string, string> = {
    id: "", reference: "", occurred_on: "2024-02-10", occurred_time: "", date_precision: "DAY", country: "IQ", admin1: "Anbar",
    location_name: "Test place", location_name_ar: "", latitude: "33.1", longitude: "42.1", geo_precision: "EXACT", site: "", site_name: "",
    target_type: "MILITARY_BASE", attack_type: "ROCKET", outcome: "IMPACT", claim_status: "UNCLAIMED", claimants: "", credited_claimant: "",
    attributed_group: "", killed_min: "", killed_max: "", wounded_min: "", wounded_max: "", confidence: "LIKELY", source_urls: "", notes: "",
    updated_at: "", is_synthetic: "false", ...fields,
  };
  return INCIDENT_COLUMNS.map((c) => {
    const v = row[c.name]!;
    return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
  }).join(",");
}

const csvFile = (...rows: string[]) => `${HEADER}\r\n${rows.join("\r\n")}\r\n`;

async function exportCsv(client: pg.ClientBase): Promise<string> {
  let text = "";
  for await (const chunk of client.query(copyTo(await exportStatementFor({}, "csv", "standard"))) as AsyncIterable<Buffer>) text += chunk.toString("utf8");
  return text;
}

const scalar = async (sql: string, params: unknown[] = []) => Object.values((await getPool().query(sql, params)).rows[0] as object)[0] as number;
/** Everything an import could have written, to show that a refusal wrote nothing. */
const footprint = async () => ({
  incidents: await scalar("SELECT count(*)::int FROM incident"),
  claims: await scalar("SELECT count(*)::int FROM claim"),
  sources: await scalar("SELECT count(*)::int FROM source"),
  audit: await scalar("SELECT count(*)::int FROM audit_entry"),
  counters: await scalar("SELECT coalesce(sum(last), 0)::int FROM reference_counter"),
  rollup: await scalar("SELECT coalesce(sum(incidents), 0)::int FROM incident_daily_total"),
});

describe("import", () => {
  let source: TestDatabase;
  let db: TestDatabase;
  let editor: Actor;
  let cookie: string;
  let viewerCookie: string;

  const upload = (body: BodyInit | null, query = "name=test.csv", headers: Record<string, string> = {}, as = cookie) =>
    uploadRoute(new Request(`${TEST_AUTH_URL}/api/import?${query}`, { method: "POST", body, headers: { cookie: as, Origin: TEST_AUTH_URL, ...headers } }));
  const commit = (batchId: string, body: object, as = cookie) =>
    commitRoute(
      new Request(`${TEST_AUTH_URL}/api/import/${batchId}/commit`, { method: "POST", body: JSON.stringify(body), headers: { cookie: as, Origin: TEST_AUTH_URL } }),
      { params: Promise.resolve({ batchId }) },
    );
  /** The commit's progress lines, parsed. */
  const events = async (response: Response) => (await response.text()).trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);

  beforeAll(async () => {
    // The source of the round trip: the demo data set in a database of its own.
    source = await createTestDatabase();
    await seedDatabase(source.url, ["--count", "800", "--seed", "7"]);
    // The database under test starts with the reference sites and groups and no incidents.
    db = await createTestDatabase();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await loadReferenceData(client);
    await client.end();
    process.env.DATABASE_URL = db.url;
    configureTestAuth();
    const editorAccount = await upsertUser(db.url, { email: "importer@test.invalid", password: PASSWORD, role: "editor" });
    await upsertUser(db.url, { email: "reader@test.invalid", password: PASSWORD, role: "viewer" });
    editor = { userId: editorAccount.id, role: "editor", label: "importer@test.invalid" };
    cookie = (await signIn("importer@test.invalid", PASSWORD)).cookie!;
    viewerCookie = (await signIn("reader@test.invalid", PASSWORD)).cookie!;
  });
  afterAll(async () => {
    await getPool().end();
    await source?.drop();
    await db?.drop();
  });

  describe("round trip", () => {
    it("imports our own export into an empty database and exports the same data again", async () => {
      const client = new pg.Client({ connectionString: source.url });
      await client.connect();
      const original = await exportCsv(client);
      await client.end();

      const staged = await upload(original, "name=attack-tracker_all.csv");
      expect(staged.status).toBe(201);
      const { batchId, rowCount, validCount } = (await staged.json()) as { batchId: string; rowCount: number; validCount: number };
      const preview = (await getImportPreview(editor, batchId))!;
      expect(preview.invalid).toEqual([]);
      expect(validCount).toBe(rowCount);
      expect(preview.batch.layout).toBe("standard");
      expect(preview.batch.ignoredColumns).toEqual(["id", "reference", "site_name", "updated_at"]);
      expect(await scalar("SELECT count(*)::int FROM incident")).toBe(0); // the preview wrote no incident

      const progress = await events(await commit(batchId, { status: "PUBLISHED" }));
      expect(progress.at(-1)).toEqual({ imported: rowCount });

      const again = await (await exportRoute(new Request("http://localhost/api/export?format=csv"))).text();
      const [header, ...before] = parseCsv(original);
      const [, ...after] = parseCsv(again);
      expect(after).toHaveLength(before.length);
      // id, reference and updated_at are assigned by the import; every other cell is the same, row for row.
      const differing = new Set(["id", "reference", "updated_at"]);
      const keep = (row: string[]) => row.filter((_, k) => !differing.has(header![k]!));
      expect(before.length).toBeGreaterThan(700);
      expect(after.map(keep)).toEqual(before.map(keep));

      // One IMPORT entry per incident, sharing the batch id, holding exactly the snapshot the form's history stores.
      const entries = await getDb().auditEntry.findMany({ where: { batchId }, orderBy: { id: "asc" } });
      expect(entries).toHaveLength(rowCount);
      expect(new Set(entries.map((e) => `${e.action} ${e.actorId} ${e.actorLabel}`))).toEqual(new Set([`IMPORT ${editor.userId} importer@test.invalid`]));
      expect(entries[0]!.reason).toMatch(/^Imported from "attack-tracker_all\.csv" \(sha256 [0-9a-f]{64}\), row \d+$/);
      for (const entry of entries.filter((_, k) => k % 50 === 0)) {
        expect(entry.after).toEqual(await getIncidentSnapshot(entry.entityId));
      }
      // The derived columns and rollups are what the row triggers would have made.
      expect(await scalar(`SELECT count(*)::int FROM incident i WHERE claimant_id IS DISTINCT FROM incident_credited_claimant(i.id)
        OR claim_count <> (SELECT count(*) FROM incident_claim WHERE incident_id = i.id) OR source_text <> incident_source_text(i.id)`)).toBe(0);
      const rollups = async () => (await getPool().query(`
        SELECT (SELECT array_agg(x ORDER BY x) FROM (SELECT concat_ws(',', day, claimant_id, attack_type, sum(incidents), sum(killed_min), sum(claims)) x
                  FROM incident_daily_total GROUP BY day, claimant_id, attack_type) t) AS totals,
               (SELECT array_agg(x ORDER BY x) FROM (SELECT concat_ws(',', zoom, gx, gy, day, sum(incidents)) x FROM incident_grid_stat GROUP BY zoom, gx, gy, day) t) AS grid,
               (SELECT array_agg(x ORDER BY x) FROM (SELECT concat_ws(',', day, country, site_id, sum(incidents), sum(wounded_max)) x FROM incident_daily_stat GROUP BY day, country, site_id) t) AS stats`)).rows[0];
      const incremental = await rollups();
      await getPool().query("SELECT rebuild_incident_stats()");
      expect(incremental).toEqual(await rollups());
      // Reference codes continue per country and year.
      expect(await scalar("SELECT count(*)::int FROM incident i WHERE substr(reference, 9)::int > (SELECT last FROM reference_counter c WHERE c.country = i.country AND c.year = extract(year FROM i.occurred_on))")).toBe(0);
      // The staged rows are gone; the batch stays as the record of the file.
      expect(await scalar("SELECT count(*)::int FROM import_row WHERE batch_id = $1", [batchId])).toBe(0);
      expect((await getImportPreview(editor, batchId))!.batch).toMatchObject({ status: "COMMITTED", importedAs: "PUBLISHED", importedCount: rowCount });
    });
  });
});
