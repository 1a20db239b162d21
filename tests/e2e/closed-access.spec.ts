import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, resetSignInLimit, sharedAccount, signedInAs, test } from "./auth";
import { e2eDatabaseUrl } from "./database";

// PUBLIC_ACCESS=false on a second server over the same database and build: signed-out visitors
// get the sign-in page or a 401, signed-in users get the whole app. The session cookies of the
// main server work here too (same secret, and cookies do not depend on the port).
const PORT = Number(process.env.E2E_PORT ?? 3100) + 2;
const base = `http://127.0.0.1:${PORT}`;
const ROOT = path.resolve(import.meta.dirname, "../..");

let server: ChildProcess;

test.beforeAll(async () => {
  server = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(PORT)], {
    cwd: ROOT,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      PUBLIC_ACCESS: "false",
      DATABASE_URL: e2eDatabaseUrl(),
      BETTER_AUTH_URL: base,
      // `npm start` keeps the secret beside its data folder (lib/cli/start.ts).
      BETTER_AUTH_SECRET: fs.readFileSync(path.join(process.env.E2E_DATA_DIR!, "auth-secret"), "utf8").trim(),
    },
    stdio: "ignore",
  });
  await expect.poll(async () => (await fetch(`${base}/api/health`).catch(() => null))?.status, { timeout: 50_000, intervals: [300] }).toBe(200);
});

test.afterAll(async () => {
  if (server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
  }
});

test.describe("signed out", () => {
  test("every page sends the visitor to sign in, then back to the page asked for", async ({ page }) => {
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(new URL(page.url()).searchParams.get("next")).toBe("/");

    await page.goto(`${base}/incidents?country=IQ&sort=killed_desc`);
    expect(new URL(page.url()).searchParams.get("next")).toBe("/incidents?country=IQ&sort=killed_desc");
    const viewer = sharedAccount("viewer");
    await signedInAs("viewer"); // makes sure the shared account exists
    await resetSignInLimit();
    await page.getByLabel("E-mail").fill(viewer.email);
    await page.getByLabel("Password").fill(viewer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${base}/incidents?country=IQ&sort=killed_desc`);
    await expect(page.getByTestId("incident-table")).toBeVisible();
  });

  test("every read API answers 401; health stays open for monitoring", async ({ request }) => {
    for (const api of ["/api/incidents", "/api/incidents/00000000-0000-4000-8000-000000000000", "/api/map?bbox=35,29,49,38&zoom=5", "/api/stats/timeline", "/api/groups", "/api/sites"]) {
      const response = await request.get(`${base}${api}`);
      expect(response.status(), api).toBe(401);
      expect(await response.json()).toEqual({ error: "Sign in to use this API." });
    }
    expect((await request.get(`${base}/api/health`)).status()).toBe(200);
  });
});

test.describe("signed in", () => {
  test.use({ role: "viewer" });

  test("a viewer gets the dashboard with its map, timeline and table", async ({ page }) => {
    await page.goto(`${base}/`);
    await expect(page.getByTestId("signed-in-as")).toContainText("(viewer)");
    await expect(page.getByTestId("incident-map")).toHaveAttribute("data-state", "ready");
    await expect(page.getByTestId("incident-table").locator("tbody tr")).toHaveCount(25);
    expect((await page.request.get(`${base}/api/incidents?limit=1`)).status()).toBe(200);
  });
});
