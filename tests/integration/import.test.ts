import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as commitRoute } from "@/app/api/import/[batchId]/commit/route";
import { DELETE as discardRoute } from "@/app/api/import/[batchId]/route";
import { GET as exportRoute } from "@/app/api/export/route";
import { POST as uploadRoute } from "@/app/api/import/route";
import { upsertUser } from "@/lib/accounts/users";
import type { Actor } from "@/lib/auth/guards";
import { getDb, getPool } from "@/lib/db";
import { listImportMappings, saveImportMapping } from "@/lib/data/import-mappings";
import { commitImport, discardImport, getImportPreview, stageImport } from "@/lib/data/incident-import";
import { ConflictError } from "@/lib/data/incident-writes";
import { RecordInputError } from "@/lib/data/keyed-record-writes";
import { exportStatementFor } from "@/lib/data/incident-export";
import { getIncidentSnapshot } from "@/lib/data/incident-snapshot";
import { INCIDENT_COLUMNS } from "@/lib/export/columns";
import { parseCsv } from "@/lib/export/csv";
import { suggestMapping } from "@/lib/import/columns";
import { IMPORT_LIMITS } from "@/lib/import/file";
import { headerKey } from "@/lib/import/values";
import { loadReferenceData, seedDatabase } from "@/prisma/seed";
import { configureTestAuth, signIn, TEST_AUTH_URL } from "../helpers/auth-session";
import { COUNT_STALE_DERIVED_COLUMNS } from "../helpers/derived-columns";

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
  /** A hand-made file with the editor's choices ahead of it in the body, as the upload page sends it. */
  const uploadWithChoices = (file: string, choices: object, name = "hand.csv") => {
    const json = Buffer.from(JSON.stringify(choices));
    return upload(Buffer.concat([json, Buffer.from(file)]), `name=${name}&layout=custom&choices=${json.length}`);
  };
  /** The commit's progress lines, parsed. */
  const events = async (response: Response) => (await response.text()).trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);

  beforeAll(async () => {
    // The source of the round trip: the demo data set in a database of its own.
    source = await createTestDatabase();
    await seedDatabase(source.url, ["--synthetic", "--count", "800", "--seed", "7"]);
    // The database under test starts with the reference sites and groups and no incidents.
    db = await createTestDatabase();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await loadReferenceData(client);
    await client.end();
    process.env.DATABASE_URL = db.appUrl; // the app's pool connects as the app role, as in production
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
      expect(preview.batch.ignoredColumns).toEqual(["id", "reference", "site_name", "claimant_names", "credited_claimant_name", "attributed_group_name", "updated_at"]);
      expect(await scalar("SELECT count(*)::int FROM incident")).toBe(0); // the preview wrote no incident

      const progress = await events(await commit(batchId, { status: "PUBLISHED" }));
      expect(progress.at(-1)).toEqual({ imported: rowCount, leftOut: 0 });

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
        expect(entry.after).toEqual(await getIncidentSnapshot(editor, entry.entityId));
      }
      // The derived columns and rollups are what the row triggers would have made.
      expect(await scalar(COUNT_STALE_DERIVED_COLUMNS)).toBe(0);
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

  describe("checking rows", () => {
    it("reports each bad row with its row number, column, value and the form's message, and stages the rest", async () => {
      const file = csvFile(
        ourRow({ location_name: "Good one" }),
        ourRow({ killed_min: "-1" }),
        ourRow({ occurred_on: "2024-02-30", latitude: "91" }),
        ourRow({ claim_status: "CLAIMED" }),
        ourRow({ source_urls: "javascript:alert(1)" }),
        ourRow({ claimants: "no-such-group", claim_status: "CLAIMED" }),
        ourRow({ notes: "<script>alert(1)</script>" }),
        ourRow({ location_name: "Multi\nline" }),
      );
      const before = await footprint();
      const { batchId, rowCount, validCount } = await stageImport(editor, { fileName: "bad.csv", bytes: Buffer.from(file), layout: null, mapping: null });
      expect([rowCount, validCount]).toEqual([8, 1]);
      const preview = (await getImportPreview(editor, batchId))!;
      expect(preview.invalid).toEqual([
        { rowNumber: 3, problems: [{ column: "killed_min", value: "-1", message: "Enter a whole number (0 or more), or leave empty if unknown." }] },
        {
          rowNumber: 4,
          problems: [
            { column: "occurred_on", value: "2024-02-30", message: "Enter a real date as YYYY-MM-DD." },
            { column: "latitude", value: "91", message: "Enter a latitude from -90 to 90 in decimal degrees (e.g. 33.7856)." },
          ],
        },
        { rowNumber: 5, problems: [{ column: "claim_status", value: "CLAIMED", message: "A claimed incident needs at least one claim statement; add it below." }] },
        { rowNumber: 6, problems: [{ column: "source_urls", value: "javascript:alert(1)", message: "Only http and https addresses are allowed." }] },
        { rowNumber: 7, problems: [{ column: "claimants", value: "no-such-group", message: "claimants 'no-such-group' is not a known group: choose a group listed by /api/groups (its slug, name or alias)." }] },
        { rowNumber: 8, problems: [{ column: "notes", value: "<script>alert(1)</script>", message: "This contains HTML tags; write plain text." }] },
        { rowNumber: 9, problems: [{ column: "location_name", value: "Multi\nline", message: "This contains control characters or line breaks; use plain text." }] },
      ]);
      expect(preview.sample.map((r) => [r.rowNumber, r.incident.locationName])).toEqual([[2, "Good one"]]);
      expect(await footprint()).toEqual(before); // staging is not importing
    });

    it("takes off exactly the apostrophe our export puts before a formula, and nothing else", async () => {
      const file = csvFile(
        ourRow({ notes: `'=HYPERLINK("http://evil.invalid/","x")`, location_name: "'+cmd|' /C calc'!A0", admin1: "'@SUM(1)" }),
        ourRow({ notes: "'plain quote stays", location_name: "'-1+1", location_name_ar: "'\t=1" }),
      );
      const { batchId } = await stageImport(editor, { fileName: "formulas.csv", bytes: Buffer.from(file), layout: null, mapping: null });
      const [first, second] = (await getImportPreview(editor, batchId))!.sample.map((r) => r.incident);
      expect([first!.notes, first!.locationName, first!.admin1]).toEqual(['=HYPERLINK("http://evil.invalid/","x")', "+cmd|' /C calc'!A0", "@SUM(1)"]);
      // The form trims text, so a tab-led cell loses its tab as typed text would.
      expect([second!.notes, second!.locationName, second!.locationNameAr]).toEqual(["'plain quote stays", "-1+1", "=1"]);
    });

    it("reads an ACLED file as far as its columns carry our fields", async () => {
      const header = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp";
      const rows = [
        // Our own ACLED export: the codes come back from tags.
        `IQ-2024-0001,2024-01-28,2024,2,Political violence,Explosions/Remote violence,Air/drone strike,Kataib Hezbollah,,3,Coalition Forces (International),,8,38,,368,Middle East,Iraq,Anbar,,,Near the base,33.8,42.44,2,Wire,,"'=notes",3,attack_type=one_way_drone; outcome=impact; confidence=likely; claim_status=claimed,1700000000`,
        // ACLED's own download: day-month-year dates, no tags.
        `IRQ1234,05 January 2024,2024,1,Political violence,Battles,Armed clash,Unidentified Armed Group (Iraq),,3,Military Forces of the United States,,8,18,,368,Middle East,Iraq,Baghdad,,,Baghdad,33.3,44.4,1,Reuters,,,0,,1700000000`,
      ];
      const kh = (await getPool().query<{ name: string }>("SELECT name FROM armed_group WHERE slug = 'kataib-hezbollah'")).rows[0]!.name;
      const file = `${header}\n${rows.join("\n").replace("Kataib Hezbollah", kh)}\n`;
      const { batchId, validCount } = await stageImport(editor, { fileName: "acled.csv", bytes: Buffer.from(file), layout: null, mapping: null });
      const preview = (await getImportPreview(editor, batchId))!;
      expect(preview.invalid).toEqual([]);
      expect(validCount).toBe(2);
      expect(preview.batch.layout).toBe("acled");
      const [ours, theirs] = preview.sample.map((r) => r.incident);
      expect(ours).toMatchObject({
        occurredOn: "2024-01-28", datePrecision: "WEEK", country: "IQ", admin1: "Anbar", locationName: "Near the base", lat: 33.8, lon: 42.44,
        geoPrecision: "NEAR", attackType: "ONE_WAY_DRONE", outcome: "IMPACT", confidence: "LIKELY", claimStatus: "CLAIMED",
        claims: [expect.objectContaining({ group: "kataib-hezbollah", statedOn: "2024-01-28" })], killedMin: 3, killedMax: 3, notes: "=notes",
        targetType: "UNKNOWN", isSynthetic: false,
      });
      expect(theirs).toMatchObject({
        occurredOn: "2024-01-05", datePrecision: "DAY", attackType: "SMALL_ARMS", outcome: "UNKNOWN", confidence: "UNVERIFIED",
        claimStatus: "UNCLAIMED", claims: [], attributedTo: null, killedMin: 0, geoPrecision: "EXACT",
      });
    });

    it("reads a hand-made file through the editor's column mapping, ignoring the columns left unmapped", async () => {
      const file = "When,Where,Lat,Lon,Country,Weapon,Comment,__proto__\n2024-03-01,Hand made,33.5,43.5,SY,MORTAR,ignored,x\n";
      const fixed = ["DAY", "EXACT", "UNKNOWN", "UNKNOWN", "UNCLAIMED", "UNVERIFIED"];
      const withCodes = file.replace("__proto__\n", `__proto__,dp,gp,tt,oc,cs,cf\n`).replace(",x\n", `,x,${fixed.join(",")}\n`);
      const mapping: Array<[string, string]> = [
        ["When", "occurred_on"], ["Where", "location_name"], ["Lat", "latitude"], ["Lon", "longitude"], ["Country", "country"], ["Weapon", "attack_type"],
        ["Comment", ""], ["dp", "date_precision"], ["gp", "geo_precision"], ["tt", "target_type"], ["oc", "outcome"], ["cs", "claim_status"], ["cf", "confidence"],
      ];
      const response = await uploadWithChoices(withCodes, { mapping });
      expect(response.status).toBe(201);
      const preview = (await getImportPreview(editor, ((await response.json()) as { batchId: string }).batchId))!;
      expect(preview.batch.ignoredColumns).toEqual(["Comment", "__proto__"]);
      expect(preview.sample[0]!.incident).toMatchObject({ occurredOn: "2024-03-01", locationName: "Hand made", country: "SY", attackType: "MORTAR" });
      expect(({} as Record<string, unknown>).x).toBeUndefined(); // no prototype pollution

      // Without a mapping the same file is refused, saying what to do.
      const unmapped = await upload(withCodes);
      expect(unmapped.status).toBe(422);
      expect(await unmapped.json()).toEqual({ error: "The columns are neither our export's nor ACLED's; map each column to a field on the import page." });
    });

    it("finds likely duplicates of stored incidents and within the file, by the form's rule", async () => {
      const stored = await getPool().query<{ id: string; reference: string }>(
        `INSERT INTO incident (reference, occurred_on, country, location_name, lat, lon, geo_precision, target_type, attack_type, outcome, claim_status, confidence)
         VALUES ('SY-2023-9001', '2023-06-01', 'SY', 'Stored', 34.0, 37.0, 'EXACT', 'MILITARY_BASE', 'ROCKET', 'IMPACT', 'UNCLAIMED', 'LIKELY') RETURNING id, reference`,
      );
      const file = csvFile(
        ourRow({ occurred_on: "2023-06-02", country: "SY", latitude: "34.05", longitude: "37.0" }), // a day later, 5.6 km away
        ourRow({ occurred_on: "2023-06-03", country: "SY", latitude: "34.0", longitude: "37.0" }), // two days later: not a duplicate of it
        ourRow({ occurred_on: "2023-06-03", country: "SY", latitude: "34.01", longitude: "37.01" }), // but of the row above
        ourRow({ occurred_on: "2023-06-01", country: "SY", latitude: "35.0", longitude: "37.0" }), // 111 km away
        ourRow({ occurred_on: "2023-05-31", country: "SY", latitude: "33.0", longitude: "39.5", site: "al-tanf" }), // far, but the same site
      );
      await getPool().query(
        `INSERT INTO incident (reference, occurred_on, country, location_name, lat, lon, geo_precision, target_type, attack_type, outcome, claim_status, confidence, site_id)
         SELECT 'SY-2023-9002', '2023-06-01', 'SY', 'At the site', lat, lon, 'EXACT', 'MILITARY_BASE', 'ROCKET', 'IMPACT', 'UNCLAIMED', 'LIKELY', id FROM site WHERE slug = 'al-tanf'`,
      );
      const { batchId } = await stageImport(editor, { fileName: "dups.csv", bytes: Buffer.from(file), layout: null, mapping: null });
      const preview = (await getImportPreview(editor, batchId))!;
      expect(preview.existingDuplicates.map((d) => [d.rowNumber, d.matches.map((m) => [m.reference, m.distanceKm, m.sameSite])])).toEqual([
        [2, [[stored.rows[0]!.reference, 5.6, false]]],
        [6, [["SY-2023-9002", expect.any(Number), true]]],
      ]);
      expect(preview.inFileDuplicates).toEqual([
        { rowNumber: 2, rows: [3, 4], hasMore: false },
        { rowNumber: 3, rows: [2, 4], hasMore: false },
        { rowNumber: 4, rows: [2, 3], hasMore: false },
      ]);
      // The duplicates of stored incidents are left out by default: the other three are imported.
      expect(preview.existingDuplicateCount).toBe(2);
      const result = await commitImport(editor, batchId, { status: "DRAFT" });
      expect(result).toEqual({ imported: 3, leftOut: 2 });
      expect(await scalar("SELECT count(*)::int FROM audit_entry WHERE batch_id = $1", [batchId])).toBe(3);
    });

    it("flags the same rows as the rule written in SQL with distance_km, in a crowd of stored incidents", async () => {
      // 120 stored incidents and 80 rows over a week within ~45 km, a third at one site: rows
      // with none, a few and more than ten matches, near the 10 km edge and across 0.1° bands.
      await getPool().query(
        `INSERT INTO incident (reference, occurred_on, country, location_name, lat, lon, geo_precision, target_type, attack_type, outcome, claim_status, confidence, site_id, status, retraction_reason)
         SELECT 'SY-2021-' || lpad(g::text, 4, '0'), DATE '2021-03-01' + (g * 7) % 6, 'SY', 'Crowd ' || g,
                35.4 + ((g * 37) % 100) / 250.0, 38.6 + ((g * 53) % 100) / 250.0, 'EXACT', 'MILITARY_BASE', 'ROCKET', 'IMPACT', 'UNCLAIMED', 'LIKELY',
                CASE WHEN g % 3 = 0 THEN (SELECT id FROM site WHERE slug = 'green-village') END,
                CASE WHEN g % 11 = 0 THEN 'RETRACTED' ELSE 'PUBLISHED' END::"PublicationStatus", CASE WHEN g % 11 = 0 THEN 'Test' END
         FROM generate_series(1, 120) g`,
      );
      const rows = Array.from({ length: 80 }, (_, i) =>
        ourRow({
          occurred_on: `2021-03-0${1 + ((i * 5) % 8)}`, country: "SY", location_name: `Row ${i}`,
          latitude: String(35.38 + ((i * 41) % 100) / 225), longitude: String(38.58 + ((i * 29) % 100) / 225), site: i % 4 === 0 ? "green-village" : "",
        }),
      );
      const { batchId } = await stageImport(editor, { fileName: "crowd.csv", bytes: Buffer.from(csvFile(...rows)), layout: null, mapping: null });
      const bySql = await getPool().query<{ row_number: number; n: number }>(
        `SELECT r.row_number, count(*)::int AS n FROM import_row r
         JOIN incident i ON i.status <> 'RETRACTED' AND i.occurred_on BETWEEN r.occurred_on - 1 AND r.occurred_on + 1
         LEFT JOIN site s ON s.id = i.site_id
         WHERE r.batch_id = $1 AND r.input IS NOT NULL AND (s.slug = r.site OR round(distance_km(r.lat, r.lon, i.lat, i.lon)::numeric, 1) <= 10)
         GROUP BY r.row_number ORDER BY r.row_number`,
        [batchId],
      );
      const staged = await getPool().query<{ row_number: number; listed: number; has_more: boolean }>(
        `SELECT row_number, jsonb_array_length(matches) AS listed, has_more FROM import_duplicate WHERE batch_id = $1 AND kind = 'EXISTING' ORDER BY row_number`,
        [batchId],
      );
      expect(staged.rows).toEqual(bySql.rows.map((r) => ({ row_number: r.row_number, listed: Math.min(r.n, 10), has_more: r.n > 10 })));
      const counts = bySql.rows.map((r) => r.n);
      expect([Math.min(...counts) <= 10, Math.max(...counts) > 10, bySql.rows.length < 80]).toEqual([true, true, true]);
      expect(await discardImport(editor, batchId)).toBe(true);
      await getPool().query("DELETE FROM incident WHERE location_name LIKE 'Crowd %'");
    });
  });

  describe("commit", () => {
    it("imports the valid rows as drafts with claims, sources and reference codes, as the form would", async () => {
      const file = csvFile(
        ourRow({ occurred_on: "2022-06-01", claim_status: "CLAIMED", claimants: "kataib-hezbollah;harakat-hezbollah-al-nujaba", credited_claimant: "harakat-hezbollah-al-nujaba",
          source_urls: "https://example.org/a | https://example.org/b?x=1;y=2", killed_min: "2", wounded_min: "1", wounded_max: "4", notes: "Two\nlines" }),
        ourRow({ occurred_on: "2022-05-01", killed_min: "oops" }),
        ourRow({ occurred_on: "2022-05-01", occurred_time: "21:30" }),
      );
      const { batchId } = await stageImport(editor, { fileName: "drafts.csv", bytes: Buffer.from(file), layout: null, mapping: null });
      const progress = await events(await commit(batchId, { status: "DRAFT" }));
      expect(progress).toEqual([{ done: 2, total: 2 }, { imported: 2, leftOut: 0 }]);
      const rows = (await getPool().query<{ id: string; reference: string; status: string; created_by_id: string }>(
        "SELECT i.id, i.reference, i.status, i.created_by_id FROM incident i JOIN audit_entry a ON a.entity_id = i.id::text WHERE a.batch_id = $1 ORDER BY i.occurred_on",
        [batchId],
      )).rows;
      // Codes in date order: May before June, continuing 2022's counter for Iraq.
      expect(rows.map((r) => [r.reference, r.status, r.created_by_id])).toEqual([
        ["IQ-2022-0001", "DRAFT", editor.userId],
        ["IQ-2022-0002", "DRAFT", editor.userId],
      ]);
      const claimed = (await getIncidentSnapshot(editor, rows[1]!.id))!;
      expect(claimed).toMatchObject({
        status: "DRAFT", claimStatus: "CLAIMED", killedMin: 2, killedMax: 2, woundedMin: 1, woundedMax: 4, notes: "Two\nlines",
        sources: [expect.objectContaining({ url: "https://example.org/a", kind: "OTHER" }), expect.objectContaining({ url: "https://example.org/b?x=1;y=2" })],
      });
      expect(claimed.claims.map((c) => [c.group, c.statedOn])).toEqual([["harakat-hezbollah-al-nujaba", "2022-06-01"], ["kataib-hezbollah", "2022-06-01"]]);
      // Credited to the credited claimant of the file, as the claim trigger would have it.
      expect(await scalar("SELECT g.slug FROM incident i JOIN armed_group g ON g.id = i.claimant_id WHERE i.id = $1", [rows[1]!.id])).toBe("harakat-hezbollah-al-nujaba");
      expect((await getIncidentSnapshot(editor, rows[0]!.id))!.occurredTime).toBe("21:30");
      // Drafts are not counted on the dashboard.
      expect(await scalar("SELECT coalesce(sum(incidents), 0)::int FROM incident_daily_total WHERE day BETWEEN '2022-05-01' AND '2022-06-01'")).toBe(0);

      // The same batch cannot be imported twice.
      const twice = await commit(batchId, { status: "DRAFT" });
      expect(twice.status).toBe(409);
      expect(await twice.json()).toEqual({ error: "This file has already been imported." });
    });

    it("is all or nothing: a row the database refuses midway leaves nothing of the batch", async () => {
      const file = csvFile(...Array.from({ length: 30 }, (_, k) => ourRow({ occurred_on: "2021-03-01", location_name: `Row ${k}`, latitude: String(30 + k / 10) })));
      const { batchId } = await stageImport(editor, { fileName: "fails.csv", bytes: Buffer.from(file), layout: null, mapping: null });
      // A staged row altered behind the schema's back (a killed count below zero): only the CHECK constraint can stop it.
      await getPool().query(`UPDATE import_row SET input = jsonb_set(input, '{killedMin}', '-5') WHERE batch_id = $1 AND row_number = 25`, [batchId]);
      const before = await footprint();
      const seen: number[] = [];
      await expect(commitImport(editor, batchId, { status: "PUBLISHED", chunkSize: 5, onProgress: (done) => seen.push(done) }))
        .rejects.toMatchObject({ constraint: "incident_killed_min_check" });
      expect(seen.length).toBeGreaterThan(0); // earlier chunks had been written when it failed
      expect(await footprint()).toEqual(before);
      expect(await scalar("SELECT count(*)::int FROM audit_entry WHERE batch_id = $1", [batchId])).toBe(0);
      // The batch is still staged: the editor can discard it (or fix the file and upload again).
      expect((await getImportPreview(editor, batchId))!.batch.status).toBe("STAGED");

      // Through the route, the failure arrives in the stream, naming the rule (and the log gets the details).
      const logged = vi.spyOn(console, "error").mockImplementation(() => {});
      const streamed = await events(await commit(batchId, { status: "DRAFT" }));
      expect(logged).toHaveBeenCalledTimes(1);
      logged.mockRestore();
      expect(streamed.at(-1)).toEqual({ error: "The import failed and nothing was written: a row breaks the database rule incident_killed_min_check." });
      expect(await footprint()).toEqual(before);

      const discard = (as: string) =>
        discardRoute(new Request(`${TEST_AUTH_URL}/api/import/${batchId}`, { method: "DELETE", headers: { cookie: as, Origin: TEST_AUTH_URL } }), {
          params: Promise.resolve({ batchId }),
        });
      expect((await discard(cookie)).status).toBe(204);
      expect((await discard(cookie)).status).toBe(404);
      expect(await scalar("SELECT count(*)::int FROM import_row WHERE batch_id = $1", [batchId])).toBe(0);
    });
  });

  describe("refusals", () => {
    const ok = csvFile(ourRow());
    let before: Awaited<ReturnType<typeof footprint>>;
    let batches: number;
    beforeEach(async () => {
      before = await footprint();
      batches = await scalar("SELECT count(*)::int FROM import_batch");
    });
    const expectNothingWritten = async () => {
      expect(await footprint()).toEqual(before);
      expect(await scalar("SELECT count(*)::int FROM import_batch")).toBe(batches);
    };

    it("refuses anonymous callers, viewers and foreign pages, writing nothing", async () => {
      expect((await upload(ok, "name=a.csv", {}, "")).status).toBe(401);
      const viewer = await upload(ok, "name=a.csv", {}, viewerCookie);
      expect(viewer.status).toBe(403);
      expect(await viewer.json()).toEqual({ error: "Your role does not allow this." });
      expect((await upload(ok, "name=a.csv", { Origin: "https://evil.invalid" })).status).toBe(403);
      expect((await upload(ok, "name=a.csv", { "Sec-Fetch-Site": "cross-site" })).status).toBe(403);
      // Someone else's batch is nobody's business: the viewer cannot commit it, another editor cannot see it.
      const { batchId } = await stageImport(editor, { fileName: "mine.csv", bytes: Buffer.from(ok), layout: null, mapping: null });
      expect((await commit(batchId, { status: "DRAFT" }, viewerCookie)).status).toBe(403);
      expect((await commit(batchId, { status: "DRAFT" }, "")).status).toBe(401);
      const other = await upsertUser(db.url, { email: "other-editor@test.invalid", password: PASSWORD, role: "editor" });
      const otherEditor: Actor = { userId: other.id, role: "editor", label: "other-editor@test.invalid" };
      expect(await getImportPreview(otherEditor, batchId)).toBeNull();
      await expect(commitImport(otherEditor, batchId, { status: "DRAFT" })).rejects.toThrow("There is no such import");
      await getPool().query("DELETE FROM import_batch WHERE id = $1", [batchId]);
      await expectNothingWritten();
    });

    const refused: Array<[string, () => BodyInit, number, string | RegExp]> = [
      ["an empty file", () => "", 400, "The file is empty: it needs a header row and at least one data row."],
      ["a header without rows", () => `${HEADER}\r\n`, 400, "The file has a header row but no data rows."],
      ["an unbalanced quote", () => csvFile(ourRow(), ourRow(), 'x,"never closed,' + ourRow()), 422, "The file is not valid CSV: line 4: a quoted cell is never closed. Nothing was imported."],
      ["a quote inside a cell", () => csvFile(ourRow(), 'a"b,' + ourRow()), 422, "The file is not valid CSV: line 3: a quote inside an unquoted cell. Nothing was imported."],
      ["a missing required column", () => ok.replace(",confidence,", ",confidences,"), 422, /^The file has no column for the required field confidence;/],
      ["a repeated column", () => ok.replace(",notes,", ",country,"), 422, 'The header names the column "country" twice (columns 6 and 32); rename one.'],
      ["an Excel workbook renamed .csv", () => Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), 415, /^This is not a CSV file: it is an Excel workbook or another ZIP archive\./],
      ["binary data", () => Buffer.from([0x00, 0x01, 0x02, 0x03, 0x41, 0x00]), 415, /^This is not a CSV text file: it holds binary data\./],
      ["Windows-1252 text", () => Buffer.from([...Buffer.from(`${HEADER}\n`), 0xe9, 0x0a]), 415, /^The file is not UTF-8 text/],
    ];
    it.each(refused)("refuses %s with a message, writing nothing", async (_, body, status, message) => {
      const response = await upload(body());
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: string }).error).toMatch(message);
      await expectNothingWritten();
    });

    it("refuses a file above the size limit before reading it, and one that grows past it while read", async () => {
      const declared = await upload("x", "name=big.csv", { "Content-Length": String(IMPORT_LIMITS.maxBytes + 1) });
      expect(declared.status).toBe(413);
      expect(((await declared.json()) as { error: string }).error).toBe("The file is larger than 50 MB, the import limit. Split it into smaller files (each with the header row).");
      // A streamed body without a length: the route stops reading once the limit is passed.
      let sent = 0;
      const chunk = new Uint8Array(1024 * 1024).fill(0x61);
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          sent += chunk.length;
          controller.enqueue(chunk);
        },
      });
      const streamed = await uploadRoute(new Request(`${TEST_AUTH_URL}/api/import?name=big.csv`, {
        method: "POST", body: stream, headers: { cookie, Origin: TEST_AUTH_URL }, duplex: "half",
      } as RequestInit));
      expect(streamed.status).toBe(413);
      expect(sent).toBeLessThan(IMPORT_LIMITS.maxBytes + 3 * chunk.length);
      await expectNothingWritten();
    });

    it("refuses more rows than the limit, naming it, even within the size limit", async () => {
      const line = ourRow();
      const body = `${HEADER}\n${`${line}\n`.repeat(IMPORT_LIMITS.maxRows + 1)}`;
      expect(body.length).toBeLessThan(IMPORT_LIMITS.maxBytes);
      const response = await upload(body);
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({ error: "The file has more than 200,000 rows, the import limit. Split it into smaller files." });
      await expectNothingWritten();
    });
  });

  describe("accepted variants", () => {
    const variants: Array<[string, () => Buffer<ArrayBuffer>]> = [
      ["a UTF-8 byte-order mark", () => Buffer.from(`\ufeff${csvFile(ourRow({ location_name: "With BOM" }))}`)],
      ["UTF-16 LE with its byte-order mark", () => Buffer.from(`\ufeff${csvFile(ourRow({ location_name: "Sixteen قاعدة" }))}`, "utf16le")],
      ["UTF-16 BE with its byte-order mark", () => Buffer.from(`\ufeff${csvFile(ourRow({ location_name: "Big end" }))}`, "utf16le").swap16()],
      ["LF line ends and no final line end", () => Buffer.from(`${HEADER}\n${ourRow({ location_name: "LF only" })}`)],
      ["quotes and line breaks inside cells", () => Buffer.from(csvFile(ourRow({ location_name: 'Camp "Quoted", East', notes: "one\r\ntwo, \"three\"" })))],
      ["blank lines between rows", () => Buffer.from(`${HEADER}\r\n\r\n${ourRow({ location_name: "After blank" })}\r\n\r\n`)],
    ];
    it.each(variants)("accepts %s", async (_, bytes) => {
      const response = await upload(bytes());
      expect(response.status).toBe(201);
      const { batchId, validCount } = (await response.json()) as { batchId: string; validCount: number };
      expect(validCount).toBe(1);
      const [row] = (await getImportPreview(editor, batchId))!.sample;
      expect(row!.incident.locationName).toMatch(/^(With BOM|Sixteen قاعدة|Big end|LF only|Camp "Quoted", East|After blank)$/);
      if (row!.incident.locationName.startsWith("Camp")) expect(row!.incident.notes).toBe('one\ntwo, "three"');
      await getPool().query("DELETE FROM import_batch WHERE id = $1", [batchId]);
    });

    it("reports a row with missing or extra cells as that row's problem", async () => {
      const { batchId } = await stageImport(editor, { fileName: "ragged.csv", bytes: Buffer.from(csvFile(ourRow(), "a,b,c", `${ourRow()},extra`)), layout: null, mapping: null });
      expect((await getImportPreview(editor, batchId))!.invalid).toEqual([
        { rowNumber: 3, problems: [{ column: "(row)", value: "", message: "The row has 3 cells where the header has 34." }] },
        { rowNumber: 4, problems: [{ column: "(row)", value: "", message: "The row has 35 cells where the header has 34." }] },
      ]);
    });
  });

  // A sheet as other people make it (the Washington Institute's shape): its own headers, no codes,
  // nothing for the required fields our sheet has and theirs lacks. Dates before our synthetic data.
  describe("hand-made sheets", () => {
    const SHEET_HEADER = "Date,Location,Lat,Lon,Claimed by,Weapon,Killed,Details";
    const sheet = (...rows: string[]) => `${SHEET_HEADER}\n${rows.join("\n")}\n`;
    const CONSTANTS: Array<[string, string]> = [
      ["date_precision", "DAY"], ["country", "SY"], ["geo_precision", "NEAR"], ["target_type", "UNKNOWN"], ["outcome", "UNKNOWN"],
      ["claim_status", "FROM_CLAIMANTS"], ["confidence", "UNVERIFIED"],
    ];
    const VALUES: Array<[string, string, string]> = [["attack_type", "Drone", "ONE_WAY_DRONE"], ["attack_type", "Rockets", "ROCKET"], ["claimants", "Unknown", ""]];
    const choicesFor = (header: string, values = VALUES, constants = CONSTANTS) => ({ mapping: suggestMapping(header.split(",")), constants, values });
    const batchCount = () => scalar("SELECT count(*)::int FROM import_batch");

    it("imports with values for every row and value mappings; KH is found by its alias, Unknown names nobody", async () => {
      const file = sheet(
        '2005-01-28,Camp One,33.31,38.69,KH,Drone,3,"Three killed, one drone"',
        "2005-02-05,Camp Two,33.50,38.62,Islamic Resistance in Iraq,Rockets,,Two rockets",
        "2005-02-06,Camp Three,36.2,39.0,Unknown,drone,0,",
      );
      const response = await uploadWithChoices(file, choicesFor(SHEET_HEADER, [...VALUES, ["attack_type", "drone", "ONE_WAY_DRONE"]]));
      expect(response.status).toBe(201);
      const { batchId } = (await response.json()) as { batchId: string };
      const preview = (await getImportPreview(editor, batchId))!;
      expect(preview.invalid).toEqual([]);
      expect(preview.batch.ignoredColumns).toEqual([]);
      const [first, second, third] = preview.sample.map((r) => r.incident);
      expect(first).toMatchObject({
        occurredOn: "2005-01-28", datePrecision: "DAY", country: "SY", locationName: "Camp One", lat: 33.31, lon: 38.69, attackType: "ONE_WAY_DRONE",
        claimStatus: "CLAIMED", claims: [expect.objectContaining({ group: "kataib-hezbollah", statedOn: "2005-01-28" })], killedMin: 3, killedMax: 3,
        notes: "Three killed, one drone", confidence: "UNVERIFIED",
      });
      expect(second).toMatchObject({ attackType: "ROCKET", claimStatus: "CLAIMED", claims: [expect.objectContaining({ group: "islamic-resistance-in-iraq" })], killedMin: null });
      expect(third).toMatchObject({ attackType: "ONE_WAY_DRONE", claimStatus: "UNCLAIMED", claims: [], killedMin: 0 });
      expect(await commitImport(editor, batchId, { status: "DRAFT" })).toEqual({ imported: 3, leftOut: 0 });
    });

    it("refuses a value mapping to an unknown code, naming the value, and writes nothing", async () => {
      const before = await footprint();
      const batches = await batchCount();
      const file = sheet("2005-03-01,Camp,33.3,38.6,KH,Drone,,");
      const weapon = await uploadWithChoices(file, choicesFor(SHEET_HEADER, [["attack_type", "Drone", "DRONEZ"]]));
      expect(weapon.status).toBe(400);
      expect(await weapon.json()).toEqual({
        error: 'The value "Drone" of attack_type is mapped to "DRONEZ", which is not a known attack type (attack_type); choose one of One-way drone, Rocket, Mortar, Ballistic missile, IED, Small arms, Other, Unknown.',
      });
      const group = await uploadWithChoices(file, choicesFor(SHEET_HEADER, [["claimants", "KH", "no-such-group"]]));
      expect(group.status).toBe(400);
      expect(((await group.json()) as { error: string }).error).toMatch(/^The value "KH" of claimants is mapped to "no-such-group", which is not a known group/);
      const constant = await uploadWithChoices(file, choicesFor(SHEET_HEADER, VALUES, [...CONSTANTS.filter(([f]) => f !== "outcome"), ["outcome", "EXPLODED"]]));
      expect(constant.status).toBe(400);
      expect(((await constant.json()) as { error: string }).error).toMatch(/^The value for every row of outcome is mapped to "EXPLODED"/);
      // Without values for the required fields the sheet has no column for, the file is refused naming them.
      const bare = await uploadWithChoices(file, choicesFor(SHEET_HEADER, VALUES, []));
      expect(bare.status).toBe(422);
      expect(await bare.json()).toEqual({
        error: "The file has no column for the required fields date_precision, country, geo_precision, target_type, outcome, claim_status, confidence; map a column to each, or give each one value for every row.",
      });
      expect(await footprint()).toEqual(before);
      expect(await batchCount()).toBe(batches);
    });

    it("reports every problem of a row in one pass, each naming the valid choices", async () => {
      const header = "Date,Location,Lat,Lon,Claimed by,Weapon,Killed,Killed max,Details";
      const file = `${header}\n2005-02-30,Camp,33.3,38.6,Nobody Brigade,Rocketz,5,2,\n`;
      const response = await uploadWithChoices(file, choicesFor(header));
      expect(response.status).toBe(201);
      const preview = (await getImportPreview(editor, ((await response.json()) as { batchId: string }).batchId))!;
      expect(preview.invalid).toHaveLength(1);
      const { problems } = preview.invalid[0]!;
      expect(problems).toHaveLength(4);
      expect(problems).toEqual(expect.arrayContaining([
        { column: "Date", value: "2005-02-30", message: "Enter a real date as YYYY-MM-DD." },
        { column: "Claimed by", value: "Nobody Brigade", message: "Claimed by 'Nobody Brigade' is not a known group: choose a group listed by /api/groups (its slug, name or alias)." },
        { column: "Weapon", value: "Rocketz", message: "Weapon 'Rocketz' is not a known attack type: choose one of One-way drone, Rocket, Mortar, Ballistic missile, IED, Small arms, Other, Unknown." },
        { column: "Killed max", value: "2", message: "Killed min 5 is more than max 2." },
      ]));
    });

    it("leaves likely duplicates out by default; the editor includes them row by row or all at once", async () => {
      await getPool().query(
        `INSERT INTO incident (reference, occurred_on, country, location_name, lat, lon, geo_precision, target_type, attack_type, outcome, claim_status, confidence)
         VALUES ('SY-2006-9001', '2006-06-01', 'SY', 'Stored', 34.0, 37.0, 'EXACT', 'MILITARY_BASE', 'ROCKET', 'IMPACT', 'UNCLAIMED', 'LIKELY')`,
      );
      const file = csvFile(
        ourRow({ occurred_on: "2006-06-01", country: "SY", latitude: "34.0", longitude: "37.0", location_name: "Twin" }),
        ourRow({ occurred_on: "2006-06-02", country: "SY", latitude: "34.01", longitude: "37.0", location_name: "Near twin" }),
        ourRow({ occurred_on: "2006-06-01", country: "SY", latitude: "36.0", longitude: "40.0", location_name: "Far away" }),
      );
      const stage = async () => (await stageImport(editor, { fileName: "dups.csv", bytes: Buffer.from(file), layout: null, mapping: null })).batchId;
      const importedNames = async (batchId: string) =>
        (await getPool().query<{ name: string }>("SELECT i.location_name AS name FROM incident i JOIN audit_entry a ON a.entity_id = i.id::text WHERE a.batch_id = $1 ORDER BY 1", [batchId])).rows.map((r) => r.name);

      const byDefault = await stage();
      expect((await getImportPreview(editor, byDefault))!.existingDuplicateCount).toBe(2);
      const streamed = await events(await commit(byDefault, { status: "DRAFT" }));
      expect(streamed.at(-1)).toEqual({ imported: 1, leftOut: 2 });
      expect(await importedNames(byDefault)).toEqual(["Far away"]);
      const done = (await getImportPreview(editor, byDefault))!.batch;
      expect(done.validCount - done.importedCount!).toBe(2); // what the committed page reports as left out

      // Now "Far away" is stored too (as a draft): all three rows are likely duplicates; row 3 is included.
      const oneRow = await stage();
      expect((await getImportPreview(editor, oneRow))!.existingDuplicateCount).toBe(3);
      expect(await events(await commit(oneRow, { status: "DRAFT", includeDuplicates: [3] }))).toContainEqual({ imported: 1, leftOut: 2 });
      expect(await importedNames(oneRow)).toEqual(["Near twin"]);

      const all = await stage();
      expect(await commitImport(editor, all, { status: "DRAFT", includeDuplicates: "all" })).toEqual({ imported: 3, leftOut: 0 });
      const bad = await commit(await stage(), { status: "DRAFT", includeDuplicates: ["3"] });
      expect(bad.status).toBe(400);
    });

    it("saves the mapping, values and constants under a name, offers them for a file with the same header, and audits each save", async () => {
      const choices = choicesFor(SHEET_HEADER);
      const saved = await saveImportMapping(editor, { name: "Monthly sheet", header: SHEET_HEADER.split(","), choices });
      expect(saved.version).toBe(1);
      // Next month's file: the same names in another order and case.
      const nextHeader = ["details", "DATE", "Location", "Lat", "Lon", "Weapon", "Claimed by", "Killed"];
      const offered = (await listImportMappings(editor)).filter((m) => m.headerKey === headerKey(nextHeader));
      expect(offered.map((m) => [m.id, m.name, m.version])).toEqual([[saved.id, "Monthly sheet", 1]]);
      expect(offered[0]!.choices).toEqual(choices);
      // The saved choices import that file as they are.
      const next = await uploadWithChoices(sheet("2005-04-01,Camp Four,33.4,38.7,KH,Drone,1,"), offered[0]!.choices);
      expect(next.status).toBe(201);
      expect(((await next.json()) as { validCount: number }).validCount).toBe(1);

      const changed = { ...choices, values: [...choices.values, ["attack_type", "Mortars", "MORTAR"]] as Array<[string, string, string]> };
      expect(await saveImportMapping(editor, { id: saved.id, version: 1, name: "Monthly sheet", header: SHEET_HEADER.split(","), choices: changed })).toEqual({ id: saved.id, version: 2 });
      await expect(saveImportMapping(editor, { id: saved.id, version: 1, name: "Monthly sheet", header: SHEET_HEADER.split(","), choices })).rejects.toBeInstanceOf(ConflictError);
      await expect(saveImportMapping(editor, { name: "Monthly sheet", header: ["a"], choices })).rejects.toBeInstanceOf(RecordInputError);
      const viewer: Actor = { userId: null, role: "viewer", label: "reader" };
      await expect(saveImportMapping(viewer, { name: "Nope", header: ["a"], choices })).rejects.toThrow();
      await expect(listImportMappings(viewer)).rejects.toThrow();
      const audit = await getPool().query<{ action: string; actor_id: string }>(
        "SELECT action, actor_id FROM audit_entry WHERE entity_type = 'import_mapping' AND entity_id = $1 ORDER BY id", [saved.id],
      );
      expect(audit.rows).toEqual([{ action: "CREATE", actor_id: editor.userId }, { action: "UPDATE", actor_id: editor.userId }]);
      expect((await listImportMappings(editor)).find((m) => m.id === saved.id)!.choices.values).toContainEqual(["attack_type", "Mortars", "MORTAR"]);
    });

    it("adds nothing when our own export is imported again: every row is a likely duplicate, left out", async () => {
      const exported = await (await exportRoute(new Request("http://localhost/api/export?format=csv"))).text();
      const response = await upload(exported, "name=again.csv");
      expect(response.status).toBe(201);
      const { batchId, rowCount, validCount } = (await response.json()) as { batchId: string; rowCount: number; validCount: number };
      expect(rowCount).toBeGreaterThan(700);
      expect(validCount).toBe(rowCount);
      expect((await getImportPreview(editor, batchId))!.existingDuplicateCount).toBe(rowCount);
      const before = await footprint();
      const answer = await commit(batchId, { status: "DRAFT" });
      expect(answer.status).toBe(409);
      expect(await answer.json()).toEqual({
        error: `All ${rowCount.toLocaleString("en")} valid rows look like incidents already stored, so they are left out and nothing was imported; include the rows you want imported anyway.`,
      });
      expect(await footprint()).toEqual(before);
      expect((await getImportPreview(editor, batchId))!.batch.status).toBe("STAGED");
    });
  });
});
