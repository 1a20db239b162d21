// Database commands (npm run db:*). Each one provides the database (DATABASE_URL, or the embedded
// PostgreSQL under .data/pg), does its job and stops the embedded server again. Commands that
// change data apply pending migrations first (and renew the app role's grants, lib/db/app-role.ts);
// the diagnostic ones leave the database as it is. All of them connect as the tables' owner: only
// the app server runs as the app's own role.
//
//   migrate                      apply pending migrations and list them
//   migration <name>             write prisma/migrations/<timestamp>_<name>/ from schema.prisma, apply it
//   check                        exit 1, printing the missing SQL, when schema.prisma and the migrations disagree
//   drift                        exit 1, printing the SQL, when the live database differs from the migrations
//   status                       exit 1 when migrations are pending, failed or edited
//   resolve --rolled-back <name> forget a failed migration (after fixing it) so migrate retries it
//   seed [args…]                 the public record, or with --synthetic demo data (prisma/seed.ts)
//   load-public-record           bring the database up to prisma/public-record/ (prisma/public-record.ts)
import { DatabaseSetupError } from "../db/embedded-postgres";
import { ensureDatabase, type ReadyDatabase } from "../db/ensure-database";
import {
  checkDrift,
  checkMigrations,
  createMigration,
  deployMigrations,
  markMigrationRolledBack,
  MigrationError,
  migrationStatus,
} from "../db/migrations";

const USAGE = "Usage: tsx lib/cli/db.ts migrate | migration <name> | check | drift | status | resolve --rolled-back <name> | seed [args…] | load-public-record";

async function runCommand(command: string | undefined, args: string[], database: ReadyDatabase): Promise<number> {
  switch (command) {
    case "migrate": {
      printApplied(database.appliedMigrations);
      return 0;
    }

    case "migration": {
      const name = args[0];
      if (!name) throw new DatabaseSetupError("Give the migration a name: npm run db:migration -- <name>.");
      const created = await createMigration(database.url, name);
      if (!created) {
        console.log("schema.prisma has no changes: no migration created.");
        return 0;
      }
      console.log(`Created prisma/migrations/${created}/migration.sql`);
      printApplied(await deployMigrations(database.url));
      return 0;
    }

    case "check": {
      const { upToDate, sql } = await checkMigrations(database.url);
      if (upToDate) {
        console.log("Migrations match schema.prisma");
        return 0;
      }
      console.log("schema.prisma has changes that no migration contains; run `npm run db:migration -- <name>`. Missing SQL:\n");
      console.log(sql);
      return 1;
    }

    case "drift": {
      const { upToDate, sql } = await checkDrift(database.url);
      if (upToDate) {
        console.log("The database matches the migrations");
        return 0;
      }
      console.log("The database differs from what the migrations create (changed by hand?). SQL from the migrations' schema to the database's:\n");
      console.log(sql);
      return 1;
    }

    case "status": {
      const status = await migrationStatus(database.url);
      const lines = [
        ...status.pending.map((name) => `pending: ${name}`),
        ...status.failed.map((name) => `FAILED: ${name}`),
        ...status.edited.map((name) => `edited after it was applied: ${name}`),
        ...status.missingFromDirectory.map((name) => `applied but missing from prisma/migrations: ${name}`),
      ];
      console.log(status.upToDate ? "All migrations are applied." : lines.join("\n"));
      return status.upToDate ? 0 : 1;
    }

    case "resolve": {
      const [flag, name] = args;
      if (flag !== "--rolled-back" || !name) throw new DatabaseSetupError("Usage: resolve --rolled-back <migration name>.");
      await markMigrationRolledBack(database.url, name);
      console.log(`Marked ${name} as rolled back; fix its migration.sql if needed, then run npm run db:migrate.`);
      return 0;
    }

    // ---- seed: prisma/seed.ts owns the details ------------------------------------------------
    case "seed": {
      // Imported on demand: the other commands should not load the seed's dependencies.
      const { seedDatabase } = await import("../../prisma/seed");
      try {
        await seedDatabase(database.url, args);
      } catch (error) {
        // The seed's expected failures (bad options, a database that is not empty) are sentences
        // for the user, not crashes.
        if (error instanceof Error && ["SeedError", "PublicRecordError"].includes(error.constructor.name)) throw new DatabaseSetupError(error.message);
        throw error;
      }
      return 0;
    }

    case "load-public-record": {
      const { describeLoad, loadPublicRecord } = await import("../../prisma/public-record");
      try {
        console.log(describeLoad(await loadPublicRecord(database.url)));
      } catch (error) {
        if (error instanceof Error && error.constructor.name === "PublicRecordError") throw new DatabaseSetupError(`Nothing was loaded. ${error.message}`);
        throw error;
      }
      return 0;
    }

    default:
      throw new Error("unreachable: command validated in main()");
  }
}

/** Our own way out, since `prisma migrate resolve` needs the native engine we cannot install. */
function withResolveHint(error: MigrationError): string {
  const failed = error.failedMigration;
  if (!failed) return error.message;
  return `${error.message}\nIt ran in one transaction, so none of it was kept: fix prisma/migrations/${failed}/migration.sql, then run\n  npx tsx lib/cli/db.ts resolve --rolled-back ${failed} && npm run db:migrate`;
}

function printApplied(names: string[]): void {
  if (names.length === 0) console.log("No pending migrations: the database is up to date.");
  else console.log(`Applied ${names.length} migration${names.length === 1 ? "" : "s"}:\n${names.map((n) => `  ${n}`).join("\n")}`);
}

/** Set once SIGINT/SIGTERM arrived: from then on the signal handler decides how we exit. */
let exitCodeAfterSignal: number | undefined;

/** Command → whether it applies pending migrations first. */
const COMMANDS = new Map([
  ["migrate", true],
  ["migration", true],
  ["seed", true],
  ["load-public-record", true],
  ["check", false], // compares files only (on a shadow database)
  ["drift", false],
  ["status", false],
  ["resolve", false],
]);

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  if (!command || !COMMANDS.has(command)) {
    console.error(USAGE);
    return 2;
  }

  const database = await ensureDatabase({ migrate: COMMANDS.get(command) });
  // Ctrl-C or SIGTERM while working: stop the embedded server (PostgreSQL rolls back what the
  // command had not committed), then leave. A second signal leaves at once.
  const onSignal = (signal: NodeJS.Signals) => {
    if (exitCodeAfterSignal !== undefined) process.exit(exitCodeAfterSignal);
    exitCodeAfterSignal = signal === "SIGINT" ? 130 : 143;
    // The command's connections break as the server goes down; those errors are expected now.
    process.on("uncaughtException", () => {});
    void database.stop().finally(() => process.exit(exitCodeAfterSignal));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  try {
    return await runCommand(command, args, database);
  } finally {
    await database.stop();
  }
}

main().then(
  // Explicit exit: a seed or a driver that leaves a handle open must not keep the command alive.
  (code) => process.exit(code),
  (error: unknown) => {
    if (exitCodeAfterSignal !== undefined) return; // the signal handler exits once the server is down
    if (error instanceof DatabaseSetupError) console.error(error.message);
    else if (error instanceof MigrationError) console.error(withResolveHint(error));
    else console.error(error);
    process.exit(1);
  },
);
