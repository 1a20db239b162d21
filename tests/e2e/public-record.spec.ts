import { expect, test } from "./fixtures";
import { query, recordDatabaseUrl } from "./database";

// The second server of playwright.config.ts: a new embedded database with the default data only,
// as a newcomer's `npm start` opens it.
test.use({ baseURL: process.env.E2E_RECORD_URL });

const count = async (sql: string) => Number((await query<{ n: string }>(sql, [], recordDatabaseUrl()))[0]!.n);

test("a new database opens on the public record, stating its provenance and no synthetic banner", async ({ page }) => {
  const real = await count("SELECT count(*) AS n FROM incident WHERE status = 'PUBLISHED' AND NOT is_synthetic");
  expect(await count("SELECT count(*) AS n FROM incident WHERE is_synthetic")).toBe(0);
  const [{ cutoff }] = (await query<{ cutoff: string }>("SELECT to_char(max(cutoff), 'YYYY-MM-DD') AS cutoff FROM public_record_load", [], recordDatabaseUrl())) as [{ cutoff: string }];

  await page.goto("/");
  await expect(page.getByTestId("provenance")).toHaveText(
    `Compiled from public reporting · ${real.toLocaleString("en-US")} incidents · information cutoff ${cutoff} · How we count`,
  );
  await expect(page.getByTestId("synthetic-banner")).toHaveCount(0);
  await expect(page.getByTestId("incident-count")).toHaveText(real.toLocaleString("en-US"));

  await page.getByRole("link", { name: "How we count" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Methodology" })).toBeVisible();
  // The coverage table adds up to the record.
  const cells = await page.getByTestId("coverage-table").locator("tbody tr td:nth-child(2)").allTextContents();
  expect(cells.reduce((n, c) => n + Number(c), 0)).toBe(real);
});

test("the published counts page sets each tally beside our count of the same scope, computed from the rows", async ({ page }) => {
  const url = recordDatabaseUrl();
  const tallies = await query<{ key: string; count: number }>("SELECT key, count FROM tally ORDER BY as_of", [], url);
  // The Pentagon's scope: real published incidents in Iraq, Syria and Jordan from 17 Oct 2023 to the tally's date.
  const [pentagon] = await query<{ key: string; ours: string }>(
    `SELECT t.key, (SELECT count(*) FROM incident i WHERE i.status = 'PUBLISHED' AND NOT i.is_synthetic
                     AND i.country IN ('IQ', 'SY', 'JO') AND i.occurred_on BETWEEN '2023-10-17' AND t.as_of) AS ours
     FROM tally t WHERE t.rule = 'PENTAGON' ORDER BY t.as_of DESC LIMIT 1`, [], url);

  await page.goto("/tallies");
  await expect(page.getByTestId("reconciliation-table").locator("tbody")).toHaveCount(tallies.length);
  const row = page.getByTestId(`tally-${pentagon!.key}`);
  await expect(row.locator("td").nth(4)).toContainText(Number(pentagon!.ours).toLocaleString("en-US"));

  await page.goto("/");
  await expect(page.getByTestId("tally-comparison")).toBeVisible();
});
