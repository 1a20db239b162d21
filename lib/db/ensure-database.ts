// One call that leaves a migrated database ready: the one in DATABASE_URL if set, otherwise the
// embedded PostgreSQL with its data under <repo>/.data/pg (or, when the server's user cannot reach
// that, a place it can, printed: lib/db/data-directory.ts). Installs no signal handlers: the caller
// owns the process and calls stop(). The embedded database also gets the app's own role, which
// cannot change the audit trail (lib/db/app-role.ts).
import path from "node:path";
import pg from "pg";
import { appRolePassword, ensureAppRole } from "./app-role";
import { chooseDataDirectory } from "./data-directory";
import { DatabaseSetupError, startEmbeddedPostgres } from "./embedded-postgres";
import { deployMigrations, MigrationError, REPO_ROOT } from "./migrations";
import { getServerUser } from "./server-user";

export type ReadyDatabase = {
  /** The owner's login: migrations, seeding, loading and the CLI's other work. */
  url: string;
  /**
   * What the app server connects with. Embedded: the least-privilege role of lib/db/app-role.ts
   * (set up only when migrating; otherwise the owner's URL). DATABASE_URL: that same URL.
   */
  appUrl: string;
  /** True when we started the embedded server (stop() then shuts it down). */
  embedded: boolean;
  /** Migrations this call applied (usually none). */
  appliedMigrations: string[];
  stop(): Promise<void>;
};

export const DEFAULT_EMBEDDED_PORT = 54329;
export const EMBEDDED_DATABASE_NAME = "attack_tracker";
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Environment: DATABASE_URL (an external server; empty counts as unset), else EMBEDDED_PG_PORT
 * (default 54329) and EMBEDDED_PG_DATA_DIR (default <repo>/.data/pg, see chooseDataDirectory) for
 * the embedded one.
 * `migrate: false` skips applying migrations, for commands that diagnose them.
 */
export async function ensureDatabase(opts: { dataDir?: string; port?: number; migrate?: boolean } = {}): Promise<ReadyDatabase> {
  const migrate = opts.migrate ?? true;
  const externalUrl = process.env.DATABASE_URL?.trim();
  if (externalUrl) {
    const url = parseDatabaseUrl(externalUrl);
    await checkDatabaseAnswers(url);
    const appliedMigrations = migrate ? await deployMigrations(url.href).catch(explainMigrationRefusal) : [];
    return { url: externalUrl, appUrl: externalUrl, embedded: false, appliedMigrations, stop: async () => {} };
  }

  const dataDir = path.resolve(opts.dataDir ?? (process.env.EMBEDDED_PG_DATA_DIR?.trim() || (await defaultDataDirectory())));
  const server = await startEmbeddedPostgres({ dataDir, port: opts.port ?? embeddedPortFromEnv(), database: EMBEDDED_DATABASE_NAME });
  try {
    const appliedMigrations = migrate ? await deployMigrations(server.url) : [];
    // After the migrations, so that the grants cover the tables they just created.
    const appUrl = migrate ? await ensureAppRole(server.url, await appRolePassword(dataDir)) : server.url;
    return { url: server.url, appUrl, embedded: true, appliedMigrations, stop: server.stop };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function defaultDataDirectory(): Promise<string> {
  const { dataDir, note } = await chooseDataDirectory({ repoRoot: REPO_ROOT, user: await getServerUser() });
  if (note) console.log(note);
  return dataDir;
}

function parseDatabaseUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // Never echo the value: it may hold a password.
    throw new DatabaseSetupError("DATABASE_URL is not a valid URL; expected postgresql://user:password@host:port/database, or unset it to use the embedded database.");
  }
  if (url.protocol !== "postgresql:" && url.protocol !== "postgres:") {
    throw new DatabaseSetupError(`DATABASE_URL must start with postgresql:// or postgres:// (it starts with ${url.protocol}//); fix it or unset it to use the embedded database.`);
  }
  if (!url.hostname) {
    throw new DatabaseSetupError("DATABASE_URL has no host; expected postgresql://user:password@host:port/database, or unset it to use the embedded database.");
  }
  return url;
}

async function checkDatabaseAnswers(url: URL): Promise<void> {
  const client = new pg.Client({ connectionString: url.href, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on("error", () => {}); // a connection dropped later is reported by query(), not as a crash
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    const password = decodeURIComponent(url.password);
    let reason = error instanceof Error ? error.message : String(error);
    if (password) reason = reason.replaceAll(password, "***");
    throw new DatabaseSetupError(
      `Cannot reach the database at ${url.hostname}:${url.port || 5432} (${reason}). Check DATABASE_URL or unset it to use the embedded database.`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * A least-privilege role in DATABASE_URL (as /docs/operations advises for the app) may read the
 * migrations table but not apply a pending migration; it is refused before any of it runs.
 */
function explainMigrationRefusal(error: unknown): never {
  if (error instanceof MigrationError && /permission denied/.test(error.message)) {
    throw new DatabaseSetupError(
      `DATABASE_URL's role may not apply migrations (${error.message.replace(/^ERROR:\s*/, "")}); give it SELECT on _prisma_migrations to check them (/docs/operations, Database roles), and apply pending ones as the tables' owner: npm run db:migrate with the owner's DATABASE_URL.`,
    );
  }
  throw error;
}

function embeddedPortFromEnv(): number {
  const value = process.env.EMBEDDED_PG_PORT?.trim();
  if (!value) return DEFAULT_EMBEDDED_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new DatabaseSetupError(`EMBEDDED_PG_PORT must be a port number between 1 and 65535 (got "${value}").`);
  }
  return port;
}
