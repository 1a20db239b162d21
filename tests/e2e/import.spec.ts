import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { request as playwrightRequest } from "@playwright/test";
import { INCIDENT_COLUMNS } from "../../lib/export/columns";
import { E2E_BASE_URL, expect, test } from "./auth";
import { query } from "./database";

// The import journey in a browser: upload → preview with every problem → import the rest as
// drafts → the review queue. And the refusals: a viewer gets 403 on the page, and a direct POST
// by a viewer or an anonymous caller is refused and writes nothing.

const RUN = Date.now().toString(36);

/** A file in our export layout: three good rows and two bad ones (rows 3 and 5 as a spreadsheet numbers them). */
function importFile(): string {
  const row = (fields: Record<string, string>) => {
    const values: Record<string, string> = {
      occurred_on: "2024-03-05", date_precision: "DAY", country: "JO", location_name: "", latitude: "31.0", longitude: "36.0",
      geo_precision: "NEAR", target_type: "LOGISTICS", attack_type: "ROCKET", outcome: "UNKNOWN", claim_status: "UNCLAIMED",
      confidence: "UNVERIFIED", source_urls: "https://example.org/report", is_synthetic: "false", ...fields,
    };
    return INCIDENT_COLUMNS.map((c) => values[c.name] ?? "").join(",");
  };
  return [
    INCIDENT_COLUMNS.map((c) => c.name).join(","),
    row({ location_name: `Import ${RUN} one` }),
    row({ location_name: `Import ${RUN} bad killed`, killed_min: "3.5" }),
    row({ location_name: `Import ${RUN} two`, occurred_on: "2024-03-06", latitude: "30.5" }),
    row({ location_name: `Import ${RUN} bad url`, source_urls: "http://169.254.169.254/latest" }),
    row({ location_name: `Import ${RUN} three`, occurred_on: "2024-03-07", longitude: "35.5" }),
  ].join("\r\n");
}

test.describe("an editor", () => {
  test.use({ role: "editor" });

  test("imports a file with two bad rows: sees both reasons, imports the rest as drafts and finds them in the review queue", async ({ page }) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "import-e2e-")), `incidents-${RUN}.csv`);
    fs.writeFileSync(file, importFile());

    await page.goto("/import");
    await page.getByTestId("import-file").setInputFiles(file);
    await expect(page.getByTestId("import-layout")).toHaveText("Recognised layout: Attack Tracker export. Its columns are read by name.");
    await page.getByTestId("import-upload").click();
    await expect(page).toHaveURL(/\/import\/[0-9a-f-]{36}$/);

    await expect(page.getByTestId("import-row-count")).toHaveText("5");
    await expect(page.getByTestId("import-valid-count")).toHaveText("3");
    const problems = page.getByTestId("import-problems").locator("tbody tr");
    await expect(problems).toHaveCount(2);
    await expect(problems.nth(0)).toContainText("3killed_min3.5Enter a whole number (0 or more), or leave empty if unknown.");
    await expect(problems.nth(1)).toContainText("5source_urlshttp://169.254.169.254/latestThis is a private or local address; link to a public page.");
    // Nothing is written before the editor confirms.
    expect(await query("SELECT id FROM incident WHERE location_name LIKE $1", [`Import ${RUN}%`])).toEqual([]);

    await page.getByTestId("import-commit-button").click(); // drafts is the default
    await expect(page.getByTestId("import-done")).toContainText("Imported 3 incidents as drafts.");
    await page.getByRole("link", { name: "Review the drafts" }).click();
    await expect(page).toHaveURL(/\/review$/);
    const drafts = page.getByTestId("drafts-table");
    for (const name of ["one", "two", "three"]) await expect(drafts.getByRole("cell", { name: `Import ${RUN} ${name}`, exact: true })).toBeVisible();
    await expect(drafts.getByText(`Import ${RUN} bad`)).toHaveCount(0);

    const stored = await query<{ status: string; n: number }>(
      `SELECT i.status, count(*)::int AS n FROM incident i JOIN audit_entry a ON a.entity_id = i.id::text AND a.action = 'IMPORT'
       WHERE i.location_name LIKE $1 GROUP BY i.status`,
      [`Import ${RUN}%`],
    );
    expect(stored).toEqual([{ status: "DRAFT", n: 3 }]);
  });
});

test.describe("a viewer", () => {
  test.use({ role: "viewer", allowedConsoleError: /Failed to load resource: the server responded with a status of 403/ });

  test("gets 403 on /import, has no link to it, and cannot post a file; nor can an anonymous caller", async ({ page }) => {
    const response = await page.goto("/import");
    expect(response?.status()).toBe(403);
    await expect(page.getByTestId("forbidden-page")).toBeVisible();
    await expect(page.getByRole("link", { name: "Import", exact: true })).toHaveCount(0);

    const footprint = async () => (await query<{ n: string }>("SELECT (SELECT count(*) FROM incident) + (SELECT count(*) FROM import_batch) AS n"))[0]!.n;
    const before = await footprint();
    const body = importFile();
    const asViewer = await page.request.post(`/api/import?name=x.csv`, { headers: { Origin: E2E_BASE_URL, "Content-Type": "text/csv" }, data: body });
    expect(asViewer.status()).toBe(403);
    expect(await asViewer.json()).toEqual({ error: "Your role does not allow this." });
    const commitAsViewer = await page.request.post(`/api/import/00000000-0000-7000-8000-000000000000/commit`, { headers: { Origin: E2E_BASE_URL }, data: { status: "PUBLISHED" } });
    expect(commitAsViewer.status()).toBe(403);

    // An empty storage state: a new request context would otherwise start from the test's signed-in one.
    const anonymous = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL, storageState: { cookies: [], origins: [] } });
    try {
      const asNobody = await anonymous.post(`/api/import?name=x.csv`, { headers: { Origin: E2E_BASE_URL, "Content-Type": "text/csv" }, data: body });
      expect(asNobody.status()).toBe(401);
    } finally {
      await anonymous.dispose();
    }
    expect(await footprint()).toBe(before);
  });
});
