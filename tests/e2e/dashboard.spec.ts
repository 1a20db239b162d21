import type { Locator, Page } from "@playwright/test";
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
  await filters.getByRole("combobox", { name: /^Claimant/ }).fill("Islamic Resistance");
  await filters.getByRole("option", { name: /^Islamic Resistance in Iraq/ }).click();
  await page.keyboard.press("Escape"); // the list stays open for more picks; it covers the fields below
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

test("the first Tab stop skips the banner and the navigation to the page's content", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible(); // shown once focused
  await page.keyboard.press("Enter");
  await expect(page.locator("main#content")).toBeFocused();
  await page.keyboard.press("Tab");
  // The next stop is inside the content, not the header.
  expect(await page.evaluate(() => Boolean(document.activeElement?.closest("main")))).toBe(true);
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
  const firstLink = page.getByTestId("incident-table").locator("tbody tr").first().getByRole("link").first(); // the reference; group and site links follow
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
  // Target sites stay shown: they lie under the points, so a click at a site still opens the incident there.
  await expect(page.getByLabel("Target sites")).toBeChecked();
  // Mouse clicks go to viewport coordinates: bring the map on screen first.
  await map.scrollIntoViewIfNeeded();

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

test("keyboard only: a date range chosen on the timeline without dragging sets the filter", async ({ page }) => {
  await page.goto("/?interval=month&from=2023-10-01&to=2024-06-30");
  const timeline = page.getByTestId("incident-timeline");
  await expect(timeline).toHaveAttribute("data-interval", "month");
  const picker = page.getByTestId("timeline-range-picker");
  await picker.locator("summary").focus();
  await page.keyboard.press("Enter"); // opens the <details>
  const first = picker.getByLabel("From the month of");
  await first.focus();
  await first.selectOption({ label: "Nov 2023" });
  await page.keyboard.press("Tab");
  await picker.getByLabel("to the month of").selectOption({ label: "Jan 2024" });
  await page.keyboard.press("Tab");
  await expect(picker.getByRole("button", { name: "Apply this range" })).toBeFocused();
  await page.keyboard.press("Enter");

  await expect(page).toHaveURL(/from=2023-11-01&to=2024-01-31/);
  expect(new URL(page.url()).searchParams.get("interval")).toBe("month");
  const [{ n }] = (await query<{ n: number }>(
    "SELECT count(*)::int AS n FROM incident WHERE status = 'PUBLISHED' AND occurred_on BETWEEN '2023-11-01' AND '2024-01-31'",
  )) as [{ n: number }];
  await expect(page.getByTestId("incident-count")).toHaveText(n.toLocaleString("en-US"));
  await expect(timeline).toHaveAttribute("data-total", String(n));
});

// The analysts' issue "the map shows every incident": a filter leaving one incident at a site showed
// no dot (the site's diamond covered it) and a click opened the site's tooltip instead.

type OneAtASite = { slug: string; name: string; day: string; reference: string };

/** A site with exactly one published incident on some day, in the map's opening region (Harir when it has one). */
async function oneIncidentAtASite(): Promise<OneAtASite> {
  const [row] = await query<OneAtASite>(
    `SELECT s.slug, s.name, i.occurred_on::text AS day, min(i.reference) AS reference
     FROM incident i JOIN site s ON s.id = i.site_id
     WHERE i.status = 'PUBLISHED' AND s.lon BETWEEN 36 AND 48 AND s.lat BETWEEN 30 AND 37
     GROUP BY s.slug, s.name, i.occurred_on HAVING count(*) = 1
     ORDER BY (s.name ILIKE 'Harir%') DESC, i.occurred_on DESC, s.slug LIMIT 1`,
  );
  expect(row, "a site with one incident on a day").toBeDefined();
  return row!;
}

type ScreenPoint = { x: number; y: number };

/** Where the map's only incident is drawn, relative to the Leaflet container, and what the page has on top there. */
async function incidentOnScreen(page: Page): Promise<ScreenPoint & { reference: string; topPane: string | null; painted: boolean }> {
  return page.evaluate(async () => {
    // The canvas redraws in the next animation frame after the features change.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    type Handle = {
      map: { latLngToContainerPoint(p: [number, number]): { x: number; y: number }; getContainer(): HTMLElement };
      features: Array<{ geometry: { coordinates: [number, number] }; properties: { kind: string; reference?: string } }>;
    };
    const { map, features } = (window as unknown as { __incidentMap: Handle }).__incidentMap;
    const feature = features.find((f) => f.properties.kind === "incident")!;
    const [lon, lat] = feature.geometry.coordinates;
    const p = map.latLngToContainerPoint([lat, lon]);
    const rect = map.getContainer().getBoundingClientRect();
    // 4 px off centre: the centre holds the white weapon letter.
    const x = rect.left + p.x + 4;
    const y = rect.top + p.y;
    const top = document.elementFromPoint(x, y);
    const pane = top?.closest(".leaflet-pane");
    const canvas = document.querySelector<HTMLCanvasElement>(".leaflet-incidents-pane canvas");
    let painted = false;
    if (canvas) {
      const box = canvas.getBoundingClientRect();
      const scale = canvas.width / box.width;
      const pixel = canvas.getContext("2d")!.getImageData(Math.round((x - box.left) * scale), Math.round((y - box.top) * scale), 1, 1).data;
      painted = pixel[3]! > 200; // an opaque dot, not a translucent halo or nothing
    }
    return { x: p.x, y: p.y, reference: feature.properties.reference!, topPane: pane ? pane.className : null, painted };
  });
}

/** Polls: the map may still be panning the popup into view. */
async function expectInside(inner: Locator, outer: Locator) {
  await expect
    .poll(async () => {
      const a = await inner.boundingBox();
      const b = await outer.boundingBox();
      if (!a || !b) return "not shown";
      const inside = a.x >= b.x - 1 && a.y >= b.y - 1 && a.x + a.width <= b.x + b.width + 1 && a.y + a.height <= b.y + b.height + 1;
      return inside ? "inside" : `${JSON.stringify(a)} outside ${JSON.stringify(b)}`;
    })
    .toBe("inside");
}

async function expectOneIncidentAtASiteOpens(page: Page, tap: (x: number, y: number) => Promise<void>) {
  const one = await oneIncidentAtASite();
  await page.goto(`/?site=${one.slug}&from=${one.day}&to=${one.day}`);
  const map = page.getByTestId("incident-map");
  await expect(map).toHaveAttribute("data-state", "ready");
  await expect(map).toHaveAttribute("data-total", "1");
  await expect(map).toHaveAttribute("data-feature-count", "1");
  await expect(map).toHaveAttribute("data-cluster-count", "0");
  await expect(page.getByLabel("Target sites")).toBeChecked();
  await map.scrollIntoViewIfNeeded();

  // Drawn, and on top: the incident canvas, not the site's diamond, is what a click there reaches.
  const target = await incidentOnScreen(page);
  expect(target.reference).toBe(one.reference);
  expect(target.painted).toBe(true);
  expect(target.topPane).toContain("leaflet-incidents-pane");

  const container = map.locator(".leaflet-container");
  const box = (await container.boundingBox())!;
  await tap(box.x + target.x, box.y + target.y);
  const popup = page.getByTestId("incident-popup");
  await expect(popup).toBeVisible();
  await expect(popup).toContainText(one.reference);
  await expect(popup).toContainText("Location");
  // The place links to the page of the site the incident is filed under.
  await expect(popup.getByRole("link", { name: one.name })).toHaveAttribute("href", `/sites/${one.slug}`);
  await expect(page.getByTestId("site-popup")).toHaveCount(0);
  // Kept inside the map (autoPan, keepInView), not running off its edge.
  await expectInside(page.locator(".leaflet-popup-content-wrapper"), container);

  // The legend never covers the map: it sits beside or under it.
  const legend = (await page.getByTestId("map-legend").boundingBox())!;
  expect(legend.x >= box.x + box.width - 1 || legend.y >= box.y + box.height - 1).toBe(true);
  return one;
}

test("one incident at a site is visible and its popup opens on click (desktop); a site opens its own count", async ({ page }) => {
  const one = await expectOneIncidentAtASiteOpens(page, (x, y) => page.mouse.click(x, y));
  await expect(page.getByTestId("map-legend")).toHaveAttribute("data-open", "true");
  await expect(page.getByTestId("map-legend-weapons")).toContainText("One-way drone");

  // A site with nothing on top of it opens its popup with its count under the filter (0 here).
  await page.locator(".leaflet-popup-close-button").click();
  await expect(page.getByTestId("incident-popup")).toHaveCount(0);
  const sites = await query<{ name: string; lat: number; lon: number }>("SELECT name, lat, lon FROM site WHERE slug <> $1", [one.slug]);
  const other = await page.evaluate((candidates) => {
    type Handle = { map: { latLngToContainerPoint(p: [number, number]): { x: number; y: number }; getSize(): { x: number; y: number } }; features: Array<{ geometry: { coordinates: [number, number] } }> };
    const { map, features } = (window as unknown as { __incidentMap: Handle }).__incidentMap;
    const size = map.getSize();
    const [lon, lat] = features[0]!.geometry.coordinates;
    const taken = [map.latLngToContainerPoint([lat, lon])];
    const projected = candidates.map((s) => ({ name: s.name, p: map.latLngToContainerPoint([s.lat, s.lon]) }));
    const far = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y) > 30;
    const alone = projected.find(
      (s) => s.p.x > 60 && s.p.y > 60 && s.p.x < size.x - 60 && s.p.y < size.y - 60 &&
        [...taken, ...projected.filter((o) => o !== s).map((o) => o.p)].every((o) => far(o, s.p)),
    );
    return alone ? { name: alone.name, x: alone.p.x, y: alone.p.y } : null;
  }, sites);
  if (other) {
    const box = (await page.getByTestId("incident-map").locator(".leaflet-container").boundingBox())!;
    await page.mouse.click(box.x + other.x, box.y + other.y);
    const sitePopup = page.getByTestId("site-popup");
    await expect(sitePopup).toBeVisible();
    await expect(sitePopup).toContainText(other.name);
    await expect(page.getByTestId("site-popup-count")).toHaveText("0 attacks matching the filters");
  }
});

test.describe("on a 390×844 phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("one incident at a site is visible and its popup opens on tap, inside the map; the legend starts folded under the map", async ({ page }) => {
    await expectOneIncidentAtASiteOpens(page, (x, y) => page.touchscreen.tap(x, y));
    const legend = page.getByTestId("map-legend");
    await expect(legend).toHaveAttribute("data-open", "false");
    await legend.getByRole("button", { name: "Legend" }).click();
    await expect(legend).toHaveAttribute("data-open", "true");
    await expect(page.getByTestId("map-legend-weapons")).toBeVisible();
  });
});

test("overlapping incidents are one numbered circle: it zooms in until they separate, and where they share a point it lists them all, as the table does", async ({ page }) => {
  const range = { from: "2023-10-17", to: "2023-11-30" };
  const [busiest] = await query<{ lon: number; lat: number; n: number }>(
    `SELECT lon, lat, count(*)::int AS n FROM incident WHERE status = 'PUBLISHED' AND occurred_on BETWEEN $1 AND $2
     GROUP BY lon, lat ORDER BY n DESC LIMIT 1`,
    [range.from, range.to],
  );
  expect(busiest!.n).toBeGreaterThan(2);
  await page.goto(`/?from=${range.from}&to=${range.to}`);
  const map = page.getByTestId("incident-map");
  await expect(map).toHaveAttribute("data-state", "ready");
  await expect(map).toHaveAttribute("data-cluster-count", "0"); // few enough for points: the server sent each incident
  await map.scrollIntoViewIfNeeded();

  type Handle = {
    map: { latLngToContainerPoint(p: [number, number]): { x: number; y: number }; getZoom(): number };
    features: Array<{ geometry: { coordinates: [number, number] }; properties: { kind: string } }>;
    groups: Array<{ size: number; samePoint: boolean } | null>;
  };
  // Every incident is drawn: the groups' sizes and the lone circles add up to the count in view.
  const drawnIncidents = await page.evaluate(() => {
    const { features, groups } = (window as unknown as { __incidentMap: Handle }).__incidentMap;
    return features.reduce((sum, f, i) => sum + (groups[i]?.size ?? (f.properties.kind === "incident" ? 1 : 0)), 0);
  });
  await expect(map).toHaveAttribute("data-total", String(drawnIncidents));

  const box = (await map.locator(".leaflet-container").boundingBox())!;
  // A group that splits, with no other circle near it: a click zooms in on it.
  const splitting = await page.evaluate(() => {
    const { map: leaflet, features, groups } = (window as unknown as { __incidentMap: Handle }).__incidentMap;
    const screen = features.map((f) => leaflet.latLngToContainerPoint([f.geometry.coordinates[1], f.geometry.coordinates[0]]));
    const index = groups.findIndex((g, i) => g !== null && !g.samePoint && screen.every((p, j) => j === i || Math.hypot(p.x - screen[i]!.x, p.y - screen[i]!.y) > 40));
    return index < 0 ? null : { ...screen[index]!, zoom: leaflet.getZoom() };
  });
  expect(splitting).not.toBeNull();
  const zoomedView = page.waitForResponse((r) => r.url().includes("/api/map") && /zoom=(\d+)/.exec(r.url())?.[1] !== String(splitting!.zoom));
  await page.mouse.click(box.x + splitting!.x, box.y + splitting!.y);
  await zoomedView; // the zoom animation has ended: the next view can be set
  await expect(map).toHaveAttribute("data-state", "ready");
  await expect.poll(() => page.evaluate(() => (window as unknown as { __incidentMap?: Handle }).__incidentMap?.map.getZoom())).toBeGreaterThan(splitting!.zoom);

  // Zoomed in as far as the map goes on the busiest point, its incidents are still one circle: a list.
  const deepestView = page.waitForResponse((r) => r.url().includes("/api/map") && r.url().includes("zoom=18"));
  await page.evaluate(({ lon, lat }) => {
    const { map: leaflet } = (window as unknown as { __incidentMap: { map: { setView(p: [number, number], z: number, o: object): void } } }).__incidentMap;
    leaflet.setView([lat, lon], 18, { animate: false });
  }, busiest!);
  await deepestView;
  await expect(map).toHaveAttribute("data-state", "ready");
  const target = await page.evaluate(({ lon, lat }) => {
    const { map: leaflet, features, groups } = (window as unknown as { __incidentMap: Handle }).__incidentMap;
    const index = features.findIndex((f) => f.geometry.coordinates[0] === lon && f.geometry.coordinates[1] === lat);
    const p = leaflet.latLngToContainerPoint([lat, lon]);
    return { x: p.x, y: p.y, group: groups[index] };
  }, busiest!);
  expect(target.group).toEqual({ size: busiest!.n, samePoint: true });
  await page.mouse.click(box.x + target.x, box.y + target.y);
  const popup = page.getByTestId("incident-stack-popup");
  await expect(popup).toBeVisible();
  await expect(page.getByTestId("incident-stack-count")).toHaveText(`${busiest!.n} incidents at this point`);
  await expect(popup.getByRole("listitem")).toHaveCount(Math.min(busiest!.n, 12));
  await popup.getByRole("link", { name: /in the table$/ }).click();
  await expect(page).toHaveURL(/\/incidents\?.*bbox=/);
  await expect(page.getByTestId("incident-count")).toHaveText(String(busiest!.n));
});

test("a filter that matches nothing says so over the map", async ({ page }) => {
  await page.goto("/?from=1990-01-01&to=1990-01-02");
  const map = page.getByTestId("incident-map");
  await expect(map).toHaveAttribute("data-state", "ready");
  await expect(map).toHaveAttribute("data-total", "0");
  await expect(page.getByTestId("map-empty")).toContainText("No incidents match these filters");
});
