import fs from "node:fs/promises";
import { parseCsvRecords } from "../../lib/export/csv";
import { query } from "./database";
import { expect, test } from "./fixtures";

const CLAIMANT = "islamic-resistance-in-iraq";
const FROM = "2023-11-01";
const TO = "2024-01-31";

/** The incidents credited to the claimant (or its façades) in the range, straight from the database. */
async function expectedIncidents(): Promise<Array<{ id: string; is_synthetic: boolean }>> {
  const rows = await query<{ id: string; is_synthetic: boolean }>(
    `WITH RECURSIVE tree AS (
       SELECT id FROM armed_group WHERE slug = $1
       UNION SELECT g.id FROM armed_group g JOIN tree ON g.parent_id = tree.id)
     SELECT i.id, i.is_synthetic FROM incident i
     WHERE i.status = 'PUBLISHED' AND i.occurred_on BETWEEN $2 AND $3 AND i.claimant_id IN (SELECT id FROM tree)
     ORDER BY i.occurred_on DESC, i.id DESC`,
    [CLAIMANT, FROM, TO],
  );
  return rows;
}

test("a researcher filters the dashboard and downloads exactly those incidents as CSV", async ({ page }) => {
  const expected = await expectedIncidents();
  expect(expected.length).toBeGreaterThan(20);

  await page.goto("/");
  const filters = page.getByTestId("filter-bar");
  await filters.getByLabel("From (event date)").fill(FROM);
  await filters.getByLabel("To", { exact: true }).fill(TO);
  await filters.getByRole("combobox", { name: /^Claimant/ }).fill("Islamic Resistance");
  await filters.getByRole("option", { name: /^Islamic Resistance in Iraq/ }).click();
  await page.keyboard.press("Escape"); // the list stays open for more picks; it covers the fields below
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`from=${FROM}&to=${TO}&claimant=${CLAIMANT}`));
  await expect(page.getByTestId("incident-count")).toHaveText(expected.length.toLocaleString("en-US"));

  const downloads = page.getByTestId("download-links");
  await expect(downloads.getByRole("heading")).toHaveText(`Download these ${expected.length.toLocaleString("en-US")} incidents`);
  const [download] = await Promise.all([page.waitForEvent("download"), downloads.getByRole("link", { name: "CSV", exact: true }).click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^attack-tracker_${FROM}_${TO}_claimant-${CLAIMANT}_v\\d{8}T\\d{6}Z\\.csv$`));
  const records = parseCsvRecords(await fs.readFile((await download.path())!, "utf8"));
  // Real and synthetic rows alike, each marked as what it is.
  expect(records.map((r) => [r.id, r.is_synthetic])).toEqual(expected.map((e) => [e.id, String(e.is_synthetic)]));
  expect(new Set(records.map((r) => r.is_synthetic))).toEqual(new Set(["true", "false"]));
  // The spreadsheet variant: the same file behind a UTF-8 byte-order mark.
  const [forExcel] = await Promise.all([page.waitForEvent("download"), downloads.getByRole("link", { name: "CSV for Excel" }).click()]);
  const excelBytes = await fs.readFile((await forExcel.path())!);
  expect([...excelBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(parseCsvRecords(excelBytes.subarray(3).toString("utf8")).map((r) => r.id)).toEqual(records.map((r) => r.id));

  // The table page offers the same file for the same filter.
  await page.goto(`/incidents?from=${FROM}&to=${TO}&claimant=${CLAIMANT}`);
  await expect(page.getByTestId("incident-count")).toHaveText(expected.length.toLocaleString("en-US"));
  const link = page.getByTestId("download-links").getByRole("link", { name: "ACLED CSV" });
  await expect(link).toHaveAttribute("href", `/api/export?format=csv&profile=acled&from=${FROM}&to=${TO}&claimant=${CLAIMANT}`);
  const acled = await page.request.get((await link.getAttribute("href"))!);
  expect(acled.status()).toBe(200);
  expect(parseCsvRecords(await acled.text())).toHaveLength(expected.length);
});

test("a CSV for Excel (bom=1) arrives through the server with its byte-order mark and Arabic intact", async ({ page }) => {
  const query = `from=${FROM}&to=${TO}&claimant=${CLAIMANT}`;
  const plain = await (await page.request.get(`/api/export?format=csv&${query}`)).body();
  const marked = await page.request.get(`/api/export?format=csv&bom=1&${query}`);
  expect(marked.status()).toBe(200);
  const body = await marked.body();
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(body.subarray(3).equals(plain)).toBe(true);
  const records = parseCsvRecords(body.toString("utf8"));
  expect(records.map((r) => r.id)).toEqual((await expectedIncidents()).map((e) => e.id));
  expect(records.some((r) => /[\u0600-\u06FF]/.test(r.location_name_ar ?? ""))).toBe(true);
  expect(records.every((r) => r.credited_claimant_name !== "")).toBe(true);
  expect((await page.request.get(`/api/export?format=csv&bom=2&${query}`)).status()).toBe(400);
});

test("an abandoned download gives its database connection back", async ({ baseURL }) => {
  // Through next start's own HTTP layer. More abandoned downloads than the server's pool holds: a
  // leak would make the last request fail. (The demo set is small, so some may finish before the
  // abort lands; tests/integration/export-streaming.test.ts aborts provably mid-COPY.)
  for (let i = 0; i < 12; i++) {
    const abort = new AbortController();
    const response = await fetch(`${baseURL}/api/export?format=geojson`, { signal: abort.signal });
    expect(response.status).toBe(200);
    await response.body!.getReader().read();
    abort.abort();
  }
  await expect
    .poll(async () => (await query("SELECT pid FROM pg_stat_activity WHERE query LIKE 'COPY (SELECT%' AND pid <> pg_backend_pid()")).length, { timeout: 10_000 })
    .toBe(0);
  const response = await fetch(`${baseURL}/api/export?format=csv&from=2024-01-01&to=2024-01-31`);
  expect(response.status).toBe(200);
  expect(parseCsvRecords(await response.text()).length).toBeGreaterThan(0);
});

test("the data dictionary lists every export column and every code in the database", async ({ page }) => {
  await page.goto("/docs/data");
  await expect(page.getByRole("heading", { name: "Data dictionary" })).toBeVisible();
  const response = await page.request.get("/api/export?format=csv&from=2099-01-01");
  const header = (await response.text()).trim().split(",");
  expect(await page.getByTestId("standard-columns").locator("tbody tr td:first-child").allTextContents()).toEqual(header);
  const codes = await query<{ code: string }>(
    `SELECT e.enumlabel AS code FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
     WHERE t.typname IN ('DatePrecision', 'GeoPrecision', 'TargetType', 'AttackType', 'Outcome', 'ClaimStatus', 'Confidence')`,
  );
  const dictionary = page.getByTestId("data-dictionary");
  for (const { code } of codes) await expect(dictionary.locator("dt code", { hasText: new RegExp(`^${code}$`) }).first()).toBeVisible();
  await expect(page.getByTestId("acled-columns").locator("tbody tr")).toHaveCount(31);
});
