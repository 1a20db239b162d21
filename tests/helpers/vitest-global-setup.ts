// Runs once per `vitest run`, in the main process: one embedded PostgreSQL in a fresh temp dir on a
// free port (so it never touches .data/ or a running app), with a template database holding every
// migration and the app role's grants (lib/db/app-role.ts). Test files clone it
// (tests/helpers/test-database.ts). Stopped and deleted at the end.
import fs from "node:fs/promises";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { appRolePassword, ensureAppRole } from "../../lib/db/app-role";
import { startEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { deployMigrations } from "../../lib/db/migrations";
import { createTempDir, databaseUrl, findFreePort, runAdminStatement } from "./test-database";

const TEMPLATE_DATABASE = "attack_tracker_template";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const tempDir = await createTempDir("test-pg");
  const dataDir = path.join(tempDir, "pg");
  const server = await startEmbeddedPostgres({
    dataDir,
    port: await findFreePort(),
    database: TEMPLATE_DATABASE,
  }).catch(async (error: unknown) => {
    await fs.rm(tempDir, { recursive: true, force: true });
    throw error;
  });

  const teardown = async () => {
    await server.stop();
    await fs.rm(tempDir, { recursive: true, force: true });
  };

  try {
    await deployMigrations(server.url);
    const appUrl = await ensureAppRole(server.url, await appRolePassword(dataDir));
    const serverUrl = databaseUrl(server.url, "postgres");
    // Closed to connections, so CREATE DATABASE … TEMPLATE never finds it "being accessed by other users".
    await runAdminStatement(serverUrl, `ALTER DATABASE "${TEMPLATE_DATABASE}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
    project.provide("testDatabaseServer", { serverUrl, appServerUrl: databaseUrl(appUrl, "postgres"), templateDatabase: TEMPLATE_DATABASE });
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
