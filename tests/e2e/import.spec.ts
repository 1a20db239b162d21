import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { request as playwrightRequest } from "@playwright/test";
import { INCIDENT_COLUMNS } from "../../lib/export/columns";
import { E2E_BASE_URL, expect, test } from "./auth";
import { query } from "./database";

// The import journey in a browser: upload → preview with every problem → import the rest as
// drafts → the review queue. A hand-made sheet: columns suggested, values for every row, value
// mappings, saved choices offered for the next file. Re-importing adds nothing by default. And the
// refusals: a viewer gets 403 on the page, and a direct POST by a viewer or an anonymous caller is
// refused and writes nothing.

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

/** The Washington Institute's shape: no codes, and nothing for the fields our sheet requires and theirs lacks. */
function handMadeSheet(): string {
  return [
    "Date,Location,Lat,Lon,Claimed by,Weapon,Killed,Details",
    `2005-01-28,Sheet ${RUN} one,33.31,38.69,KH,Drone,3,"Three killed, one drone"`,
    `2005-02-05,Sheet ${RUN} two,33.50,38.62,Islamic Resistance in Iraq,Rocketz,,Two rockets`,
    `2005-02-06,Sheet ${RUN} three,36.2,39.0,Unknown,Drone,0,`,
  ].join("\r\n");
}

/** Both widths of a step, for the record: the desktop layout and a phone's. */
async function shoot(page: import("@playwright/test").Page, name: string, outputPath: (name: string) => string) {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: outputPath(`${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test.describe("an editor with a hand-made sheet", () => {
  test.use({ role: "editor" });

  test("maps its columns with values for every row and its values, saves the choices, imports it, and a second import adds nothing", async ({ page }, testInfo) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "import-e2e-")), `sheet-${RUN}.csv`);
    fs.writeFileSync(file, handMadeSheet());
    await page.goto("/import");
    await page.getByTestId("import-file").setInputFiles(file);

    // Suggested from the header: Claimed by → claimants, Details → notes, Weapon → attack type.
    const mapping = page.getByTestId("import-mapping");
    await expect(mapping.getByLabel("Column for Claimed by")).toHaveValue("4");
    await expect(mapping.getByLabel("Column for Weapon")).toHaveValue("5");
    await expect(mapping.getByLabel("Column for Notes")).toHaveValue("7");
    await expect(mapping.getByLabel("Column for Killed, at least")).toHaveValue("6");
    await expect(page.getByTestId("import-unfilled")).toContainText("Date precision (date_precision), Country (country)");
    await expect(page.getByTestId("import-next")).toBeDisabled();
    const constants: Array<[string, string]> = [
      ["Date precision", "Day"], ["Country", "Syria"], ["Location precision", "Near"], ["Target type", "Unknown"], ["Outcome", "Unknown"],
      ["Claim status", "Claimed when a claimant is named, else unclaimed"], ["Confidence", "Unverified"],
    ];
    for (const [title, value] of constants) {
      await mapping.getByLabel(`Column for ${title}`, { exact: true }).selectOption({ label: "Same value for every row" });
      await mapping.getByLabel(`Value of ${title} for every row`).selectOption({ label: value });
    }
    await expect(page.getByTestId("import-unfilled")).toHaveCount(0);
    await shoot(page, "import-mapping", (name) => testInfo.outputPath(name));
    await page.getByTestId("import-next").click();

    // The value step: each distinct value with its rows, prefilled by code, label, alias or common spelling.
    const weapons = page.getByTestId("import-values-attack_type");
    await expect(weapons).toContainText("2 distinct values, 1 not mapped");
    await expect(weapons.getByLabel("Weapon: Drone")).toHaveValue("ONE_WAY_DRONE");
    await expect(weapons.locator("tr", { has: page.getByLabel("Weapon: Drone") }).locator("td").nth(1)).toHaveText("2");
    await expect(page.getByLabel("Claimed by: KH")).toHaveValue("kataib-hezbollah");
    await expect(page.getByLabel("Claimed by: Islamic Resistance in Iraq")).toHaveValue("islamic-resistance-in-iraq");
    await expect(page.getByLabel("Claimed by: Unknown")).toHaveValue("");
    await weapons.getByLabel("Weapon: Rocketz").selectOption({ label: "Rocket" });
    await shoot(page, "import-values", (name) => testInfo.outputPath(name));
    await page.getByTestId("import-save-name").fill(`Sheet ${RUN}`);
    await page.getByTestId("import-save").click();
    await expect(page.getByRole("status").filter({ hasText: `Saved as “Sheet ${RUN}”.` })).toBeVisible();

    await page.getByTestId("import-upload").click();
    await expect(page).toHaveURL(/\/import\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId("import-valid-count")).toHaveText("3");
    await page.getByTestId("import-commit-button").click();
    await expect(page.getByTestId("import-done")).toContainText("Imported 3 incidents as drafts.");
    const stored = await query<{ location_name: string; attack_type: string; claim_status: string }>(
      "SELECT location_name, attack_type, claim_status FROM incident WHERE location_name LIKE $1 ORDER BY occurred_on", [`Sheet ${RUN}%`],
    );
    expect(stored).toEqual([
      { location_name: `Sheet ${RUN} one`, attack_type: "ONE_WAY_DRONE", claim_status: "CLAIMED" },
      { location_name: `Sheet ${RUN} two`, attack_type: "ROCKET", claim_status: "CLAIMED" },
      { location_name: `Sheet ${RUN} three`, attack_type: "ONE_WAY_DRONE", claim_status: "UNCLAIMED" },
    ]);

    // The next file of the same shape: the saved choices are offered and used at once.
    await page.goto("/import");
    await page.getByTestId("import-file").setInputFiles(file);
    await expect(page.getByTestId("import-saved")).toContainText(`Using the saved choices Sheet ${RUN}`);
    await expect(page.getByTestId("import-unfilled")).toHaveCount(0);
    await page.getByTestId("import-next").click();
    await expect(page.getByLabel("Weapon: Rocketz")).toHaveValue("ROCKET");
    await page.getByTestId("import-upload").click();
    await expect(page).toHaveURL(/\/import\/[0-9a-f-]{36}$/);
    // Every row is like what the first import stored: left out by default, nothing to import.
    await expect(page.getByTestId("import-left-out")).toHaveText("3 of the 3 rows that look like incidents already stored are left out.");
    await expect(page.getByTestId("import-commit-button")).toHaveText("Import 0 rows");
    await expect(page.getByTestId("import-commit-button")).toBeDisabled();
    // Opting in one row makes it importable.
    await page.getByLabel("Import row 3 anyway").check();
    await expect(page.getByTestId("import-commit-button")).toHaveText("Import 1 rows");
  });

  test("re-importing our own export adds nothing by default", async ({ page }) => {
    const exported = await page.request.get("/api/export?format=csv");
    expect(exported.status()).toBe(200);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "import-e2e-")), `export-${RUN}.csv`);
    fs.writeFileSync(file, await exported.body());
    const before = (await query<{ n: number }>("SELECT count(*)::int AS n FROM incident"))[0]!.n;

    await page.goto("/import");
    await page.getByTestId("import-file").setInputFiles(file);
    await expect(page.getByTestId("import-layout")).toContainText("Attack Tracker export");
    await page.getByTestId("import-upload").click();
    await expect(page).toHaveURL(/\/import\/[0-9a-f-]{36}$/, { timeout: 60_000 });
    const rows = await page.getByTestId("import-row-count").textContent();
    expect(Number(rows!.replace(/,/g, ""))).toBeGreaterThan(0);
    await expect(page.getByTestId("import-left-out")).toHaveText(`${rows} of the ${rows} rows that look like incidents already stored are left out.`);
    await expect(page.getByTestId("import-commit-button")).toHaveText("Import 0 rows");
    await expect(page.getByTestId("import-commit-button")).toBeDisabled();
    expect((await query<{ n: number }>("SELECT count(*)::int AS n FROM incident"))[0]!.n).toBe(before);
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
