// A backup of the whole database as one gzip file, written from a single snapshot (one REPEATABLE
// READ, READ ONLY transaction, the way pg_dump does it: the embedded binaries ship no pg_dump).
// Writers keep working meanwhile and none of their later commits reach the file. Decompressed, the
// file is plain text (zcat shows it):
//
//   attack-tracker backup, format 1
//   {manifest: created at, server version, applied migrations with checksums, tables with their
//    columns and row counts, sequence values}
//   <rows of the first table, as COPY text, in primary-key order>
//   \.
//   … one such section per table, in the manifest's order …
//   {"fingerprint": row counts, version sums and an md5 per table (lib/db/fingerprint.ts)}
//
// A COPY text line is one row and can never be "\." alone (a backslash in a value prints as "\\"),
// so that line ends a section. The schema is not in the file: a restore rebuilds it by replaying the
// migrations the manifest names (lib/db/restore.ts). Everything streams: rows go from COPY through
// gzip to the file, and back, a chunk at a time.
import fs from "node:fs";
import { rename, rm, stat } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { z } from "zod";
import {
  type DatabaseFingerprint, describeTables, readAppliedMigrations, readSequences, RowHasher, sumOfVersions, tableCopySql,
  type TableFingerprint, setStableTextFormat,
} from "./fingerprint";

export const BACKUP_FORMAT_LINE = "attack-tracker backup, format 1";
const SECTION_END = Buffer.from("\\.\n");
const NEWLINE_SECTION_END = Buffer.from("\n\\.\n");
/** The manifest and the fingerprint are single lines of JSON; anything longer is not our file. */
const MAX_HEADER_LINE_BYTES = 16 * 2 ** 20;

const MigrationSchema = z.strictObject({ name: z.string().min(1), checksum: z.string().regex(/^[0-9a-f]{64}$/) });
const SequenceSchema = z.strictObject({ lastValue: z.string().regex(/^-?\d+$/), isCalled: z.boolean() });

export const BackupManifestSchema = z.strictObject({
  createdAt: z.iso.datetime(),
  serverVersion: z.string(),
  database: z.string(),
  migrations: z.array(MigrationSchema),
  tables: z.array(z.strictObject({ name: z.string().min(1), columns: z.array(z.string().min(1)).min(1), rows: z.number().int().min(0) })),
  sequences: z.record(z.string(), SequenceSchema),
});
export type BackupManifest = z.infer<typeof BackupManifestSchema>;
export type BackupTable = BackupManifest["tables"][number];

const TrailerSchema = z.strictObject({
  fingerprint: z.strictObject({
    migrations: z.array(MigrationSchema),
    tables: z.record(z.string(), z.strictObject({ rows: z.number().int().min(0), versionSum: z.string().nullable(), md5: z.string().regex(/^[0-9a-f]{32}$/) })),
    sequences: z.record(z.string(), SequenceSchema),
  }),
});

/** The file is missing, not a backup, damaged, truncated or altered; the message says which. */
export class BackupFileError extends Error {
  override name = "BackupFileError";
}

export type BackupSummary = { file: string; bytes: number; manifest: BackupManifest; fingerprint: DatabaseFingerprint };

/**
 * Writes a backup of the database at `url` to `file` (which must not exist yet). The file appears
 * only when complete: it is written as `<file>.partial` and renamed at the end.
 */
export async function backupDatabase(url: string, file: string): Promise<BackupSummary> {
  if (await stat(file).then(() => true, () => false)) throw new BackupFileError(`${file} already exists; choose another file name or move it away.`);
  const partial = `${file}.partial`;
  const client = new pg.Client({ connectionString: url, application_name: "attack-tracker backup" });
  client.on("error", () => {}); // a connection lost mid-backup fails the running query instead
  await client.connect();
  try {
    let summary: Omit<BackupSummary, "file" | "bytes"> | undefined;
    await pipeline(
      snapshotText(client, (manifest, fingerprint) => (summary = { manifest, fingerprint })),
      createGzip(),
      fs.createWriteStream(partial, { flags: "wx" }),
    );
    await rename(partial, file);
    return { file, bytes: (await stat(file)).size, ...summary! };
  } catch (error) {
    await rm(partial, { force: true });
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new BackupFileError(`${partial} exists: another backup to that name is running, or one was interrupted (then delete it).`);
    throw error;
  } finally {
    // Ending the connection also ends the read-only transaction if the backup failed midway.
    await client.end().catch(() => {});
  }
}

/** The file's text, produced as the snapshot is read; `done` gets the manifest and fingerprint. */
async function* snapshotText(client: pg.Client, done: (manifest: BackupManifest, fingerprint: DatabaseFingerprint) => void) {
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  // A backup takes as long as it takes, and waits while gzip and the disk catch up.
  await client.query("SET LOCAL statement_timeout = 0; SET LOCAL idle_in_transaction_session_timeout = 0");
  await setStableTextFormat(client);
  // The first query fixes the snapshot; the lock then keeps migrations (DDL) out until we are done.
  const tables = await describeTables(client);
  if (tables.length > 0) await client.query(`LOCK TABLE ${tables.map((t) => client.escapeIdentifier(t.name)).join(", ")} IN ACCESS SHARE MODE`);

  const manifest: BackupManifest = {
    createdAt: new Date().toISOString(),
    serverVersion: (await client.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version,
    database: (await client.query<{ name: string }>("SELECT current_database() AS name")).rows[0]!.name,
    migrations: await readAppliedMigrations(client),
    tables: [],
    sequences: await readSequences(client),
  };
  for (const table of tables) {
    const { rows } = await client.query<{ rows: number }>(`SELECT count(*)::int AS rows FROM ${client.escapeIdentifier(table.name)}`);
    manifest.tables.push({ name: table.name, columns: table.columns, rows: rows[0]!.rows });
  }
  yield `${BACKUP_FORMAT_LINE}\n${JSON.stringify(manifest)}\n`;

  const fingerprintTables: Record<string, TableFingerprint> = {};
  for (const [index, table] of tables.entries()) {
    const hasher = new RowHasher();
    for await (const chunk of client.query(copyTo(tableCopySql(client, table)))) {
      hasher.add(chunk as Buffer);
      yield chunk as Buffer;
    }
    yield SECTION_END;
    fingerprintTables[table.name] = { rows: hasher.rows, versionSum: await sumOfVersions(client, table), md5: hasher.digest() };
    if (hasher.rows !== manifest.tables[index]!.rows) throw new Error(`Table ${table.name} changed size inside one snapshot; this should not happen.`);
  }
  const fingerprint: DatabaseFingerprint = { migrations: manifest.migrations, tables: fingerprintTables, sequences: manifest.sequences };
  yield `${JSON.stringify({ fingerprint })}\n`;
  await client.query("COMMIT");
  done(manifest, fingerprint);
}

// ---------------------------------------------------------------------------------------------
// Reading

export type BackupReadHandlers = {
  /** Rows of `table`, whole COPY text lines, in file order. */
  onRows?(table: BackupTable, rows: Buffer): Promise<void>;
  /** The section of `table` ended, with as many rows as the manifest says. */
  onTableEnd?(table: BackupTable): Promise<void>;
};

/**
 * Reads a backup file from start to end, streaming, and checks it on the way: the format line, the
 * manifest's shape, every section's row count against the manifest, every section's md5 against
 * the fingerprint at the end, and that the end is there. Any failure is a BackupFileError; with
 * handlers that load the rows, a failure is thrown before the last section is complete.
 */
export async function readBackup(file: string, handlers: BackupReadHandlers = {}): Promise<{ manifest: BackupManifest; fingerprint: DatabaseFingerprint }> {
  let hasFormatLine = false;
  let manifest: BackupManifest | undefined;
  let fingerprint: DatabaseFingerprint | undefined;
  let tableIndex = 0;
  let hasher = new RowHasher();
  const hashes: Record<string, { rows: number; md5: string }> = {};
  const fail = (reason: string) => new BackupFileError(`${file} ${reason}`);

  const parseJsonLine = <T>(line: string, schema: z.ZodType<T>, what: string): T => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw fail(`is damaged: its ${what} is not valid JSON.`);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw fail(`has a ${what} this version cannot read (${issue.path.join(".") || "top level"}: ${issue.message}).`);
    }
    return parsed.data;
  };

  const checkEnd = (found: DatabaseFingerprint) => {
    const m = manifest!;
    const names = Object.keys(found.tables);
    if (names.join() !== m.tables.map((t) => t.name).join()) throw fail("is damaged: the tables of its fingerprint are not those of its manifest.");
    for (const name of names) {
      if (found.tables[name]!.rows !== hashes[name]!.rows || found.tables[name]!.md5 !== hashes[name]!.md5) {
        throw fail(`was altered: the rows of table ${name} do not match the checksum written with them.`);
      }
    }
    if (JSON.stringify(found.migrations) !== JSON.stringify(m.migrations) || JSON.stringify(found.sequences) !== JSON.stringify(m.sequences)) {
      throw fail("was altered: its manifest and its fingerprint disagree on the migrations or sequences.");
    }
  };

  /** Consumes whole lines. */
  const consume = async (block: Buffer) => {
    let at = 0;
    while (at < block.length) {
      if (!manifest) {
        const end = block.indexOf(10, at);
        const line = block.toString("utf8", at, end);
        at = end + 1;
        if (!hasFormatLine) {
          if (line !== BACKUP_FORMAT_LINE) {
            throw fail(line.startsWith("attack-tracker backup") ? `is in a format this version cannot read ("${line}").` : "is not a backup written by npm run db:backup.");
          }
          hasFormatLine = true;
          continue;
        }
        manifest = parseJsonLine(line, BackupManifestSchema, "manifest");
        continue;
      }
      const table = manifest.tables[tableIndex];
      if (!table) {
        if (fingerprint) throw fail("is damaged: it has data after its end.");
        const end = block.indexOf(10, at);
        fingerprint = parseJsonLine(block.toString("utf8", at, end), TrailerSchema, "fingerprint").fingerprint;
        at = end + 1;
        checkEnd(fingerprint);
        continue;
      }
      const end = block.subarray(at, at + SECTION_END.length).equals(SECTION_END) ? at : nextSectionEnd(block, at);
      const rows = block.subarray(at, end === -1 ? block.length : end);
      if (rows.length > 0) {
        hasher.add(rows);
        if (hasher.rows > table.rows) throw fail(`was altered: table ${table.name} has more rows than the ${table.rows} its manifest says.`);
        await handlers.onRows?.(table, rows);
      }
      if (end === -1) return;
      at = end + SECTION_END.length;
      if (hasher.rows !== table.rows) throw fail(`was altered: table ${table.name} has ${hasher.rows} rows, but its manifest says ${table.rows}.`);
      hashes[table.name] = { rows: hasher.rows, md5: hasher.digest() };
      await handlers.onTableEnd?.(table);
      hasher = new RowHasher();
      tableIndex++;
    }
  };

  // The pipeline reports its own AbortError when the reader below stops early: keep the reason.
  let readerError: unknown;
  try {
    await pipeline(fs.createReadStream(file), createGunzip(), async (source: AsyncIterable<Buffer>) => {
      try {
        let carry: Buffer = Buffer.alloc(0);
        for await (const chunk of source) {
          const piece = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
          const lastNewline = piece.lastIndexOf(10);
          carry = piece.subarray(lastNewline + 1);
          if (!manifest?.tables[tableIndex] && carry.length > MAX_HEADER_LINE_BYTES) throw fail("is not a backup written by npm run db:backup.");
          if (lastNewline >= 0) await consume(piece.subarray(0, lastNewline + 1));
        }
        if (carry.length > 0 || !fingerprint) {
          const where = !manifest ? "before its manifest" : manifest.tables[tableIndex] ? `in table ${manifest.tables[tableIndex]!.name}` : "before its fingerprint";
          throw fail(`is truncated: it ends ${where}.`);
        }
      } catch (error) {
        readerError = error;
        throw error;
      }
    });
  } catch (error) {
    throw describeReadError(file, readerError ?? error);
  }
  return { manifest: manifest!, fingerprint: fingerprint! };
}

/** Index of the line "\." at or after `from` (a line start), or -1. */
function nextSectionEnd(block: Buffer, from: number): number {
  const at = block.indexOf(NEWLINE_SECTION_END, from);
  return at === -1 ? -1 : at + 1;
}

function describeReadError(file: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return new BackupFileError(`${file} does not exist.`);
  if (code === "EISDIR") return new BackupFileError(`${file} is a folder, not a backup file.`);
  if (code === "EACCES") return new BackupFileError(`${file} cannot be read (permission denied).`);
  if (code === "Z_BUF_ERROR") return new BackupFileError(`${file} is truncated: its compressed data ends early.`);
  if (code?.startsWith("Z_")) {
    const reason = (error as Error).message;
    return new BackupFileError(
      /header check/.test(reason) ? `${file} is not a backup written by npm run db:backup (not gzip data).` : `${file} is damaged (gzip: ${reason}).`,
    );
  }
  return error;
}
