import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "./fixtures";

// Its own server and database, so stopping PostgreSQL here leaves the other tests alone.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 1; // beside this run's own server, never another run's
const PG_PORT = Number(process.env.E2E_PG_PORT) + 1;
const base = `http://127.0.0.1:${PORT}`;

// The page is expected to fail to load its data here.
// React reports the server-side failure (error #441) to the console as it shows the error page.
test.use({ allowedConsoleError: /Failed to load resource|React error #441/ });

let dir: string;
let server: ChildProcess;

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "attack-tracker-outage-"));
  fs.chmodSync(dir, 0o755);
  server = spawn(
    process.execPath,
    ["--import", "tsx", "lib/cli/start.ts", "--no-build", "--host", "127.0.0.1", "--port", String(PORT), "--data-dir", path.join(dir, "pg"), "--pg-port", String(PG_PORT)],
    { env: { ...process.env, DATABASE_URL: "" }, stdio: "ignore", detached: true },
  );
  await expect
    .poll(async () => (await fetch(`${base}/api/health`).catch(() => null))?.status, { timeout: 90_000, intervals: [500] })
    .toBe(200);
});

test.afterAll(async () => {
  if (server.pid) process.kill(-server.pid, "SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

test("health turns 503 when the database stops, and pages show a plain error", async ({ page }) => {
  const postmasterPid = Number(fs.readFileSync(path.join(dir, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
  process.kill(postmasterPid, "SIGINT"); // PostgreSQL's fast shutdown
  await expect.poll(() => isAlive(postmasterPid), { timeout: 15_000 }).toBe(false);

  const response = await fetch(`${base}/api/health`);
  expect(response.status).toBe(503);
  expect(await response.json()).toEqual({ status: "unavailable" });

  // The read API says the same, with a time to come back, and no internals.
  for (const path of ["/api/groups", "/api/stats/timeline", "/api/map?bbox=35,29,49,38&zoom=5", "/api/events"]) {
    const read = await fetch(`${base}${path}`);
    expect(read.status, path).toBe(503);
    expect(read.headers.get("retry-after"), path).toMatch(/^\d+$/);
    expect(await read.json(), path).toEqual({ error: { message: "The database is unavailable; try again in a moment." } });
  }

  await page.goto(base);
  await expect(page.getByTestId("error-page")).toContainText("Something went wrong");
  await expect(page.locator("body")).not.toContainText("ECONNREFUSED"); // no internals reach the user
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
