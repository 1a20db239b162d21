import type { Page } from "@playwright/test";
import { query } from "./database";
import { expect, test } from "./fixtures";

// Arabic typed in the dashboard's search in two spellings (with and without the hamza on the alef)
// finds the same incidents: those whose words hold either spelling, counted here straight from the
// database. A word is letters U+0621–U+064A with anything else, or nothing, on both sides.
const EITHER_SPELLING = "(^|[^\\u0621-\\u064A])ال[اأإآٱ]سد($|[^\\u0621-\\u064A])";

async function searchDashboard(page: Page, text: string): Promise<void> {
  const search = page.getByTestId("filter-bar").getByLabel(/^Search/);
  await search.fill(text);
  await search.press("Enter");
  await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe(text);
}

test("الاسد and الأسد in the dashboard search find the same incidents", async ({ page }) => {
  const [{ n }] = (await query<{ n: number }>(
    `SELECT count(*)::int AS n FROM incident i WHERE i.status = 'PUBLISHED'
       AND concat_ws(' ', i.location_name_ar, i.notes, i.source_text) ~ $1`,
    [EITHER_SPELLING],
  )) as [{ n: number }];
  expect(n).toBeGreaterThan(0);
  const expected = n.toLocaleString("en-US");

  await page.goto("/");
  await expect(page.getByTestId("incident-count")).not.toHaveText(expected); // the search has yet to narrow anything
  await searchDashboard(page, "الاسد");
  await expect(page.getByTestId("incident-count")).toHaveText(expected);
  await searchDashboard(page, "الأسد");
  await expect(page.getByTestId("incident-count")).toHaveText(expected);
  await expect(page.getByTestId("incident-table").locator("tbody tr").first()).toBeVisible();
});
