// `npm run db:seed`: the default data, the public record (prisma/public-record.ts).
// `npm run db:seed -- --synthetic [--count N] [--seed S]`: loads the reference sites and groups, then
// adds synthetic demo incidents to a database that holds none yet (for scale and demos; every row is
// marked synthetic and the UI says so). Bulk load: the generated rows stream into COPY, with the
// secondary indexes and foreign keys dropped for the load and rebuilt after, all in one transaction —
// a failure leaves the database as it was. 10^6 incidents load in well under a minute.

import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { REFERENCE_GROUPS, REFERENCE_SITES } from "./reference-data";
import { describeLoad, loadPublicRecord } from "./public-record";
import { DEMO_INCIDENT_COUNT, DEMO_SEED, generateSyntheticIncidents } from "./synthetic-incidents";

export class SeedError extends Error {}

const BULK_TABLES = ["incident", "incident_claim", "claim", "source"];

export type SeedOptions = { synthetic: boolean; count: number; seed: number };

export function parseSeedArgs(args: string[]): SeedOptions {
  const options: SeedOptions = { synthetic: false, count: DEMO_INCIDENT_COUNT, seed: DEMO_SEED };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (flag === "--synthetic") {
      options.synthetic = true;
      continue;
    }
    const value = Number(args[i + 1]);
    if (flag !== "--count" && flag !== "--seed") throw new SeedError(`Unknown option ${flag}: use --synthetic with --count N and --seed S.`);
    if (!Number.isSafeInteger(value) || value < 0 || (flag === "--count" && value > 10_000_000)) {
      throw new SeedError(`${flag} needs a whole number${flag === "--count" ? " from 0 to 10000000" : ""}, not "${args[i + 1] ?? ""}".`);
    }
    options[flag === "--count" ? "count" : "seed"] = value;
    i++;
  }
  if (!options.synthetic && args.length > 0) throw new SeedError("--count and --seed are for synthetic data: add --synthetic.");
  return options;
}

export async function seedDatabase(databaseUrl: string, args: string[]): Promise<void> {
  const options = parseSeedArgs(args);
  if (!options.synthetic) {
    console.log(describeLoad(await loadPublicRecord(databaseUrl)));
    return;
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  // A database that goes away mid-load surfaces as the failed query, not as an unhandled event.
  client.on("error", () => {});
  await client.connect();
  try {
    const started = performance.now();
    await loadReferenceData(client);
    const { rows } = await client.query<{ all: number; synthetic: number }>(
      "SELECT count(*)::int AS all, count(*) FILTER (WHERE is_synthetic)::int AS synthetic FROM incident",
    );
    if (rows[0]!.synthetic > 0) {
      throw new SeedError(`The database already holds ${rows[0]!.synthetic} synthetic incidents; db:seed --synthetic only adds them to a database that has none.`);
    }
    await loadSyntheticIncidents(client, options, rows[0]!.all === 0);
    // Fresh statistics and visibility map, so the planner and index-only scans work from the start.
    const vacuumStarted = performance.now();
    await client.query("VACUUM (ANALYZE) incident, incident_claim, claim, source, incident_daily_stat, incident_daily_total, incident_grid_stat");
    if (options.count >= 100_000) console.log(`  vacuum and analyze ${((performance.now() - vacuumStarted) / 1000).toFixed(1)} s`);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`Seeded ${options.count} synthetic incidents (seed ${options.seed}) in ${seconds} s.`);
  } finally {
    await client.end();
  }
}

/** Reference sites and groups are real public names: insert the missing ones, never overwrite edits. */
export async function loadReferenceData(client: pg.ClientBase): Promise<void> {
  await client.query("BEGIN");
  try {
    await writeReferenceData(client);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

/** loadReferenceData's writes, inside the caller's transaction. */
export async function writeReferenceData(client: pg.ClientBase): Promise<void> {
  for (const g of REFERENCE_GROUPS) {
    await client.query(
      `INSERT INTO armed_group (slug, name, name_ar, aliases, description) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (slug) DO NOTHING`,
      [g.slug, g.name, g.nameAr, g.aliases, g.description],
    );
  }
  for (const g of REFERENCE_GROUPS.filter((g) => g.parentSlug)) {
    await client.query(
      `UPDATE armed_group SET parent_id = (SELECT id FROM armed_group WHERE slug = $2)
       WHERE slug = $1 AND parent_id IS NULL`,
      [g.slug, g.parentSlug],
    );
  }
  for (const s of REFERENCE_SITES) {
    await client.query(
      `INSERT INTO site (slug, name, name_ar, country, admin1, lat, lon, coordinates_approximate, type, description)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (slug) DO NOTHING`,
      [s.slug, s.name, s.nameAr, s.country, s.admin1, s.lat, s.lon, s.coordinatesApproximate, s.type, s.description],
    );
  }
}

/** `empty`: the incident tables hold nothing, so they can be truncated and COPY can write frozen rows. */
async function loadSyntheticIncidents(client: pg.ClientBase, options: SeedOptions, empty: boolean): Promise<void> {
  const ids = async (table: string) =>
    new Map((await client.query<{ slug: string; id: string }>(`SELECT slug, id FROM ${table}`)).rows.map((r) => [r.slug, r.id]));
  const siteIds = await ids("site");
  const groupIds = await ids("armed_group");

  // Claims and sources are generated alongside incidents but must load after them (foreign keys):
  // they wait in temporary CSV files rather than in memory.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "attack-tracker-seed-"));
  const sideFiles = {
    claim: fs.createWriteStream(path.join(tmp, "claim.csv")),
    incident_claim: fs.createWriteStream(path.join(tmp, "incident_claim.csv")),
    source: fs.createWriteStream(path.join(tmp, "source.csv")),
  };
  const writeSide = async (stream: fs.WriteStream, text: string) => {
    if (text && !stream.write(text)) await once(stream, "drain");
  };

  async function* incidentRows() {
    const batches = generateSyntheticIncidents({ ...options, sites: REFERENCE_SITES, groups: REFERENCE_GROUPS, takenSequences });
    for (const { incidents, claims, sources } of batches) {
      yield incidents
        .map((i) =>
          csvRow([
            i.id, i.reference, i.occurredOn, i.occurredTime, i.datePrecision, i.country, i.admin1, i.locationName,
            i.locationNameAr, i.lat, i.lon, i.geoPrecision, i.siteSlug ? siteIds.get(i.siteSlug) : null, i.targetType,
            i.attackType, i.outcome, i.killedMin, i.killedMax, i.woundedMin, i.woundedMax, i.claimStatus,
            i.attributedToSlug ? groupIds.get(i.attributedToSlug) : null, i.claimantSlug ? groupIds.get(i.claimantSlug) : null,
            i.claimantSlug ? 1 : 0,
            i.confidence, i.status, i.retractionReason, i.notes, i.sourceText, arrayLiteral(i.sourceUrls),
            arrayLiteral(i.sourcePublishers), true,
          ]),
        )
        .join("");
      await writeSide(sideFiles.claim, claims.map((c) => csvRow([c.id, groupIds.get(c.groupSlug), c.statedAt, c.channel, c.text, c.url])).join(""));
      await writeSide(sideFiles.incident_claim, claims.flatMap((c) => c.incidentIds.map((i) => csvRow([i, c.id]))).join(""));
      await writeSide(
        sideFiles.source,
        sources.map((s) => csvRow([s.id, s.incidentId, s.url, s.publisher, s.title, s.publishedOn, s.kind, s.language])).join(""),
      );
    }
  }

  // Real incidents already hold some reference codes: the generated ones continue after them.
  const takenSequences = new Map(
    (await client.query<{ key: string; last: number }>("SELECT country || '-' || year AS key, last FROM reference_counter")).rows.map((r) => [r.key, r.last]),
  );
  const freeze = empty ? ", FREEZE" : "";
  const phases = createPhaseTimer();
  await client.query("BEGIN");
  try {
    // Index builds and FK checks below are sort-heavy: give them memory for this transaction only.
    await client.query("SET LOCAL maintenance_work_mem = '1GB'");
    // Empty tables (checked above) truncated in this transaction let COPY write frozen rows and, on
    // a server with wal_level=minimal (the embedded one), skip the WAL.
    if (empty) await client.query(`TRUNCATE ${BULK_TABLES.join(", ")}`);
    const rebuild = await dropSecondaryIndexesAndForeignKeys(client);
    // Row triggers would update the rollups a million times; the load sets claimant_id itself and
    // rebuilds the rollups once at the end instead.
    for (const table of BULK_TABLES) await client.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    await pipeline(
      Readable.from(incidentRows()),
      client.query(
        copyFrom(`COPY incident (id, reference, occurred_on, occurred_time, date_precision, country, admin1, location_name,
          location_name_ar, lat, lon, geo_precision, site_id, target_type, attack_type, outcome, killed_min, killed_max,
          wounded_min, wounded_max, claim_status, attributed_to_id, claimant_id, claim_count, confidence, status, retraction_reason,
          notes, source_text, source_urls, source_publishers, is_synthetic) FROM STDIN (FORMAT csv${freeze})`),
      ),
    );
    await Promise.all(Object.values(sideFiles).map((s) => new Promise((resolve) => s.end(resolve))));
    phases.mark("incidents generated and copied");
    const columns = { claim: "id, group_id, stated_at, channel, text, url", incident_claim: "incident_id, claim_id", source: "id, incident_id, url, publisher, title, published_on, kind, language" };
    for (const [table, cols] of Object.entries(columns)) {
      await pipeline(fs.createReadStream(path.join(tmp, `${table}.csv`)), client.query(copyFrom(`COPY ${table} (${cols}) FROM STDIN (FORMAT csv${freeze})`)));
    }
    phases.mark("claims and sources copied");
    for (const statement of rebuild) await client.query(statement);
    phases.mark("indexes and foreign keys rebuilt");
    await client.query("SELECT rebuild_incident_stats()");
    for (const table of BULK_TABLES) await client.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
    phases.mark("rollups built");
    // Reference codes were handed out in the generator; the counters continue after the highest.
    await client.query(`
      INSERT INTO reference_counter (country, year, last)
      SELECT left(reference, 2), substr(reference, 4, 4)::int, max(substr(reference, 9)::int) FROM incident GROUP BY 1, 2
      ON CONFLICT (country, year) DO UPDATE SET last = GREATEST(reference_counter.last, EXCLUDED.last)`);
    await client.query("COMMIT");
    if (options.count >= 100_000) console.log(phases.summary());
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    for (const s of Object.values(sideFiles)) s.destroy();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Drops the non-unique indexes and the foreign keys of the bulk tables (COPY into indexed tables is
 * several times slower) and returns the statements that recreate them, read from the catalog so
 * they always match the migrations.
 */
async function dropSecondaryIndexesAndForeignKeys(client: pg.ClientBase): Promise<string[]> {
  const indexes = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i WHERE i.indrelid::regclass::text = ANY($1) AND NOT i.indisprimary AND NOT i.indisunique`,
    [BULK_TABLES],
  );
  const foreignKeys = await client.query<{ tbl: string; name: string; definition: string }>(
    `SELECT conrelid::regclass::text AS tbl, quote_ident(conname) AS name, pg_get_constraintdef(oid) AS definition
     FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY($1)`,
    [BULK_TABLES],
  );
  for (const fk of foreignKeys.rows) await client.query(`ALTER TABLE ${fk.tbl} DROP CONSTRAINT ${fk.name}`);
  for (const index of indexes.rows) await client.query(`DROP INDEX ${index.name}`);
  return [
    ...indexes.rows.map((i) => i.definition),
    ...foreignKeys.rows.map((fk) => `ALTER TABLE ${fk.tbl} ADD CONSTRAINT ${fk.name} ${fk.definition}`),
  ];
}

/** Times the phases of a large load, for the log: where the seconds go. */
function createPhaseTimer() {
  let last = performance.now();
  const phases: string[] = [];
  return {
    mark(name: string) {
      const now = performance.now();
      phases.push(`${name} ${((now - last) / 1000).toFixed(1)} s`);
      last = now;
    },
    summary: () => `  ${phases.join(", ")}`,
  };
}

/** One CSV line in PostgreSQL's COPY csv format: an empty unquoted field is NULL, text is quoted. */
/** A text[] value as PostgreSQL reads it: every item quoted, with quotes and backslashes escaped. */
function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((item) => `"${item.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
}

function csvRow(values: ReadonlyArray<string | number | boolean | null | undefined>): string {

  return (
    values
      .map((v) => (v === null || v === undefined ? "" : typeof v === "string" ? `"${v.replaceAll('"', '""')}"` : String(v)))
      .join(",") + "\n"
  );
}
