import { query } from "./database";
import { expect, test } from "./fixtures";

// Group and site pages, the links that lead to them, the table's paging both ways, and the
// incident permalink by reference code. On the main server: the public record and synthetic rows.

const IRI = "islamic-resistance-in-iraq";
const number = (text: string | null) => Number((text ?? "").replace(/[^\d]/g, ""));

test("a group page lists its façades, and its figure opens a filter that counts the same incidents", async ({ page }) => {
  const [facade] = await query<{ slug: string; name: string }>(
    "SELECT c.slug, c.name FROM armed_group c JOIN armed_group p ON p.id = c.parent_id WHERE p.slug = $1 ORDER BY c.slug LIMIT 1",
    [IRI],
  );
  await page.goto(`/groups/${IRI}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Islamic Resistance in Iraq");
  await expect(page.getByTestId("group-name-ar").locator("bdi[lang=ar][dir=rtl]")).toHaveText(/\p{Script=Arabic}/u);
  const facadeLink = page.getByTestId("group-members").getByRole("link", { name: facade!.name, exact: true });
  await expect(facadeLink).toHaveAttribute("href", `/groups/${facade!.slug}`);

  const figure = page.getByTestId("group-credited");
  const credited = number(await figure.textContent());
  expect(credited).toBeGreaterThan(0);
  await figure.click();
  await expect(page).toHaveURL(new RegExp(`/\\?claimant=${IRI}$`));
  await expect(page.getByTestId("incident-count")).toHaveText(credited.toLocaleString("en-US"));

  // A façade's page names its parent, linked.
  await page.goto(`/groups/${facade!.slug}`);
  await expect(page.getByTestId("group-parent").getByRole("link", { name: "Islamic Resistance in Iraq" })).toHaveAttribute("href", `/groups/${IRI}`);
});

test("a site page shows the attacks on it, by type and claimant, and its latest incidents", async ({ page }) => {
  const [site] = await query<{ slug: string; name: string; n: string }>(
    `SELECT s.slug, s.name, count(*) AS n FROM site s JOIN incident i ON i.site_id = s.id WHERE i.status = 'PUBLISHED'
     GROUP BY s.slug, s.name ORDER BY count(*) DESC, s.slug LIMIT 1`,
  );
  await page.goto(`/sites/${site!.slug}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(site!.name);
  await expect(page.getByTestId("site-incidents")).toHaveText(Number(site!.n).toLocaleString("en-US"));
  await expect(page.getByTestId("site-precision")).toBeVisible();
  await expect(page.getByTestId("site-chart-type").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("site-chart-claimant").locator(".recharts-bar-rectangle").first()).toBeVisible();
  // The figures table under the chart adds up to the count.
  await page.getByTestId("site-chart-type").getByText("The figures as a table").click();
  const cells = await page.getByTestId("site-chart-type-table").locator("tbody td").allTextContents();
  expect(cells.reduce((n, c) => n + Number(c), 0)).toBe(Number(site!.n));
  await expect(page.getByTestId("incident-table").locator("tbody tr")).toHaveCount(Math.min(10, Number(site!.n)));
});

test("an unknown or malformed slug is a 404 page, never an error", async ({ page }) => {
  for (const path of ["/groups/no-such-group", "/groups/Not%20A%20Slug", "/groups/%2E%2E%2Fx", "/sites/no-such-site", "/sites/x_y", "/incidents/not-a-code", "/incidents/IQ-24-1"]) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(404);
  }
});

test("a claimant and a site in the table link to their pages", async ({ page }) => {
  await page.goto("/incidents");
  const claimant = page.getByTestId("incident-claimant").getByRole("link").first();
  const name = (await claimant.textContent())!;
  await claimant.click();
  await expect(page).toHaveURL(/\/groups\/[a-z0-9-]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);

  await page.goto("/incidents");
  const site = page.getByTestId("incident-table").locator('tbody a[href^="/sites/"]').first();
  await site.click();
  await expect(page.getByTestId("site-page")).toBeVisible();
});

test("the table pages forward and back, says which rows it shows, and stays readable while loading", async ({ page }) => {
  await page.goto("/incidents");
  const total = number(await page.getByTestId("incident-count").textContent());
  expect(total).toBeGreaterThan(100);
  const range = page.getByTestId("incident-page-range");
  await expect(range).toHaveText(`1–50 of ${total.toLocaleString("en-US")}`);
  const firstIds = await page.getByTestId("incident-table").locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-incident-id")));
  await expect(page.getByRole("link", { name: "Previous page" })).toHaveCount(0);

  await page.getByRole("link", { name: "Next page" }).click();
  await expect(range).toHaveText(`51–100 of ${total.toLocaleString("en-US")}`);
  const secondIds = await page.getByTestId("incident-table").locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-incident-id")));
  expect(secondIds).toHaveLength(50);
  expect(secondIds.filter((id) => firstIds.includes(id))).toEqual([]);

  await page.getByRole("link", { name: "Next page" }).click();
  await expect(range).toHaveText(`101–150 of ${total.toLocaleString("en-US")}`);
  await page.getByRole("link", { name: "Previous page" }).click();
  await expect(range).toHaveText(`51–100 of ${total.toLocaleString("en-US")}`);
  await page.getByRole("link", { name: "Previous page" }).click();
  await expect(range).toHaveText(`1–50 of ${total.toLocaleString("en-US")}`);
  expect(await page.getByTestId("incident-table").locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-incident-id")))).toEqual(firstIds);

  // A slow sort: the old rows stay on screen, marked busy, with a loading line.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route((url) => url.searchParams.get("sort") === "reference_asc", async (route) => {
    await held;
    await route.continue();
  });
  await page.getByRole("link", { name: "Reference", exact: true }).click();
  await expect(page.getByTestId("incident-table-loading")).toHaveText("Loading…");
  await expect(page.getByTestId("incident-table-frame")).toHaveAttribute("aria-busy", "true");
  await expect(page.getByTestId("incident-table").locator("tbody tr").first()).toHaveAttribute("data-incident-id", firstIds[0]!);
  release();
  await expect(page.getByTestId("incident-table-frame")).toHaveAttribute("aria-busy", "false");
  await expect(page.getByTestId("incident-table-loading")).toHaveText("");
  await expect(page.getByRole("columnheader", { name: /Reference/ })).toHaveAttribute("aria-sort", "ascending");
});

test("the table's details column gives the start of the notes", async ({ page }) => {
  const [incident] = await query<{ id: string; notes: string; day: string }>(
    `SELECT id, notes, occurred_on::text AS day FROM incident WHERE status = 'PUBLISHED' AND length(notes) > 200
     ORDER BY occurred_on DESC, id DESC LIMIT 1`,
  );
  await page.goto(`/incidents?from=${incident!.day}&to=${incident!.day}`);
  const details = page.locator(`tr[data-incident-id="${incident!.id}"]`).getByTestId("incident-details");
  await expect(details).toContainText(incident!.notes.slice(0, 40).replace(/\s+/g, " "));
  expect(((await details.textContent()) ?? "").length).toBeLessThan(incident!.notes.length);
});

test("an incident opens by its reference code in any case, with one canonical address, a copy-link button and linked names", async ({ page, context }) => {
  const [incident] = await query<{ id: string; reference: string; site: string; claimant: string }>(
    `SELECT i.id, i.reference, s.slug AS site, g.slug AS claimant FROM incident i JOIN site s ON s.id = i.site_id JOIN armed_group g ON g.id = i.claimant_id
     WHERE i.status = 'PUBLISHED' AND NOT i.is_synthetic ORDER BY i.occurred_on LIMIT 1`,
  );
  await page.goto(`/incidents/${incident!.reference.toLowerCase()}`);
  await expect(page.getByTestId("incident-reference")).toHaveText(incident!.reference);
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", new RegExp(`/incidents/${incident!.id}$`));
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", new RegExp(`^${incident!.reference} · `));
  await expect(page.locator('meta[property="og:description"]')).toHaveAttribute("content", /attack/);

  await expect(page.getByTestId("claims-credited").getByRole("link")).toHaveAttribute("href", `/groups/${incident!.claimant}`);
  await expect(page.locator(`a[href="/sites/${incident!.site}"]`).first()).toBeVisible();

  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByTestId("copy-link").click();
  await expect(page.getByTestId("copy-link-status")).toHaveText("Link copied");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(new URL(copied).pathname).toBe(`/incidents/${incident!.id}`);
});
