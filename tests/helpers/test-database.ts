// A private database per test file, cloned from the migrated template that the global setup
// (tests/helpers/vitest-global-setup.ts) prepared on the run's embedded PostgreSQL:
//
//   let db: TestDatabase;
//   beforeAll(async () => { db = await createTestDatabase(); });
//   afterAll(() => db.drop());
//
// Cloning (CREATE DATABASE … TEMPLATE) copies files instead of replaying migrations: ~50 ms.
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";

export type TestDatabase = {
  /** As the owner (a superuser): setup, seeding, anything the CLI does. */
  url: string;
  /** As the app's own role, with the grants the app server has (lib/db/app-role.ts). */
  appUrl: string;
  name: string;
  drop(): Promise<void>;
};

/** What the global setup hands to every test file (vitest provide/inject). */
export type TestDatabaseServer = {
  /** URL of the server's maintenance database (`postgres`); only its host, port and login matter. */
  serverUrl: string;
  /** The same server logged in as the app's role. */
  appServerUrl: string;
  /** Database with every migration applied; nobody may connect to it, so it can always be cloned. */
  templateDatabase: string;
};

declare module "vitest" {
  interface ProvidedContext {
    testDatabaseServer: TestDatabaseServer;
  }
}

/**
 * A new database with all migrations applied (or, with `{ empty: true }`, with nothing at all, for
 * testing the migrations themselves).
 */
export async function createTestDatabase(opts: { empty?: boolean } = {}): Promise<TestDatabase> {
  const { serverUrl, appServerUrl, templateDatabase } = inject("testDatabaseServer");
  const name = `test_${process.env.VITEST_POOL_ID ?? "0"}_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const template = opts.empty ? "template0" : templateDatabase;
  await runAdminStatement(serverUrl, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);

  let dropping: Promise<void> | undefined;
  return {
    url: databaseUrl(serverUrl, name),
    appUrl: databaseUrl(appServerUrl, name),
    name,
    // FORCE: a pool the test forgot to close must not make the drop fail.
    drop: () => (dropping ??= runAdminStatement(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export async function runAdminStatement(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A port nobody listens on right now, never the dev database's 54329. */
export async function findFreePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once("error", reject);
      server.listen({ port: 0, host: "127.0.0.1" }, () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    if (port !== 54329) return port;
  }
}

/**
 * A fresh directory under the system temp dir that the `postgres` user can enter (mkdtemp makes
 * 0700 directories, which PostgreSQL, run as `postgres` when we are root, could not reach).
 */
export async function createTempDir(prefix: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `attack-tracker-${prefix}-`));
  await fs.chmod(dir, 0o755);
  return dir;
}

/** One connection to `url` for the length of `fn`. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
