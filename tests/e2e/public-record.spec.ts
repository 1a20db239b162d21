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
