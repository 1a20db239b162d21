import { expect, test } from "./fixtures";
import { query } from "./database";

test("the dashboard shows what the database holds, synthetic rows labelled as such", async ({ page }) => {
  const [{ count }] = (await query<{ count: string }>("SELECT count(*) FROM incident WHERE status = 'PUBLISHED'")) as [{ count: string }];
  const latest = await query<{ reference: string }>(
    "SELECT reference FROM incident WHERE status = 'PUBLISHED' ORDER BY occurred_on DESC, id DESC LIMIT 25",
  );
  expect(Number(count)).toBeGreaterThan(1000);

  const outside: string[] = [];
  page.on("request", (request) => {
    const host = new URL(request.url()).hostname;
    if (!["127.0.0.1", "localhost"].includes(host) && !request.url().startsWith("data:")) outside.push(request.url());
  });
  await page.goto("/");
  await expect(page.getByTestId("incident-map")).toHaveAttribute("data-state", "ready");

  // This server holds the public record and synthetic rows: both are said.
  await expect(page.getByTestId("synthetic-banner")).toContainText("Synthetic demo data");
  await expect(page.getByTestId("provenance")).toContainText("Compiled from public reporting");
  await expect(page.getByTestId("incident-count")).toHaveText(Number(count).toLocaleString("en-US"));
  const shown = await page.getByTestId("incident-table").locator("tbody tr td:nth-child(2)").allTextContents();
  expect(shown).toEqual(latest.map((r) => r.reference));
  expect(outside).toEqual([]); // the app works offline: nothing is fetched from elsewhere
});

test("the page follows the database: a newly published incident appears, a retracted one goes", async ({ page }) => {
  const [target] = await query<{ id: string; reference: string }>(
    "SELECT id, reference FROM incident WHERE status = 'PUBLISHED' ORDER BY occurred_on DESC, id DESC LIMIT 1",
  );
  await query("UPDATE incident SET status = 'RETRACTED', retraction_reason = 'e2e test' WHERE id = $1", [target!.id]);
  try {
    await page.goto("/");
    await expect(page.getByTestId("incident-table")).not.toContainText(target!.reference);
  } finally {
    await query("UPDATE incident SET status = 'PUBLISHED', retraction_reason = NULL WHERE id = $1", [target!.id]);
  }
  await page.goto("/");
  await expect(page.getByTestId("incident-table")).toContainText(target!.reference);
});

test("health answers ok while the database is up", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok" });
});

test("/favicon.ico leads to the app's icon on the address the page was served from", async ({ request, baseURL }) => {
  const redirect = await request.get("/favicon.ico", { maxRedirects: 0 });
  expect(redirect.status()).toBe(308);
  // Relative, so it stays on 127.0.0.1 here: an absolute "localhost" address broke the page's CSP.
  expect(redirect.headers()["location"]).toBe("/icon.svg");
  const icon = await request.get("/favicon.ico");
  expect(icon.url()).toBe(`${baseURL}/icon.svg`);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
});
