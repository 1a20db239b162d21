// Rebuilds an empty database from a backup file (lib/db/backup.ts):
//
//   1. read the whole file once and check it (format, manifest, row counts, checksums, its end),
//      before the database is touched: a damaged file changes nothing;
//   2. refuse a database that holds anything (tables, functions, types of our own), or whose role
//      may not switch triggers off (step 4);
//   3. replay our migrations up to the backup's (its list must be the start of ours, checksums
//      equal), so the schema, triggers and grants are exactly those the rows were written under;
//   4. in ONE transaction, load every table with COPY while no trigger fires (session_replication_
//      role = replica: rollups, credited claimants and audit rows come back as they were, not
//      recomputed, and foreign keys are not checked table by table), set the sequences, and compare
//      the database's fingerprint with the backup's before committing;
//   5. apply the migrations that came after the backup, if this code has any.
//
// If step 3 or 4 fails, what step 3 created is dropped again, so the database is empty as before.
import { createHash } from "node:crypto";
import { once } from "node:events";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { finished } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { type BackupManifest, type BackupTable, readBackup } from "./backup";
import {
  type AppliedMigration, computeFingerprint, type DatabaseFingerprint, describeTables, fingerprintDifferences, readSequences, setStableTextFormat,
} from "./fingerprint";
import { deployMigrations, REPO_ROOT } from "./migrations";

/** The target cannot take this backup (not empty, other migrations, not allowed); nothing was changed. */
export class RestoreError extends Error {
  override name = "RestoreError";
}

export class DatabaseNotEmptyError extends RestoreError {
  override name = "DatabaseNotEmptyError";
}

export type RestoreSummary = {
  manifest: BackupManifest;
  /** Of the database as restored, before newer migrations ran: equal to the backup's. */
  fingerprint: DatabaseFingerprint;
  /** Migrations of this code that the backup predates, applied after the rows were restored. */
  migratedForward: string[];
};

const MIGRATIONS_DIR = path.join(REPO_ROOT, "prisma/migrations");

export async function restoreDatabase(url: string, file: string): Promise<RestoreSummary> {
  const { manifest } = await readBackup(file);
  await withClient(url, checkTarget);
  const ours = await readOurMigrations();
  checkMigrationLevel(manifest.migrations, ours);

  let fingerprint: DatabaseFingerprint;
  try {
    await applyMigrations(url, ours.slice(0, manifest.migrations.length), ours.length);
    fingerprint = await loadRows(url, file, manifest);
  } catch (error) {
    await withClient(url, dropSchemaObjects).catch((cleanupError: unknown) => {
      throw new RestoreError(
        `${(error as Error).message}\nThe tables created for the restore could not be dropped again (${(cleanupError as Error).message}): drop them, or restore into a new database.`,
        { cause: error },
      );
    });
    throw error;
  }
  // Fresh statistics, or the first queries would plan as if the tables were empty.
  await withClient(url, (client) => client.query("ANALYZE"));
  const migratedForward = manifest.migrations.length < ours.length ? await deployMigrations(url) : [];
  return { manifest, fingerprint, migratedForward };
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: "attack-tracker restore" });
  client.on("error", () => {}); // a lost connection fails the running query instead
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// Can the target take the backup?

/** Empty, and we may load it with triggers off (a superuser may; others need the grant). */
async function checkTarget(client: pg.ClientBase): Promise<void> {
  const existing = await listSchemaObjects(client);
  if (existing.length > 0) throw new DatabaseNotEmptyError(describeNonEmpty(existing));
  const { rows } = await client.query<{ user: string; allowed: boolean }>(
    "SELECT current_user AS user, has_parameter_privilege('session_replication_role', 'SET') AS allowed",
  );
  const { user, allowed } = rows[0]!;
  if (!allowed) {
    throw new RestoreError(
      `A restore loads the rows with triggers off (session_replication_role = replica), which role ${user} may not do: run it as a superuser, or GRANT SET ON PARAMETER session_replication_role TO ${client.escapeIdentifier(user)}. Nothing was changed.`,
    );
  }
}

type SchemaObject = { kind: string; name: string };

/** Everything in the database's own schemas, except what belongs to an installed extension. */
async function listSchemaObjects(client: pg.ClientBase): Promise<SchemaObject[]> {
  const { rows } = await client.query<SchemaObject>(`
    SELECT o.kind, o.name FROM (
      SELECT 1 AS rank, 'pg_class'::regclass AS catalog, c.oid, c.relnamespace AS namespace, c.oid::regclass::text AS name,
             CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END AS kind
        FROM pg_class c WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      UNION ALL
      SELECT 2, 'pg_proc'::regclass, p.oid, p.pronamespace, p.oid::regprocedure::text,
             CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END
        FROM pg_proc p
      UNION ALL
      SELECT 3, 'pg_type'::regclass, t.oid, t.typnamespace, t.oid::regtype::text, CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END
        FROM pg_type t
       WHERE t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT r.relkind FROM pg_class r WHERE r.oid = t.typrelid) = 'c')
    ) o
    JOIN pg_namespace n ON n.oid = o.namespace
    WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = o.catalog AND d.objid = o.oid AND d.deptype = 'e')
    ORDER BY o.rank, o.name COLLATE "C"`);
  return rows;
}

function describeNonEmpty(objects: SchemaObject[]): string {
  const counts = new Map<string, number>();
  for (const { kind } of objects) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  const summary = [...counts].map(([kind, n]) => `${n} ${kind.toLowerCase()}${n === 1 ? "" : "s"}`).join(", ");
  const names = objects.slice(0, 5).map((o) => o.name).join(", ");
  return `The database is not empty: it has ${summary} (${names}${objects.length > 5 ? ", …" : ""}). A restore only fills an empty database, so nothing was changed.`;
}

/** Undoes a failed restore on a database that was empty before it. */
async function dropSchemaObjects(client: pg.ClientBase): Promise<void> {
  await client.query("BEGIN");
  // CASCADE and IF EXISTS: dropping a table also drops its sequences and row types.
  for (const { kind, name } of await listSchemaObjects(client)) await client.query(`DROP ${kind} IF EXISTS ${name} CASCADE`);
  await client.query("COMMIT");
}

// ---------------------------------------------------------------------------------------------
// Migrations

/** prisma/migrations in order, each with the checksum Prisma records (sha256 of migration.sql). */
async function readOurMigrations(): Promise<AppliedMigration[]> {
  const entries = await fs.readdir(MIGRATIONS_DIR, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  return Promise.all(
    names.map(async (name) => ({
      name,
      checksum: createHash("sha256").update(await fs.readFile(path.join(MIGRATIONS_DIR, name, "migration.sql"))).digest("hex"),
    })),
  );
}

function checkMigrationLevel(backup: AppliedMigration[], ours: AppliedMigration[]): void {
  for (const [index, migration] of backup.entries()) {
    const our = ours[index];
    if (our?.name === migration.name && our.checksum !== migration.checksum) {
      throw new RestoreError(`Migration ${migration.name} of the backup is not the one in prisma/migrations (its migration.sql was changed since), so the schema would not be the one the rows were written under; nothing was changed.`);
    }
    if (our?.name !== migration.name) {
      const known = ours.some((m) => m.name === migration.name);
      throw new RestoreError(
        known
          ? `The backup's migrations are not in this code's order (at ${migration.name}, this code has ${our?.name ?? "nothing"}); nothing was changed.`
          : `The backup was taken with migration ${migration.name}, which this code does not have (it is newer, or from another branch); restore it with the version of the app that wrote it. Nothing was changed.`,
      );
    }
  }
}

/**
 * Applies `migrations` (the first ones of ours). When they are not all of ours, the engine gets a
 * folder holding just those, so it stops at the backup's level.
 */
async function applyMigrations(url: string, migrations: AppliedMigration[], ourCount: number): Promise<void> {
  if (migrations.length === ourCount) {
    await deployMigrations(url);
    return;
  }
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), "attack-tracker-restore-migrations-"));
  try {
    await fs.copyFile(path.join(MIGRATIONS_DIR, "migration_lock.toml"), path.join(folder, "migration_lock.toml")).catch(() => {});
    for (const { name } of migrations) await fs.cp(path.join(MIGRATIONS_DIR, name), path.join(folder, name), { recursive: true });
    await deployMigrations(url, { migrationsDir: folder });
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// The rows

async function loadRows(url: string, file: string, manifest: BackupManifest): Promise<DatabaseFingerprint> {
  return withClient(url, async (client) => {
    await client.query("BEGIN");
    await client.query("SET LOCAL statement_timeout = 0");
    await client.query("SET LOCAL session_replication_role = replica");
    await setStableTextFormat(client);
    await checkSchemaMatches(client, manifest);

    let copy: CopyIn | undefined;
    const { fingerprint: expected } = await readBackup(file, {
      onRows: async (table, rows) => {
        copy ??= openCopyIn(client, table);
        await copy.write(rows);
      },
      onTableEnd: async (table) => {
        if (!copy) return; // no rows
        const loaded = await copy.end();
        copy = undefined;
        if (loaded !== table.rows) throw new RestoreError(`Table ${table.name} took ${loaded} rows where the backup has ${table.rows}; nothing was kept.`);
      },
    });
    for (const [name, { lastValue, isCalled }] of Object.entries(manifest.sequences)) {
      await client.query("SELECT setval($1::regclass, $2::bigint, $3)", [client.escapeIdentifier(name), lastValue, isCalled]);
    }

    const restored = await computeFingerprint(client);
    const differences = fingerprintDifferences(expected, restored);
    if (differences.length > 0) {
      throw new RestoreError(`The restored rows do not match the backup's fingerprint, so nothing was kept:\n  ${differences.join("\n  ")}`);
    }
    await client.query("COMMIT");
    return restored;
  });
}

/** The migrations built the tables, columns and sequences the backup has (else rows would go astray). */
async function checkSchemaMatches(client: pg.ClientBase, manifest: BackupManifest): Promise<void> {
  const describe = (tables: { name: string; columns: string[] }[], sequences: string[]) =>
    [...tables.map((t) => `table ${t.name} (${t.columns.join(", ")})`), ...sequences.map((s) => `sequence ${s}`)];
  const built = describe(await describeTables(client), Object.keys(await readSequences(client)));
  const backedUp = describe(manifest.tables, Object.keys(manifest.sequences));
  const missing = backedUp.filter((item) => !built.includes(item));
  const extra = built.filter((item) => !backedUp.includes(item));
  if (missing.length > 0 || extra.length > 0) {
    throw new RestoreError(
      `The schema the migrations built is not the backup's (${[...missing.map((m) => `backup has ${m}`), ...extra.map((e) => `schema has ${e}`)].join("; ")}); nothing was kept.`,
    );
  }
}

type CopyIn = { write(rows: Buffer): Promise<void>; end(): Promise<number> };

/** COPY … FROM STDIN with backpressure; an error from the server fails the next write or the end. */
function openCopyIn(client: pg.ClientBase, table: BackupTable): CopyIn {
  const columns = table.columns.map((column) => client.escapeIdentifier(column)).join(", ");
  const stream = client.query(copyFrom(`COPY ${client.escapeIdentifier(table.name)} (${columns}) FROM STDIN`));
  let failure: Error | undefined;
  stream.on("error", (error) => (failure ??= error));
  return {
    async write(rows) {
      if (failure) throw failure;
      if (!stream.write(rows)) await once(stream, "drain");
    },
    async end() {
      if (failure) throw failure;
      stream.end();
      await finished(stream);
      return stream.rowCount;
    },
  };
}
