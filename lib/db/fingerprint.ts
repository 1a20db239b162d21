// What a database holds, in a few numbers and hashes: per table its row count, the sum of its
// `version` column (where it has one: the optimistic locks of the records) and an md5 over its rows
// in primary-key order (for audit_entry, the ordered audit trail); the value of every sequence; the
// applied migrations. Two databases with equal fingerprints hold the same data. The backup writes
// the fingerprint of its snapshot at the end of the file, and a restore compares the database it
// built with it before committing (lib/db/backup.ts, lib/db/restore.ts).
//
// Rows are hashed as PostgreSQL's COPY text prints them, streamed: memory stays flat whatever the
// size of the table. The backup writes exactly the same text (tableCopySql), so hashing what it
// writes costs nothing extra.
import { createHash, type Hash } from "node:crypto";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";

/** One table as the backup sees it: the columns a COPY writes (stored generated ones are computed). */
export type TableShape = { name: string; columns: string[]; primaryKey: string[]; hasVersion: boolean };

export type TableFingerprint = { rows: number; versionSum: string | null; md5: string };
export type SequenceValue = { lastValue: string; isCalled: boolean };
export type AppliedMigration = { name: string; checksum: string };

export type DatabaseFingerprint = {
  migrations: AppliedMigration[];
  tables: Record<string, TableFingerprint>;
  sequences: Record<string, SequenceValue>;
};

/** Prisma's history of applied migrations: restored by replaying the migrations, not as rows. */
export const MIGRATIONS_TABLE = "_prisma_migrations";

/**
 * The settings that decide how COPY prints values. Fixed, so the same rows always print (and hash)
 * the same, whatever the server's or the role's defaults. Set with SET LOCAL: inside a transaction.
 */
export async function setStableTextFormat(client: pg.ClientBase): Promise<void> {
  await client.query(`SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL IntervalStyle = 'postgres';
    SET LOCAL extra_float_digits = 1; SET LOCAL bytea_output = 'hex'`);
}

/** The tables of the public schema (all but the migrations table), in name order. */
export async function describeTables(client: pg.ClientBase): Promise<TableShape[]> {
  const { rows } = await client.query<{ name: string; columns: string[]; primary_key: string[] | null }>(
    `SELECT c.relname AS name,
            array_agg(a.attname::text ORDER BY a.attnum) FILTER (WHERE a.attgenerated = '') AS columns,
            (SELECT array_agg(k.attname::text ORDER BY array_position(i.indkey::int2[], k.attnum))
               FROM pg_index i JOIN pg_attribute k ON k.attrelid = i.indrelid AND k.attnum = ANY (i.indkey)
              WHERE i.indrelid = c.oid AND i.indisprimary) AS primary_key
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> $1
      GROUP BY c.oid, c.relname
      ORDER BY c.relname COLLATE "C"`,
    [MIGRATIONS_TABLE],
  );
  return rows.map((row) => {
    if (!row.primary_key) throw new Error(`Table ${row.name} has no primary key, so its rows have no stable order to back up and compare.`);
    return { name: row.name, columns: row.columns, primaryKey: row.primary_key, hasVersion: row.columns.includes("version") };
  });
}

/** The statement whose COPY output is both the backup's copy of a table and what its md5 covers. */
export function tableCopySql(client: pg.ClientBase, table: TableShape): string {
  const list = (names: string[]) => names.map((name) => client.escapeIdentifier(name)).join(", ");
  return `COPY (SELECT ${list(table.columns)} FROM ${client.escapeIdentifier(table.name)} ORDER BY ${list(table.primaryKey)}) TO STDOUT`;
}

/** Counts and hashes COPY text as it streams by: each row is one line. */
export class RowHasher {
  rows = 0;
  private readonly hash: Hash = createHash("md5");

  add(chunk: Buffer): void {
    this.hash.update(chunk);
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) this.rows++;
  }

  digest(): string {
    return this.hash.digest("hex");
  }
}

export async function sumOfVersions(client: pg.ClientBase, table: TableShape): Promise<string | null> {
  if (!table.hasVersion) return null;
  const { rows } = await client.query<{ sum: string }>(`SELECT coalesce(sum(version), 0)::text AS sum FROM ${client.escapeIdentifier(table.name)}`);
  return rows[0]!.sum;
}

/**
 * Sequences are not transactional: this is their value now, which is at least every id the current
 * snapshot can see (an id is drawn before the row that holds it commits).
 */
export async function readSequences(client: pg.ClientBase): Promise<Record<string, SequenceValue>> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY c.relname COLLATE "C"`,
  );
  const sequences: Record<string, SequenceValue> = {};
  for (const { name } of rows) {
    const value = await client.query<{ last_value: string; is_called: boolean }>(
      `SELECT last_value::text, is_called FROM ${client.escapeIdentifier(name)}`,
    );
    sequences[name] = { lastValue: value.rows[0]!.last_value, isCalled: value.rows[0]!.is_called };
  }
  return sequences;
}

/** Applied (and not rolled back) migrations in order; the checksum is the sha256 of migration.sql. */
export async function readAppliedMigrations(client: pg.ClientBase): Promise<AppliedMigration[]> {
  const exists = await client.query("SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = $1", [MIGRATIONS_TABLE]);
  if (exists.rowCount === 0) return [];
  const { rows } = await client.query<AppliedMigration>(
    `SELECT migration_name AS name, checksum FROM ${MIGRATIONS_TABLE}
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name COLLATE "C"`,
  );
  return rows;
}

/** The fingerprint as the client's current transaction sees it (call inside one, see setStableTextFormat). */
export async function computeFingerprint(client: pg.ClientBase): Promise<DatabaseFingerprint> {
  const tables: Record<string, TableFingerprint> = {};
  for (const table of await describeTables(client)) {
    const hasher = new RowHasher();
    for await (const chunk of client.query(copyTo(tableCopySql(client, table)))) hasher.add(chunk as Buffer);
    tables[table.name] = { rows: hasher.rows, versionSum: await sumOfVersions(client, table), md5: hasher.digest() };
  }
  return { migrations: await readAppliedMigrations(client), tables, sequences: await readSequences(client) };
}

/** The fingerprint of the database at `url`, read in one snapshot. */
export async function fingerprintDatabase(url: string): Promise<DatabaseFingerprint> {
  const client = new pg.Client({ connectionString: url, application_name: "attack-tracker fingerprint" });
  await client.connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    await setStableTextFormat(client);
    const fingerprint = await computeFingerprint(client);
    await client.query("COMMIT");
    return fingerprint;
  } finally {
    await client.end();
  }
}

/** A short hash of the whole fingerprint, to compare two databases at a glance. */
export function fingerprintDigest(fingerprint: DatabaseFingerprint): string {
  return createHash("md5").update(JSON.stringify(fingerprint)).digest("hex");
}

/** Where two fingerprints differ, one line per table or item; empty when they are equal. */
export function fingerprintDifferences(expected: DatabaseFingerprint, actual: DatabaseFingerprint): string[] {
  const differences: string[] = [];
  const compare = (label: string, a: Record<string, unknown>, b: Record<string, unknown>) => {
    for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (JSON.stringify(a[name]) !== JSON.stringify(b[name])) {
        differences.push(`${label} ${name}: expected ${JSON.stringify(a[name]) ?? "nothing"}, found ${JSON.stringify(b[name]) ?? "nothing"}`);
      }
    }
  };
  compare("table", expected.tables, actual.tables);
  compare("sequence", expected.sequences, actual.sequences);
  const names = (list: AppliedMigration[]) => list.map((m) => `${m.name}:${m.checksum.slice(0, 12)}`).join(", ");
  if (names(expected.migrations) !== names(actual.migrations)) {
    differences.push(`migrations: expected ${names(expected.migrations) || "none"}, found ${names(actual.migrations) || "none"}`);
  }
  return differences;
}
