import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPublicRecord, PUBLIC_RECORD_DIR, PublicRecordError, readPublicRecord } from "@/prisma/public-record";
import { seedDatabase } from "@/prisma/seed";
import { createTestDatabase, type TestDatabase, withClient } from "../helpers/test-database";

/** Every table the loader writes, as text: equal dumps mean nothing changed. */
const dump = (url: string) =>
  withClient(url, async (client) => {
    const out: Record<string, unknown> = {};
    for (const table of ["incident", "claim", "incident_claim", "source", "tally", "timeline_event", "public_record_row", "audit_entry", "reference_counter"]) {
      out[table] = (await client.query(`SELECT * FROM ${table} ORDER BY 1, 2`)).rows;
    }
    return JSON.stringify(out);
  });

/** A copy of the record's folder to break on purpose. */
function copyOfRecord(edit: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "public-record-"));
  for (const file of fs.readdirSync(PUBLIC_RECORD_DIR)) fs.copyFileSync(path.join(PUBLIC_RECORD_DIR, file), path.join(dir, file));
  edit(dir);
  return dir;
}

/** Rewrites one cell of a CSV file in the copy (files are written with no quoted line breaks). */
function setCell(dir: string, file: string, match: (row: Record<string, string>) => boolean, column: string, value: string): number {
  const full = path.join(dir, file);
  const text = fs.readFileSync(full, "utf8");
  const [header, ...lines] = text.trimEnd().split("\n");
  const columns = header!.split(",");
  const parse = (line: string) => {
    const cells: string[] = [];
    const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
    for (let m = re.exec(line); m && m.index < line.length; m = re.exec(line)) cells.push(m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replaceAll('""', '"') : m[1]!);
    return cells;
  };
  const quote = (s: string) => (/[",]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  let lineNumber = 0;
  const out = lines.map((line, i) => {
    const cells = parse(line);
    const row = Object.fromEntries(columns.map((c, k) => [c, cells[k] ?? ""]));
    if (lineNumber || !match(row)) return line;
    lineNumber = i + 2;
    cells[columns.indexOf(column)] = value;
    return cells.map(quote).join(",");
  });
  if (!lineNumber) throw new Error(`no row of ${file} matched`);
  fs.writeFileSync(full, [header, ...out].join("\n") + "\n");
  return lineNumber;
}

describe("the public record", () => {
  let db: TestDatabase;
  const record = readPublicRecord();
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it("loads every incident, claim, source, tally and key event of the files, each incident with a source", async () => {
    const report = await loadPublicRecord(db.url);
    expect(report.added).toHaveLength(record.incidents.length);
    const counts = await withClient(db.url, async (c) => (await c.query(`
      SELECT (SELECT count(*) FROM incident WHERE status = 'PUBLISHED' AND NOT is_synthetic)::int AS incidents,
             (SELECT count(*) FROM incident i WHERE NOT EXISTS (SELECT 1 FROM source s WHERE s.incident_id = i.id))::int AS without_source,
             (SELECT count(*) FROM source)::int AS sources, (SELECT count(*) FROM claim)::int AS claims,
             (SELECT count(*) FROM tally)::int AS tallies, (SELECT count(*) FROM timeline_event)::int AS events,
             (SELECT count(*) FROM audit_entry WHERE entity_type = 'incident' AND action = 'IMPORT')::int AS audited`)).rows[0]);
    expect(counts).toEqual({
      incidents: record.incidents.length,
      without_source: 0,
      sources: record.incidents.reduce((n, i) => n + i.input.sources.length, 0),
      claims: record.incidents.reduce((n, i) => n + i.input.claims.length, 0),
      tallies: record.tallies.length,
      events: record.events.length,
      audited: record.incidents.length,
    });
    expect(record.incidents.filter((i) => i.input.occurredOn >= "2023-10-17" && i.input.occurredOn <= "2024-02-04").length).toBeGreaterThanOrEqual(150);
  });

  it("changes nothing when loaded again", async () => {
    const before = await dump(db.url);
    const report = await loadPublicRecord(db.url);
    expect(report).toMatchObject({ added: [], changed: [], kept: [], unchanged: record.incidents.length });
    expect(await dump(db.url)).toEqual(before);
  });

  it("holds the best-documented incidents with their facts", async () => {
    const rows = await withClient(db.url, async (c) => (await c.query<Record<string, string | number | null>>(`
      SELECT to_char(i.occurred_on, 'YYYY-MM-DD') AS day, s.slug AS site, i.attack_type, i.killed_min, i.killed_max,
             i.wounded_min, i.wounded_max, g.slug AS claimant, i.confidence
      FROM incident i LEFT JOIN site s ON s.id = i.site_id LEFT JOIN armed_group g ON g.id = i.claimant_id`)).rows);
    const find = (day: string, site: string) => {
      const found = rows.filter((r) => r.day === day && r.site === site);
      expect(found, `${day} ${site}`).toHaveLength(1);
      return found[0]!;
    };
    const IRI = "islamic-resistance-in-iraq";
    expect(find("2023-10-18", "ain-al-asad")).toMatchObject({ attack_type: "ONE_WAY_DRONE", killed_max: 0, wounded_min: 4, wounded_max: 4 });
    // Local date: US statements give 18 October.
    expect(find("2023-10-19", "al-tanf")).toMatchObject({ attack_type: "ONE_WAY_DRONE", wounded_min: 20, wounded_max: 20 });
    expect(find("2023-10-18", "harir-air-base")).toMatchObject({ claimant: IRI, wounded_max: 0 });
    expect(find("2023-10-23", "al-tanf")).toMatchObject({ wounded_max: 0 });
    expect(find("2023-10-26", "erbil-air-base")).toMatchObject({ wounded_min: 1, wounded_max: 1 });
    expect(find("2023-11-07", "erbil-air-base")).toMatchObject({ killed_max: 0, wounded_max: 0 });
    expect(find("2023-11-13", "rumalyn-landing-zone")).toMatchObject({ attack_type: "ONE_WAY_DRONE" });
    expect(find("2023-11-17", "tal-baydar")).toMatchObject({ wounded_min: 1, wounded_max: 1 });
    expect(find("2023-11-20", "ain-al-asad")).toMatchObject({ attack_type: "BALLISTIC_MISSILE", wounded_min: 8 });
    expect(find("2023-11-23", "ain-al-asad")).toMatchObject({ wounded_max: 0 });
    expect(find("2023-11-23", "erbil-air-base")).toMatchObject({ wounded_max: 0 });
    expect(find("2023-12-03", "rumalyn-landing-zone")).toMatchObject({ attack_type: "ROCKET", wounded_max: 0 });
    expect(find("2023-12-08", "us-embassy-baghdad")).toMatchObject({ attack_type: "ROCKET", wounded_max: 0 });
    expect(find("2023-12-20", "ain-al-asad")).toMatchObject({ attack_type: "ROCKET", wounded_max: 0 });
    expect(find("2023-12-25", "erbil-air-base")).toMatchObject({ attack_type: "ONE_WAY_DRONE", wounded_min: 3, wounded_max: 3 });
    expect(find("2024-01-01", "mission-support-site-euphrates")).toMatchObject({ attack_type: "ROCKET" });
    expect(find("2024-01-01", "shaddadi")).toMatchObject({ attack_type: "ONE_WAY_DRONE" });
    expect(find("2024-01-20", "ain-al-asad")).toMatchObject({ attack_type: "BALLISTIC_MISSILE", wounded_min: 4, claimant: IRI });
    const tower22 = find("2024-01-28", "tower-22");
    expect(tower22).toMatchObject({ attack_type: "ONE_WAY_DRONE", killed_min: 3, killed_max: 3, claimant: IRI, confidence: "CONFIRMED" });
    expect(Number(tower22.wounded_min)).toBeGreaterThanOrEqual(34);
    expect(Number(tower22.wounded_max)).toBeGreaterThanOrEqual(47);
    // Six or seven SDF fighters died: partner forces are not in the US/coalition figures.
    expect(find("2024-02-04", "green-village")).toMatchObject({ attack_type: "ONE_WAY_DRONE", killed_max: null });
    expect(find("2024-04-21", "rumalyn-landing-zone")).toMatchObject({ attack_type: "ROCKET" });
    expect(find("2024-04-22", "ain-al-asad")).toMatchObject({ attack_type: "ONE_WAY_DRONE" });
    expect(find("2024-08-05", "ain-al-asad")).toMatchObject({ attack_type: "ROCKET", wounded_min: 5, wounded_max: 7 });
    expect(find("2024-08-10", "rumalyn-landing-zone")).toMatchObject({ attack_type: "ONE_WAY_DRONE", wounded_min: 8 });
  });

  it("credits nobody for a superseded, withdrawn or denied claim", async () => {
    await withClient(db.url, async (c) => {
      // Harir, 18 October 2023: Tashkil al-Waritheen's claim came first and was superseded.
      const { rows } = await c.query<{ id: string; claimant: string | null; statuses: string[] }>(`
        SELECT i.id, g.slug AS claimant, array_agg(cg.slug || ':' || cl.status ORDER BY cl.stated_at, cg.slug) AS statuses
        FROM incident i JOIN site s ON s.id = i.site_id LEFT JOIN armed_group g ON g.id = i.claimant_id
        JOIN incident_claim ic ON ic.incident_id = i.id JOIN claim cl ON cl.id = ic.claim_id JOIN armed_group cg ON cg.id = cl.group_id
        WHERE s.slug = 'harir-air-base' AND i.occurred_on = '2023-10-18' GROUP BY i.id, g.slug`);
      const harir = rows[0]!;
      expect(harir.statuses).toContain("tashkil-al-waritheen:SUPERSEDED");
      expect(harir.claimant).toBe("islamic-resistance-in-iraq");
      await c.query("BEGIN");
      try {
        await c.query(`UPDATE claim SET status = 'WITHDRAWN' WHERE status = 'ISSUED' AND id IN (SELECT claim_id FROM incident_claim WHERE incident_id = $1)`, [harir.id]);
        const after = await c.query("SELECT claimant_id FROM incident WHERE id = $1", [harir.id]);
        expect(after.rows[0].claimant_id).toBeNull();
      } finally {
        await c.query("ROLLBACK");
      }
    });
  });

  it("stops on a row that breaks the incident rules, naming file, line and column, and writes nothing", async () => {
    const fresh = await createTestDatabase();
    try {
      let line = 0;
      const dir = copyOfRecord((d) => {
        line = setCell(d, "incidents.csv", (r) => r.wounded_min !== "" && Number(r.wounded_min) > 1, "wounded_max", "1");
      });
      await expect(loadPublicRecord(fresh.url, dir)).rejects.toThrow(
        new PublicRecordError("prisma/public-record/incidents.csv", line, "wounded_max", "The highest figure is below the lowest."),
      );
      const badUrl = copyOfRecord((d) => {
        line = setCell(d, "sources.csv", () => true, "url", "javascript:alert(1)");
      });
      await expect(loadPublicRecord(fresh.url, badUrl)).rejects.toThrow(`prisma/public-record/sources.csv line ${line}, column url:`);
      const count = await withClient(fresh.url, async (c) => (await c.query("SELECT count(*)::int AS n FROM incident")).rows[0].n);
      expect(count).toBe(0);
    } finally {
      await fresh.drop();
    }
  });

  it("updates what the file corrects, keeps what an editor corrected since, and says which", async () => {
    const [first, second] = record.incidents;
    await withClient(db.url, (c) => c.query("UPDATE incident SET notes = 'An editor corrected this.', version = version + 1 WHERE reference = $1", [second!.reference]));
    const dir = copyOfRecord((d) => {
      setCell(d, "incidents.csv", (r) => r.reference === first!.reference, "notes", "Corrected in the file.");
      setCell(d, "incidents.csv", (r) => r.reference === second!.reference, "notes", "Also corrected in the file.");
    });
    const report = await loadPublicRecord(db.url, dir);
    expect(report.changed).toEqual([first!.reference]);
    expect(report.kept.map((k) => k.reference)).toEqual([second!.reference]);
    const notes = await withClient(db.url, async (c) =>
      Object.fromEntries((await c.query("SELECT reference, notes FROM incident WHERE reference = ANY($1)", [[first!.reference, second!.reference]])).rows.map((r) => [r.reference, r.notes])));
    expect(notes).toEqual({ [first!.reference]: "Corrected in the file.", [second!.reference]: "An editor corrected this." });
    const history = await withClient(db.url, async (c) => (await c.query(
      "SELECT a.action, a.after FROM audit_entry a JOIN incident i ON a.entity_id = i.id::text WHERE i.reference = $1 ORDER BY a.id", [first!.reference])).rows);
    expect(history.map((h) => h.action)).toEqual(["IMPORT", "UPDATE"]);
    expect(history[1].after).toMatchObject({ notes: "Corrected in the file." });
  });

  it("lives beside synthetic data without sharing reference codes", async () => {
    const fresh = await createTestDatabase();
    try {
      await seedDatabase(fresh.url, []);
      await seedDatabase(fresh.url, ["--synthetic", "--count", "300", "--seed", "3"]);
      const rows = await withClient(fresh.url, async (c) => (await c.query(`
        SELECT count(*) FILTER (WHERE is_synthetic)::int AS synthetic, count(*) FILTER (WHERE NOT is_synthetic)::int AS real,
               count(DISTINCT reference)::int AS refs, count(*)::int AS all FROM incident`)).rows[0]);
      expect(rows).toEqual({ synthetic: 300, real: record.incidents.length, refs: 300 + record.incidents.length, all: 300 + record.incidents.length });
      await expect(seedDatabase(fresh.url, ["--synthetic", "--count", "10"])).rejects.toThrow(/already holds 300 synthetic incidents/);
    } finally {
      await fresh.drop();
    }
  });
});
