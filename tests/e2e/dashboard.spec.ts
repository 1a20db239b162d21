import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { query } from "./database";

const CLAIMANT = "islamic-resistance-in-iraq";
const FROM = "2023-11-01";
const TO = "2024-01-31";

/** Counted straight from the database, independently of the app's SQL. */
async function expectedIncidents(): Promise<{ count: number; references: string[] }> {
  const rows = await query<{ reference: string }>(
    `WITH RECURSIVE tree AS (
       SELECT id FROM armed_group WHERE slug = $1
       UNION SELECT g.id FROM armed_group g JOIN tree ON g.parent_id = tree.id)
     SELECT i.reference FROM incident i
     WHERE i.status = 'PUBLISHED' AND i.occurred_on BETWEEN $2 AND $3
       -- Credited: the group of the earliest claim that still stands (a superseded, withdrawn or
       -- denied one credits nobody); one row per incident however many claims it has.
       AND (SELECT c.group_id FROM incident_claim ic JOIN claim c ON c.id = ic.claim_id
            WHERE ic.incident_id = i.id AND c.status = 'ISSUED' ORDER BY c.stated_at, c.id LIMIT 1) IN (SELECT id FROM tree)
     ORDER BY i.occurred_on DESC, i.id DESC`,
    [CLAIMANT, FROM, TO],
  );
  return { count: rows.length, references: rows.map((r) => r.reference) };
}

async function expectViewMatches(page: Page, expected: { count: number; references: string[] }) {
  await expect(page.getByTestId("incident-count")).toHaveText(expected.count.toLocaleString("en-US"));
  await expect(page.getByTestId("incident-timeline")).toHaveAttribute("data-total", String(expected.count));
  const map = page.getByTestId("incident-map");
  await expect(map).toHaveAttribute("data-state", "ready");
  await expect(map).toHaveAttribute("data-total", String(expected.count));
  const shown = await page.getByTestId("incident-table").locator("tbody tr td:nth-child(2)").allTextContents();
  expect(shown).toEqual(expected.references.slice(0, 25));
}

test("an analyst filters by claimant and dates; map, timeline, summary and table agree; the link restores the view", async ({ page, context }) => {
  const expected = await expectedIncidents();
  expect(expected.count).toBeGreaterThan(100);

  await page.goto("/");
  const filters = page.getByTestId("filter-bar");
  await filters.getByLabel("From (event date)").fill(FROM);
  await filters.getByLabel("To", { exact: true }).fill(TO);
  await filters.getByLabel(/^Claimant/).selectOption([CLAIMANT]);
  await filters.getByRole("button", { name: "Apply filters" }).click();

  await expect(page).toHaveURL(new RegExp(`from=${FROM}&to=${TO}&claimant=${CLAIMANT}`));
  await expectViewMatches(page, expected);

  // The same address in a new page gives the same view.
  const copy = await context.newPage();
  await copy.goto(page.url());
  await expectViewMatches(copy, expected);
  await expect(copy.getByTestId("filter-bar").getByLabel("From (event date)")).toHaveValue(FROM);

  // Back returns to the unfiltered dashboard.
  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
  const [{ n }] = (await query<{ n: number }>("SELECT count(*)::int AS n FROM incident WHERE status = 'PUBLISHED'")) as [{ n: number }];
  await expect(page.getByTestId("incident-count")).toHaveText(n.toLocaleString("en-US"));
});

test("bad parameters in a link are ignored and named, never an error page", async ({ page }) => {
  const response = await page.goto(`/?from=2026-13-01&claimant=no-such-group&bbox=-200,-100,200,100&minKilled=-3&q=${"%_".repeat(300)}`);
  expect(response?.status()).toBe(200);
  const notices = page.getByTestId("filter-notices");
  await expect(notices).toContainText("from");
  await expect(notices).toContainText('claimant "no-such-group" is not a known group');
  await expect(notices).toContainText("bbox");
  await expect(notices).toContainText("minKilled");
  await expect(notices).toContainText("q must be at most 200 characters");
  await expect(page.getByTestId("incident-count")).toBeVisible();
  // The map asks the API with the cleaned filter, so it loads instead of failing on the bad claimant.
  await expect(page.getByTestId("incident-map")).toHaveAttribute("data-state", "ready");
});

test("text from the database is shown as text, never run", async ({ page }) => {
  const [target] = await query<{ id: string; notes: string | null; location_name: string }>(
    "SELECT id, notes, location_name FROM incident WHERE status = 'PUBLISHED' ORDER BY occurred_on DESC, id DESC LIMIT 1",
  );
  const evil = `<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">`;
  await query("UPDATE incident SET notes = $2, location_name = $3 WHERE id = $1", [target!.id, evil, `Base ${evil}`]);
  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs++;
    void d.dismiss();
  });
  try {
    await page.goto(`/incidents/${target!.id}`);
    await expect(page.getByTestId("incident-notes")).toHaveText(evil);
    await page.goto("/");
    await expect(page.getByTestId("incident-table")).toContainText(`Base ${evil}`);
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toBe(0);
  } finally {
    await query("UPDATE incident SET notes = $2, location_name = $3 WHERE id = $1", [target!.id, target!.notes, target!.location_name]);
  }
});

test("keyboard only: filter, open the full table, sort it, open an incident", async ({ page }) => {
  await page.goto("/");
  const search = page.getByTestId("filter-bar").getByLabel(/^Search/);
  await search.focus();
  await page.keyboard.type("Tanf");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/q=Tanf/);
  // The incident's own words and its sources' titles: no group is named "Tanf".
  const [{ n }] = (await query<{ n: number }>(
    `SELECT count(*)::int AS n FROM incident i WHERE i.status = 'PUBLISHED'
       AND (i.notes ILIKE '%tanf%' OR i.location_name ILIKE '%tanf%'
         OR EXISTS (SELECT 1 FROM source s WHERE s.incident_id = i.id AND s.title ~* '\\mtanf\\M'))`,
  )) as [{ n: number }];
  expect(n).toBeGreaterThan(0);
  await expect(page.getByTestId("incident-count")).toHaveText(n.toLocaleString("en-US"));

  // Tab to the link to the full table and follow it.
  const tableLink = page.getByRole("link", { name: /in a sortable table/ });
  for (let i = 0; i < 200 && !(await tableLink.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/incidents\?q=Tanf/);

  // Sort by killed (a link in the column header), then open the first incident.
  const killedHeader = page.getByRole("link", { name: /^Killed/ });
  await killedHeader.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/sort=killed_desc/);
  await expect(page.getByRole("columnheader", { name: /Killed/ })).toHaveAttribute("aria-sort", "descending");
  const firstLink = page.getByTestId("incident-table").locator("tbody tr").first().getByRole("link");
  const reference = await firstLink.textContent();
  await firstLink.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("incident-reference")).toHaveText(reference!);
});

test("a point on the map opens its popup and the incident page; 'Search this area' narrows the filter", async ({ page }) => {
  // A filter with few incidents, so the map draws the incidents themselves rather than clusters.
  await page.goto(`/?from=2024-03-01&to=2024-06-30`);
  const map = page.getByTestId("incident-map");
  await expect(map).toHaveAttribute("data-state", "ready");
  await expect(map).toHaveAttribute("data-cluster-count", "0");
  // Site markers sit above the incidents at the same point: hide them to click an incident.
  await page.getByLabel("Target sites").uncheck();

  const target = await page.evaluate(() => {
    const { map: leaflet, features } = (window as unknown as { __incidentMap: { map: { latLngToContainerPoint(p: [number, number]): { x: number; y: number } }; features: Array<{ geometry: { coordinates: [number, number] }; properties: { kind: string; reference?: string } }> } }).__incidentMap;
    const feature = features.find((f) => f.properties.kind === "incident")!;
    const [lon, lat] = feature.geometry.coordinates;
    const point = leaflet.latLngToContainerPoint([lat, lon]);
    return { x: point.x, y: point.y, lat, lon };
  });
  const box = (await map.locator(".leaflet-container").boundingBox())!;
  await page.mouse.click(box.x + target.x, box.y + target.y);
  const popup = page.getByTestId("incident-popup");
  await expect(popup).toBeVisible();
  const reference = (await popup.textContent())?.match(/[A-Z]{2}-\d{4}-\d{4}/)?.[0];
  await popup.getByRole("link", { name: "Open incident" }).click();
  await expect(page.getByTestId("incident-page")).toBeVisible();
  // Several incidents can share a site's exact point; the popup names the one on top.
  if (reference) await expect(page.getByTestId("incident-reference")).toHaveText(reference);
  await page.goBack();

  await expect(map).toHaveAttribute("data-state", "ready");
  await page.getByRole("button", { name: "Search this area" }).click();
  await expect(page).toHaveURL(/bbox=/);
  const bbox = new URL(page.url()).searchParams.get("bbox")!.split(",").map(Number) as [number, number, number, number];
  const [{ n }] = (await query<{ n: number }>(
    `SELECT count(*)::int AS n FROM incident WHERE status = 'PUBLISHED' AND occurred_on BETWEEN '2024-03-01' AND '2024-06-30'
       AND lon BETWEEN $1 AND $3 AND lat BETWEEN $2 AND $4`,
    bbox,
  )) as [{ n: number }];
  await expect(page.getByTestId("incident-count")).toHaveText(n.toLocaleString("en-US"));
  await page.getByRole("button", { name: "Clear area" }).click();
  await expect(page).not.toHaveURL(/bbox=/);
});

test("brushing the timeline sets the date range, and everything follows", async ({ page }) => {
  await page.goto("/?interval=month");
  const timeline = page.getByTestId("incident-timeline");
  await expect(timeline).toHaveAttribute("data-interval", "month");
  const bars = timeline.locator(".recharts-bar-rectangle");
  await expect(bars.first()).toBeVisible();
  await timeline.scrollIntoViewIfNeeded(); // the mouse acts on the viewport
  const surface = (await timeline.locator(".recharts-surface").first().boundingBox())!;
  const y = surface.y + surface.height * 0.5;
  // Hover first: the chart tracks the bucket under the pointer from mouse moves.
  await page.mouse.move(surface.x + surface.width * 0.1, y);
  await page.mouse.move(surface.x + surface.width * 0.15, y, { steps: 5 });
  await expect(timeline.locator(".recharts-tooltip-wrapper")).toBeVisible();
  await page.mouse.down();
  await page.mouse.move(surface.x + surface.width * 0.3, y, { steps: 5 });
  await page.mouse.move(surface.x + surface.width * 0.45, y, { steps: 5 });
  await page.mouse.up();

  await expect(page).toHaveURL(/from=\d{4}-\d{2}-01&to=\d{4}-\d{2}-\d{2}/);
  const url = new URL(page.url());
  const from = url.searchParams.get("from")!;
  const to = url.searchParams.get("to")!;
  expect(from < to).toBe(true);
  expect(url.searchParams.get("interval")).toBe("month"); // the view is kept
  const [{ n }] = (await query<{ n: number }>(
    "SELECT count(*)::int AS n FROM incident WHERE status = 'PUBLISHED' AND occurred_on BETWEEN $1 AND $2",
    [from, to],
  )) as [{ n: number }];
  await expect(page.getByTestId("incident-count")).toHaveText(n.toLocaleString("en-US"));
  await expect(timeline).toHaveAttribute("data-total", String(n));
  await expect(page.getByTestId("filter-bar").getByLabel("From (event date)")).toHaveValue(from);
});
