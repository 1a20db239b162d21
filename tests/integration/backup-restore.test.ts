import { spawn } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkNewUser, upsertUser } from "@/lib/accounts/users";
import type { Actor } from "@/lib/auth/guards";
import { getPool } from "@/lib/db";
import { BACKUP_FORMAT_LINE, BackupFileError, backupDatabase, type BackupManifest } from "@/lib/db/backup";
import { type DatabaseFingerprint, fingerprintDatabase, fingerprintDigest } from "@/lib/db/fingerprint";
import { deployMigrations, REPO_ROOT } from "@/lib/db/migrations";
import { DatabaseNotEmptyError, RestoreError, restoreDatabase } from "@/lib/db/restore";
import { publishIncident, retractIncident } from "@/lib/data/incident-writes";
import { loadPublicRecord } from "@/prisma/public-record";
import { createTempDir, createTestDatabase, runAdminStatement, type TestDatabase, withClient } from "../helpers/test-database";

// Backup → restore against real databases: the public record with edits made through the data
// layer (audit entries, versions above 1, rollups the triggers kept) comes back with the same
// fingerprint; a database that is not empty, a damaged file or a backup from other migrations is
// refused and leaves the target as it was; and the backup is one snapshot while others write.

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Tables, functions and types in the database's own schema: 0 for an empty database. */
const objectCount = (url: string) =>
  withClient(url, async (client) => {
    const { rows } = await client.query<{ n: number }>(`
      SELECT ((SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public')
            + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public')
            + (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public'))::int AS n`);
    return rows[0]!.n;
  });

const countRows = (url: string, table: string) =>
  withClient(url, async (client) => (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n);

/** The decompressed file split into its format line, manifest, sections and fingerprint line. */
async function openBackupText(file: string) {
  const lines = gunzipSync(await fs.readFile(file)).toString("utf8").split("\n");
  return { lines, manifest: JSON.parse(lines[1]!) as BackupManifest };
}

/** Lines [start, end) of a table's rows (line 0 is the format line, line 1 the manifest). */
function sectionOf(lines: string[], manifest: BackupManifest, table: string): { start: number; end: number } {
  let start = 2;
  for (const { name } of manifest.tables) {
    const end = lines.indexOf("\\.", start);
    if (name === table) return { start, end };
    start = end + 1;
  }
  throw new Error(`no table ${table}`);
}

async function writeBackupText(file: string, lines: string[]): Promise<void> {
  await fs.writeFile(file, gzipSync(lines.join("\n")));
}

function runCli(databaseUrl: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "lib/cli/backup.ts", ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("exit", (code) => resolve({ code, output: output.trim() }));
  });
}

describe("backup and restore", () => {
  let source: TestDatabase;
  let folder: string;
  let backupFile: string;
  let sourceFingerprint: DatabaseFingerprint;
  let editor: Actor;
  let editedIncidentId: string;
  const targets: TestDatabase[] = [];
  const emptyTarget = async () => {
    const target = await createTestDatabase({ empty: true });
    targets.push(target);
    return target;
  };

  beforeAll(async () => {
    folder = await createTempDir("backup");
    source = await createTestDatabase();
    await loadPublicRecord(source.url);
    const email = "backup-editor@example.org";
    const { id } = await upsertUser(source.url, checkNewUser({ email, password: "a-long-enough-password", role: "editor" }));
    editor = { userId: id, role: "editor", label: email };
    process.env.DATABASE_URL = source.url;
    // Edits through the data layer: audit entries, version 3, rollups moved by the triggers.
    const { rows } = await getPool().query<{ id: string }>("SELECT id FROM incident WHERE status = 'PUBLISHED' ORDER BY reference LIMIT 1");
    editedIncidentId = rows[0]!.id;
    await retractIncident(editor, editedIncidentId, 1, "Test: a duplicate report");
    await publishIncident(editor, editedIncidentId, 2);
    backupFile = path.join(folder, "source.backup.gz");
    await backupDatabase(source.url, backupFile);
    sourceFingerprint = await fingerprintDatabase(source.url);
  }, 120_000);
  afterAll(async () => {
    await getPool().end();
    await Promise.all([source, ...targets].map((db) => db?.drop()));
    if (folder) await fs.rm(folder, { recursive: true, force: true });
  });

  it("restores into an empty database with the same row counts, versions, audit trail and rows", { timeout: 60_000 }, async () => {
    // The fixture is what the test claims: edits, an audit trail and a user are in the backup.
    expect(sourceFingerprint.tables.incident!.rows).toBeGreaterThan(100);
    expect(Number(sourceFingerprint.tables.incident!.versionSum)).toBe(sourceFingerprint.tables.incident!.rows + 2);
    expect(sourceFingerprint.tables.audit_entry!.rows).toBeGreaterThan(sourceFingerprint.tables.incident!.rows);
    expect(sourceFingerprint.tables.app_user!.rows).toBe(1);
    expect(Number(sourceFingerprint.sequences.audit_entry_id_seq!.lastValue)).toBe(sourceFingerprint.tables.audit_entry!.rows);

    const target = await emptyTarget();
    const summary = await restoreDatabase(target.url, backupFile);
    expect(summary.migratedForward).toEqual([]);
    const restored = await fingerprintDatabase(target.url);
    expect(restored).toEqual(sourceFingerprint);
    expect(fingerprintDigest(restored)).toBe(fingerprintDigest(sourceFingerprint));

    // Triggers did not fire during the load: the rollups are the source's, not doubled, and new
    // writes continue the sequences instead of colliding with restored ids.
    const totals = (url: string) => withClient(url, async (c) => (await c.query("SELECT sum(incidents)::int AS n FROM incident_daily_total")).rows[0]);
    expect(await totals(target.url)).toEqual(await totals(source.url));
    const nextAuditId = await withClient(target.url, async (c) =>
      (await c.query<{ id: string }>("INSERT INTO audit_entry (actor_label, action, entity_type, entity_id) VALUES ('test', 'UPDATE', 'incident', 'x') RETURNING id::text")).rows[0]!.id);
    expect(Number(nextAuditId)).toBe(sourceFingerprint.tables.audit_entry!.rows + 1);
  });

  it("refuses a database that is not empty and changes nothing in it", async () => {
    const target = await createTestDatabase(); // migrated, no rows
    targets.push(target);
    await upsertUser(target.url, checkNewUser({ email: "someone@example.org", password: "a-long-enough-password", role: "viewer" }));
    const before = await fingerprintDatabase(target.url);

    const error = await restoreDatabase(target.url, backupFile).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseNotEmptyError);
    expect((error as Error).message).toMatch(/^The database is not empty: it has \d+ tables, \d+ sequences, \d+ functions, \d+ types \(_prisma_migrations, app_user, .*\)\. A restore only fills an empty database, so nothing was changed\.$/);
    expect(await fingerprintDatabase(target.url)).toEqual(before);
  });

  it("refuses a truncated file with a clear message and leaves the target empty", async () => {
    const bytes = await fs.readFile(backupFile);
    const cutGzip = path.join(folder, "cut-gzip.backup.gz");
    await fs.writeFile(cutGzip, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    // A whole gzip file whose text stops inside a table: our own framing notices.
    const { lines, manifest } = await openBackupText(backupFile);
    const cutText = path.join(folder, "cut-text.backup.gz");
    await writeBackupText(cutText, lines.slice(0, sectionOf(lines, manifest, "incident").start + 5));

    const target = await emptyTarget();
    await expect(restoreDatabase(target.url, cutGzip)).rejects.toThrow(new BackupFileError(`${cutGzip} is truncated: its compressed data ends early.`));
    await expect(restoreDatabase(target.url, cutText)).rejects.toThrow(new BackupFileError(`${cutText} is truncated: it ends in table incident.`));
    await expect(restoreDatabase(target.url, path.join(folder, "missing.backup.gz"))).rejects.toThrow(/missing\.backup\.gz does not exist\.$/);
    await fs.writeFile(path.join(folder, "not-gzip"), "incident,claim\n");
    await expect(restoreDatabase(target.url, path.join(folder, "not-gzip"))).rejects.toThrow(/not-gzip is not a backup written by npm run db:backup \(not gzip data\)\.$/);
    expect(await objectCount(target.url)).toBe(0);
  });

  it("refuses a tampered manifest, changed rows or migrations this code does not have, and leaves the target empty", { timeout: 60_000 }, async () => {
    const { lines, manifest } = await openBackupText(backupFile);
    const incidents = manifest.tables.find((t) => t.name === "incident")!;
    type Trailer = { fingerprint: DatabaseFingerprint };
    /** A copy of the backup with `edit` applied to its lines, its manifest and its closing fingerprint. */
    const tampered = async (name: string, edit: (lines: string[], manifest: BackupManifest, trailer: Trailer) => void) => {
      const copy = [...lines];
      const copyManifest = structuredClone(manifest);
      const trailer = JSON.parse(copy.at(-2)!) as Trailer; // the file ends with a line break
      edit(copy, copyManifest, trailer);
      copy[1] = JSON.stringify(copyManifest);
      copy[copy.length - 2] = JSON.stringify(trailer);
      const file = path.join(folder, name);
      await writeBackupText(file, copy);
      return file;
    };

    const moreRows = await tampered("more-rows.backup.gz", (_, m) => (m.tables.find((t) => t.name === "incident")!.rows += 1));
    const changedRow = await tampered("changed-row.backup.gz", (copy, m) => {
      const { start, end } = sectionOf(copy, m, "incident");
      const index = copy.findIndex((line, i) => i >= start && i < end && line.startsWith(editedIncidentId));
      copy[index] = copy[index]!.replace("PUBLISHED", "RETRACTED");
    });
    const otherFormat = await tampered("other-format.backup.gz", (copy) => (copy[0] = BACKUP_FORMAT_LINE.replace("format 1", "format 9")));
    // Manifest and fingerprint edited alike, so the file agrees with itself: our migrations decide.
    const newerMigration = await tampered("newer.backup.gz", (_, m, t) => {
      m.migrations.push({ name: "29991231000000_from_the_future", checksum: "0".repeat(64) });
      t.fingerprint.migrations = m.migrations;
    });
    const editedMigration = await tampered("edited.backup.gz", (_, m, t) => {
      m.migrations[0]!.checksum = "f".repeat(64);
      t.fingerprint.migrations = m.migrations;
    });

    const target = await emptyTarget();
    await expect(restoreDatabase(target.url, moreRows)).rejects.toThrow(
      new BackupFileError(`${moreRows} was altered: table incident has ${incidents.rows} rows, but its manifest says ${incidents.rows + 1}.`),
    );
    await expect(restoreDatabase(target.url, changedRow)).rejects.toThrow(
      new BackupFileError(`${changedRow} was altered: the rows of table incident do not match the checksum written with them.`),
    );
    await expect(restoreDatabase(target.url, otherFormat)).rejects.toThrow(
      new BackupFileError(`${otherFormat} is in a format this version cannot read ("attack-tracker backup, format 9").`),
    );
    await expect(restoreDatabase(target.url, newerMigration)).rejects.toThrow(
      /^The backup was taken with migration 29991231000000_from_the_future, which this code does not have/,
    );
    await expect(restoreDatabase(target.url, editedMigration)).rejects.toThrow(/^Migration \S+_init of the backup is not the one in prisma\/migrations/);
    expect(await objectCount(target.url)).toBe(0);

    // Past the file checks (checksum redone to match), a failure drops the schema the restore had
    // built: two audit entries with the same id, which only the database can refuse.
    const duplicateId = await tampered("duplicate-id.backup.gz", (copy, m, t) => {
      const audit = sectionOf(copy, m, "audit_entry");
      copy[audit.start + 1] = copy[audit.start]!;
      t.fingerprint.tables.audit_entry!.md5 = createHash("md5").update(copy.slice(audit.start, audit.end).join("\n") + "\n").digest("hex");
    });
    await expect(restoreDatabase(target.url, duplicateId)).rejects.toThrow(/duplicate key value violates unique constraint "audit_entry_pkey"/);
    expect(await objectCount(target.url)).toBe(0);
  });

  it("explains that a restore needs to switch triggers off, before changing anything", { timeout: 60_000 }, async () => {
    // A DATABASE_URL whose role owns its database but is no superuser, as on a managed server.
    const role = `backup_owner_${randomUUID().replaceAll("-", "").slice(0, 8)}`;
    const { serverUrl } = inject("testDatabaseServer");
    const target = await emptyTarget();
    await runAdminStatement(serverUrl, `CREATE ROLE ${role} LOGIN PASSWORD 'owner-password'`);
    try {
      await runAdminStatement(serverUrl, `ALTER DATABASE "${target.name}" OWNER TO ${role}`);
      const ownerUrl = new URL(target.url);
      ownerUrl.username = role;
      ownerUrl.password = "owner-password";
      await expect(restoreDatabase(ownerUrl.href, backupFile)).rejects.toThrow(
        new RestoreError(`A restore loads the rows with triggers off (session_replication_role = replica), which role ${role} may not do: run it as a superuser, or GRANT SET ON PARAMETER session_replication_role TO "${role}". Nothing was changed.`),
      );
      expect(await objectCount(target.url)).toBe(0);
    } finally {
      await target.drop();
      await runAdminStatement(serverUrl, `DROP ROLE ${role}`);
    }
  });

  it("takes one snapshot: writes committed while the backup runs are not in it", { timeout: 60_000 }, async () => {
    const busy = await createTestDatabase();
    targets.push(busy);
    await loadPublicRecord(busy.url);
    const auditBefore = await countRows(busy.url, "audit_entry");
    const incidentId = (await withClient(busy.url, (c) => c.query<{ id: string }>("SELECT id FROM incident ORDER BY reference LIMIT 1"))).rows[0]!.id;

    // Hold the backup between its snapshot and its first COPY: its table lock waits behind ours.
    const blocker = new pg.Client({ connectionString: busy.url });
    await blocker.connect();
    await blocker.query("BEGIN");
    await blocker.query("LOCK TABLE public_record_load IN ACCESS EXCLUSIVE MODE");
    const file = path.join(folder, "busy.backup.gz");
    const backup = backupDatabase(busy.url, file);
    await withClient(busy.url, async (client) => {
      for (let waited = 0; ; waited += 20) {
        const { rowCount } = await client.query("SELECT 1 FROM pg_stat_activity WHERE application_name = 'attack-tracker backup' AND wait_event_type = 'Lock'");
        if (rowCount) break;
        if (waited > 20_000) throw new Error("the backup never waited for the lock");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // Another writer commits while the backup is under way.
      await client.query("INSERT INTO audit_entry (actor_label, action, entity_type, entity_id) VALUES ('writer', 'UPDATE', 'incident', $1)", [incidentId]);
      await client.query("UPDATE incident SET version = version + 1, notes = 'changed during the backup' WHERE id = $1", [incidentId]);
    });
    await blocker.query("COMMIT");
    await blocker.end();
    const { manifest, fingerprint } = await backup;

    expect(await countRows(busy.url, "audit_entry")).toBe(auditBefore + 1);
    expect(manifest.tables.find((t) => t.name === "audit_entry")!.rows).toBe(auditBefore);
    const target = await emptyTarget();
    await restoreDatabase(target.url, file);
    expect(await countRows(target.url, "audit_entry")).toBe(auditBefore);
    const restoredIncident = await withClient(target.url, (c) => c.query("SELECT version, notes FROM incident WHERE id = $1", [incidentId]));
    expect(restoredIncident.rows[0].version).toBe(1);
    expect(restoredIncident.rows[0].notes).not.toBe("changed during the backup");
    expect(await fingerprintDatabase(target.url)).toEqual(fingerprint);
  });

  it("restores a backup from before the newest migrations at its own level, then migrates forward", { timeout: 60_000 }, async () => {
    const migrationsDir = path.join(REPO_ROOT, "prisma/migrations");
    const all = (await fs.readdir(migrationsDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    const older = path.join(folder, "older-migrations");
    for (const name of all.slice(0, -1)) await fs.cp(path.join(migrationsDir, name), path.join(older, name), { recursive: true });
    const old = await emptyTarget();
    await deployMigrations(old.url, { migrationsDir: older });
    await upsertUser(old.url, checkNewUser({ email: "old@example.org", password: "a-long-enough-password", role: "admin" }));
    const file = path.join(folder, "older.backup.gz");
    const backup = await backupDatabase(old.url, file);
    expect(backup.manifest.migrations.map((m) => m.name)).toEqual(all.slice(0, -1));

    const target = await emptyTarget();
    const summary = await restoreDatabase(target.url, file);
    expect(summary.migratedForward).toEqual(all.slice(-1));
    expect(summary.fingerprint).toEqual(backup.fingerprint);
    const restored = await fingerprintDatabase(target.url);
    expect(restored.migrations.map((m) => m.name)).toEqual(all);
    expect(restored.tables.app_user!.md5).toBe(backup.fingerprint.tables.app_user!.md5);
  });

  it("npm run db:backup and db:restore print the same fingerprint, and restore explains a non-empty target", { timeout: 90_000 }, async () => {
    const file = path.join(folder, "cli.backup.gz");
    const backedUp = await runCli(source.url, ["backup", file]);
    expect(backedUp.code).toBe(0);
    expect(backedUp.output).toContain(`fingerprint ${fingerprintDigest(sourceFingerprint)}`);
    expect(backedUp.output).toContain(`audit trail: ${sourceFingerprint.tables.audit_entry!.rows} entries, md5 ${sourceFingerprint.tables.audit_entry!.md5}`);

    const target = await emptyTarget();
    const restored = await runCli(target.url, ["restore", file]);
    expect(restored.code).toBe(0);
    expect(restored.output).toContain(`fingerprint ${fingerprintDigest(sourceFingerprint)}`);

    const again = await runCli(target.url, ["restore", file]);
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/^The database is not empty: .*\nCreate an empty database \(e\.g\. createdb\) and point DATABASE_URL at it\.$/);
    expect((await runCli(target.url, ["backup", file])).output).toBe(`${file} already exists; choose another file name or move it away.`);
  });
});
