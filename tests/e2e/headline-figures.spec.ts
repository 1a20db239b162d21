import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

// Every headline figure on the dashboard is a link to the view that gives it again. Follow each and
// compare: an analyst who quotes a number can always show where it comes from.

const number = (text: string | null) => Number((text ?? "").replace(/[^\d]/g, ""));
const START = "/?country=IQ,SY";

async function dashboardCount(page: Page): Promise<number> {
  return number(await page.getByTestId("incident-count").textContent());
}

test("the claimed figure links to the claim-ledger filter that gives the same incidents", async ({ page }) => {
  await page.goto(START);
  const claimed = page.getByTestId("claimed-count");
  const figure = number(await claimed.textContent());
  expect(figure).toBeGreaterThan(0);
  expect(figure).toBeLessThan(await dashboardCount(page)); // some incidents are unclaimed, so the link narrows
  await claimed.click();
  await expect(page).toHaveURL(/claimLedger=issued/);
  await expect(page).toHaveURL(/country=IQ%2CSY|country=IQ,SY/);
  await expect(page.getByTestId("incident-count")).toHaveText(figure.toLocaleString("en-US"));
  // Under that filter every incident is claimed.
  await expect(page.getByTestId("claimed-share")).toHaveText("100%");
});

test("a top claimant's and a top site's figures are what filtering on them gives", async ({ page }) => {
  for (const list of ["top-claimants", "top-sites"]) {
    await page.goto(START);
    const first = page.getByTestId(list).locator("li").first();
    const figure = number(await first.getByTestId("top-count").textContent());
    const name = (await first.getByRole("link").textContent())!;
    expect(figure, name).toBeGreaterThan(0);
    await first.getByRole("link").click();
    await expect(page).toHaveURL(list === "top-sites" ? /site=/ : /claimant=/);
    await expect(page.getByTestId("incident-count"), `${list}: ${name}`).toHaveText(figure.toLocaleString("en-US"));
    await expect(page.getByTestId("filter-chip").filter({ hasText: name })).toHaveCount(1);
  }
});

test("the incident, killed and wounded figures open the same incidents in the table", async ({ page }) => {
  await page.goto(START);
  const total = await dashboardCount(page);
  await page.getByTestId("incident-count").click();
  await expect(page).toHaveURL(/\/incidents\?country=IQ(%2C|,)SY$/);
  await expect(page.getByTestId("incident-count")).toHaveText(total.toLocaleString("en-US"));

  for (const [figure, sort, column] of [["killed", "killed_desc", "Killed"], ["wounded", "wounded_desc", "Wounded"]] as const) {
    await page.goto(START);
    await page.getByTestId(figure).click();
    await expect(page).toHaveURL(new RegExp(`/incidents\\?.*sort=${sort}`));
    await expect(page.getByTestId("incident-count")).toHaveText(total.toLocaleString("en-US"));
    // Sorted by that column, the largest first: the first row's figure is the greatest on the page.
    const table = page.getByTestId("incident-table");
    const headers = await table.locator("thead th").allTextContents();
    const index = headers.findIndex((h) => h.startsWith(column));
    expect(index, `${column} column`).toBeGreaterThanOrEqual(0);
    const cells = await table.locator(`tbody tr td:nth-child(${index + 1})`).allTextContents();
    const highs = cells.map((c) => Number(c.split("–").pop()!.replace(/[^\d]/g, "") || -1));
    expect(highs[0]).toBe(Math.max(...highs));
  }
});
