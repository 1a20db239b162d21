// Backups of the whole database (DATABASE_URL, or the embedded PostgreSQL under .data/pg), as the
// owner of its tables:
//
//   backup [FILE]    write a backup (default .data/backups/attack-tracker-<UTC time>.backup.gz);
//                    the database is read in one snapshot while the app may keep writing
//   restore FILE     rebuild an EMPTY database from FILE (lib/db/restore.ts), then apply the
//                    migrations this code has beyond the backup's
//
// Both print the database's fingerprint (row counts, version sums, a hash of every table): after a
// restore it is the backup's.
import fs from "node:fs/promises";
import path from "node:path";
import { BackupFileError, backupDatabase } from "../db/backup";
import { DatabaseSetupError } from "../db/embedded-postgres";
import { ensureDatabase } from "../db/ensure-database";
import { type DatabaseFingerprint, fingerprintDigest } from "../db/fingerprint";
import { MigrationError, REPO_ROOT } from "../db/migrations";
import { DatabaseNotEmptyError, RestoreError, restoreDatabase } from "../db/restore";

const USAGE = "Usage: npm run db:backup [-- FILE] | npm run db:restore -- FILE";

/** .data/backups/attack-tracker-20261205-101500.backup.gz (UTC), beside the embedded data. */
function defaultBackupFile(now = new Date()): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, "").replace(/[-:]/g, "").replace("T", "-");
  return path.join(REPO_ROOT, ".data", "backups", `attack-tracker-${stamp}.backup.gz`);
}

function describeFingerprint(fingerprint: DatabaseFingerprint): string {
  const tables = Object.entries(fingerprint.tables);
  const rows = tables.reduce((sum, [, table]) => sum + table.rows, 0);
  const nonEmpty = tables.filter(([, table]) => table.rows > 0).map(([name, table]) => `${name} ${table.rows}`);
  const audit = fingerprint.tables.audit_entry;
  return [
    `  ${tables.length} tables, ${rows} rows: ${nonEmpty.join(", ") || "all empty"}`,
    ...(audit ? [`  audit trail: ${audit.rows} entries, md5 ${audit.md5}`] : []),
    `  fingerprint ${fingerprintDigest(fingerprint)} (${fingerprint.migrations.length} migrations, last ${fingerprint.migrations.at(-1)?.name ?? "none"})`,
  ].join("\n");
}

const seconds = (startedAt: number) => `${((performance.now() - startedAt) / 1000).toFixed(1)} s`;
const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 2 : 1)} MB`;

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  const file = args[0];
  if ((command !== "backup" && command !== "restore") || args.length > 1 || (command === "restore" && !file) || file?.startsWith("-")) {
    console.error(USAGE);
    return 2;
  }

  // Neither command migrates on the way in: a backup records the database as it is, and a restore
  // needs an empty database, which it migrates itself.
  const database = await ensureDatabase({ migrate: false });
  // Ctrl-C: stop the embedded server (PostgreSQL rolls back the open transaction), then leave.
  const onSignal = () => void database.stop().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const startedAt = performance.now();
  try {
    if (command === "backup") {
      const target = path.resolve(file ?? defaultBackupFile());
      await fs.mkdir(path.dirname(target), { recursive: true });
      const backup = await backupDatabase(database.url, target);
      console.log(`Backed up database ${backup.manifest.database} (PostgreSQL ${backup.manifest.serverVersion}) in ${seconds(startedAt)}: ${backup.file}, ${megabytes(backup.bytes)}`);
      console.log(describeFingerprint(backup.fingerprint));
      const relative = path.relative(process.cwd(), backup.file);
      console.log(`Restore it into an empty database with: npm run db:restore -- ${relative.startsWith("..") ? backup.file : relative}`);
    } else {
      const restored = await restoreDatabase(database.url, path.resolve(file!));
      console.log(`Restored ${file} (taken ${restored.manifest.createdAt}) in ${seconds(startedAt)}; the rows match the backup's fingerprint:`);
      console.log(describeFingerprint(restored.fingerprint));
      if (restored.migratedForward.length > 0) console.log(`Then applied the newer migrations: ${restored.migratedForward.join(", ")}`);
    }
    return 0;
  } finally {
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof DatabaseNotEmptyError) {
      console.error(error.message);
      console.error(
        process.env.DATABASE_URL
          ? "Create an empty database (e.g. createdb) and point DATABASE_URL at it."
          : "Restore into a new embedded data directory: EMBEDDED_PG_DATA_DIR=<empty folder> npm run db:restore -- FILE (or move .data/pg aside).",
      );
    } else if (error instanceof BackupFileError || error instanceof RestoreError || error instanceof DatabaseSetupError || error instanceof MigrationError) {
      console.error(error.message);
    } else {
      console.error(error);
    }
    process.exit(1);
  },
);
