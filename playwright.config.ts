import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// Browser tests run against a production build (`next build` first, see `npm test`) served by
// `npm start`'s own launcher on a throwaway embedded PostgreSQL.
const PORT = Number(process.env.E2E_PORT ?? 3100);
// A second server runs on the default data alone (the public record, no synthetic rows), as a
// newcomer's `npm start` would: tests of provenance, tallies and the record itself use it.
const RECORD_PORT = PORT + 5; // PORT + 1 and + 2 are the outage and closed-access tests' own servers
// Set once in the runner process; workers inherit the environment and so share the same database.
process.env.E2E_PG_PORT ??= "54340";
process.env.E2E_RECORD_PG_PORT ??= "54345";
process.env.E2E_RECORD_URL ??= `http://127.0.0.1:${RECORD_PORT}`;
if (!process.env.E2E_DATA_DIR) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attack-tracker-e2e-"));
  fs.chmodSync(dir, 0o755); // PostgreSQL runs as its own user and must reach its data dir
  process.env.E2E_DATA_DIR = dir;
}
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "./tests/e2e",
  globalSetup: "./tests/e2e/global-setup.ts",
  globalTeardown: "./tests/e2e/global-teardown.ts",
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  timeout: 60_000,
  use: { baseURL: `http://127.0.0.1:${PORT}`, trace: "off" },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: CHROMIUM,
          args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"],
        },
      },
    },
  ],
  webServer: [
    {
      // The public record plus 1,500 synthetic incidents: enough density for the map, table and export tests.
      command: `node --import tsx lib/cli/start.ts --no-build --host 127.0.0.1 --port ${PORT} --data-dir ${process.env.E2E_DATA_DIR}/pg --pg-port ${process.env.E2E_PG_PORT} --synthetic 1500`,
      url: `http://127.0.0.1:${PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      env: { NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: "" },
    },
    {
      command: `node --import tsx lib/cli/start.ts --no-build --host 127.0.0.1 --port ${RECORD_PORT} --data-dir ${process.env.E2E_DATA_DIR}/pg-record --pg-port ${process.env.E2E_RECORD_PG_PORT}`,
      url: `${process.env.E2E_RECORD_URL}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      env: { NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: "" },
    },
  ],
});
