import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { query } from "./database";

const KH = { slug: "kataib-hezbollah", name: "Kata'ib Hezbollah" };
const NUJABA = { slug: "harakat-hezbollah-al-nujaba", name: "Harakat Hezbollah al-Nujaba" };

/** Incidents credited to these groups or their façades, newest first, straight from the database. */
async function creditedTo(slugs: string[], extra = "TRUE"): Promise<{ count: number; references: string[] }> {
  const rows = await query<{ reference: string }>(
    `WITH RECURSIVE tree AS (
       SELECT id FROM armed_group WHERE slug = ANY($1::text[])
       UNION SELECT g.id FROM armed_group g JOIN tree ON g.parent_id = tree.id)
     SELECT reference FROM incident
     WHERE status = 'PUBLISHED' AND claimant_id IN (SELECT id FROM tree) AND ${extra}
     ORDER BY occurred_on DESC, id DESC`,
    [slugs],
  );
  return { count: rows.length, references: rows.map((r) => r.reference) };
}

async function expectDashboardShows(page: Page, expected: { count: number; references: string[] }) {
  await expect(page.getByTestId("incident-count")).toHaveText(expected.count.toLocaleString("en-US"));
  await expect(page.getByTestId("incident-timeline")).toHaveAttribute("data-total", String(expected.count));
  const map = page.getByTestId("incident-map");
  await expect(map).toHaveAttribute("data-state", "ready");
  await expect(map).toHaveAttribute("data-total", String(expected.count));
  await expect(page.getByTestId("incident-table").locator("tbody tr td:nth-child(2)")).toHaveText(expected.references.slice(0, 25));
}

const chipLabels = (page: Page) => page.getByTestId("filter-chip").locator("span");
const claimantPicker = (page: Page) => page.getByTestId("filter-bar").getByRole("combobox", { name: /^Claimant/ });

test("two claimants picked by keyboard show as chips and in the URL; removing a chip updates every view", async ({ page }) => {
  const both = await creditedTo([KH.slug, NUJABA.slug]);
  const nujabaOnly = await creditedTo([NUJABA.slug]);
  expect(nujabaOnly.count).toBeGreaterThan(0);
  expect(both.count).toBeGreaterThan(nujabaOnly.count);

  await page.goto("/");
  const picker = claimantPicker(page);
  await picker.focus();
  // Type to narrow, Enter picks the highlighted entry; the search matches "Kata'ib" without its apostrophe.
  await page.keyboard.type("kataib hez");
  const khOption = page.getByRole("option", { name: new RegExp(`^${KH.name}`) });
  await expect(picker).toHaveAttribute("aria-activedescendant", (await khOption.getAttribute("id"))!);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: `Remove ${KH.name}` })).toBeVisible();
  // An alias finds the group too.
  await page.keyboard.type("al-Nujaba");
  await expect(page.getByRole("option").first()).toHaveAttribute("data-value", NUJABA.slug);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("option", { name: new RegExp(`^${NUJABA.name}`) })).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("listbox")).toHaveCount(0);
  await page.keyboard.press("Enter"); // closed, Enter submits the form

  await expect.poll(() => new URL(page.url()).searchParams.get("claimant")).toBe(`${KH.slug},${NUJABA.slug}`);
  await expect(chipLabels(page)).toHaveText([KH.name, NUJABA.name]);
  await expectDashboardShows(page, both);

  await page.getByRole("button", { name: `Remove filter: ${KH.name}` }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get("claimant")).toBe(NUJABA.slug);
  await expect(chipLabels(page)).toHaveText([NUJABA.name]);
  await expectDashboardShows(page, nujabaOnly);
  // The form follows the URL too: only the remaining claimant is chosen.
  await expect(page.getByTestId("filter-bar").getByRole("button", { name: /^Remove / })).toHaveText(["×"]);
  await expect(page.getByRole("button", { name: `Remove ${NUJABA.name}` })).toBeVisible();

  await page.getByRole("button", { name: "Clear all" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("applied-filters")).toContainText("No filters");
});

test("the table page has the same filter controls and chips, and removing a chip updates its count", async ({ page }) => {
  const inIraq = await creditedTo([NUJABA.slug], "country = 'IQ'");
  const anywhere = await creditedTo([NUJABA.slug]);
  await page.goto(`/incidents?claimant=${NUJABA.slug}&country=IQ&sort=date_asc`);
  await expect(chipLabels(page)).toHaveText([NUJABA.name, "Iraq"]);
  await expect(page.getByTestId("incident-count")).toHaveText(inIraq.count.toLocaleString("en-US"));
  await expect(page.getByTestId("filter-bar").getByRole("combobox", { name: "Country" })).toBeVisible();

  await page.getByRole("button", { name: "Remove filter: Iraq" }).click();
  await expect(page).toHaveURL(new RegExp(`/incidents\\?claimant=${NUJABA.slug}&sort=date_asc$`)); // the sort is kept
  await expect(chipLabels(page)).toHaveText([NUJABA.name]);
  await expect(page.getByTestId("incident-count")).toHaveText(anywhere.count.toLocaleString("en-US"));
  await expect(page.getByTestId("incident-table").locator("tbody tr td:nth-child(2)").first()).toHaveText(anywhere.references.at(-1)!);
});

test("quick ranges set the dates, by keyboard", async ({ page }) => {
  await page.goto("/");
  const ranges = page.getByRole("group", { name: "Quick ranges" });
  await ranges.getByRole("button", { name: "The 2023–24 campaign" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\?from=2023-10-17&to=2024-02-04$/);
  await expect(chipLabels(page)).toHaveText(["17 Oct 2023–4 Feb 2024"]);
  const [{ n }] = (await query<{ n: number }>(
    "SELECT count(*)::int AS n FROM incident WHERE status = 'PUBLISHED' AND occurred_on BETWEEN '2023-10-17' AND '2024-02-04'",
  )) as [{ n: number }];
  await expect(page.getByTestId("incident-count")).toHaveText(n.toLocaleString("en-US"));
  await expect(page.getByTestId("filter-bar").getByLabel("From (event date)")).toHaveValue("2023-10-17");

  await ranges.getByRole("button", { name: "Last 7 days" }).focus();
  await page.keyboard.press("Space");
  const today = await page.evaluate(() => {
    const d = new Date();
    const day = (x: Date) => `${x.getFullYear()}-${String(x.getMonth() + 1).padStart(2, "0")}-${String(x.getDate()).padStart(2, "0")}`;
    return { to: day(d), from: day(new Date(d.getFullYear(), d.getMonth(), d.getDate() - 6)) };
  });
  await expect(page).toHaveURL(new RegExp(`\\?from=${today.from}&to=${today.to}$`));

  await ranges.getByRole("button", { name: "Since 17 Oct 2023" }).click();
  await expect(page).toHaveURL(/\?from=2023-10-17$/);
  await expect(chipLabels(page)).toHaveText(["From 17 Oct 2023"]);
});

test("the claimant list shows the hierarchy: façade groups under their parent, Arabic names beside", async ({ page }) => {
  const groups = await query<{ slug: string; parent: string | null; name_ar: string | null }>(
    "SELECT g.slug, p.slug AS parent, g.name_ar FROM armed_group g LEFT JOIN armed_group p ON p.id = g.parent_id",
  );
  const parentOf = new Map(groups.map((g) => [g.slug, g.parent]));
  expect(parentOf.get(KH.slug)).toBe("islamic-resistance-in-iraq");

  await page.goto("/");
  await claimantPicker(page).click();
  const options = page.getByRole("listbox").getByRole("option");
  await expect(options).toHaveCount(groups.length);
  const shown = await options.evaluateAll((els) => els.map((el) => ({ slug: el.getAttribute("data-value")!, depth: Number(el.getAttribute("data-depth")) })));
  // Each group comes after its parent, one level deeper, with only the parent's other descendants between them.
  shown.forEach(({ slug, depth }, index) => {
    const parent = parentOf.get(slug);
    if (!parent) return expect(depth, slug).toBe(0);
    const at = shown.findIndex((o) => o.slug === parent);
    expect(at, `${slug} after ${parent}`).toBeLessThan(index);
    expect(depth, slug).toBe(shown[at]!.depth + 1);
    expect(shown.slice(at + 1, index).every((o) => o.depth > shown[at]!.depth), `${slug} under ${parent}`).toBe(true);
  });
  const kh = page.getByRole("option", { name: new RegExp(`^${KH.name}`) });
  const arabic = groups.find((g) => g.slug === KH.slug)!.name_ar!;
  await expect(kh.locator("bdi[dir=rtl][lang=ar]")).toHaveText(arabic);

  // Clicking picks and keeps the list open for the next pick; Escape closes it.
  await kh.click();
  await expect(kh).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("listbox")).toHaveCount(0);
});

test("no incidents, one incident: the words and figures say so", async ({ page }) => {
  await page.goto("/?from=1990-01-01&to=1990-01-02");
  await expect(page.getByTestId("incident-count")).toHaveText("0");
  await expect(page.getByTestId("claimed-share")).toHaveText("—");
  const downloads = page.getByTestId("download-links");
  await expect(downloads.getByRole("heading")).toHaveText("Download");
  await expect(downloads.getByTestId("download-empty")).toHaveText("Nothing to download: no incidents match these filters.");
  await expect(downloads.getByRole("link", { name: "CSV", exact: true })).toHaveCount(0);
  await page.goto("/incidents?from=1990-01-01&to=1990-01-02");
  await expect(page.getByTestId("incident-count").locator("..")).toHaveText("0 incidents match the filters.");

  const [one] = await query<{ day: string; site: string }>(
    `SELECT i.occurred_on::text AS day, s.slug AS site FROM incident i JOIN site s ON s.id = i.site_id WHERE i.status = 'PUBLISHED'
     GROUP BY 1, 2 HAVING count(*) = 1 ORDER BY 1 DESC LIMIT 1`,
  );
  await page.goto(`/incidents?from=${one!.day}&to=${one!.day}&site=${one!.site}`);
  await expect(page.getByTestId("incident-count").locator("..")).toHaveText("1 incident matches the filters.");
  await page.goto(`/?from=${one!.day}&to=${one!.day}&site=${one!.site}`);
  await expect(page.getByTestId("download-links").getByRole("heading")).toHaveText("Download this incident");
  await expect(page.getByTestId("incident-summary")).not.toContainText("1 incidents");
});

test("the dashboard states the period the record covers and when it last changed", async ({ page }) => {
  const [row] = await query<{ first: string; last: string; updated: string }>(
    `SELECT min(occurred_on)::text AS first, max(occurred_on)::text AS last, to_char(max(updated_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS updated
     FROM incident WHERE status = 'PUBLISHED'`,
  );
  await page.goto("/?claimant=kataib-hezbollah"); // whatever the filter
  const period = page.getByTestId("record-period");
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const day = (iso: string) => `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
  await expect(period.getByTestId("record-first-day")).toHaveText(day(row!.first));
  await expect(period.getByTestId("record-last-day")).toHaveText(day(row!.last));
  await expect(period.getByTestId("record-updated")).toHaveText(day(row!.updated));
  await expect(period).toContainText("latest change to a published incident");
});

test.describe("on a 390×844 phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("filters live in a drawer: focus moves in and back, Escape closes; the summary and the map are on the first screen", async ({ page }) => {
    await page.goto("/?claimant=kataib-hezbollah&country=IQ");
    await expect(page.getByTestId("filter-bar")).toBeHidden();
    // On the first screen: all of the summary, and the top of the map.
    await expect(page.getByTestId("incident-summary")).toBeInViewport({ ratio: 1 });
    await expect(page.getByTestId("incident-map")).toHaveAttribute("data-state", "ready");
    await expect(page.getByTestId("incident-map")).toBeInViewport();

    const opener = page.getByRole("button", { name: "Filters (2)" });
    await opener.tap();
    const drawer = page.getByRole("dialog", { name: "Filters" });
    await expect(drawer).toBeVisible();
    await expect(page.getByTestId("filter-bar")).toBeVisible();
    // Focus is inside the drawer, and Tab never leaves it for the page behind.
    for (let i = 0; i < 40; i++) {
      const where = await page.evaluate(() => {
        const active = document.activeElement;
        const dialog = document.querySelector("dialog[open]");
        return active === document.body || active === null ? "body" : dialog?.contains(active) ? "drawer" : `outside: ${active.outerHTML.slice(0, 80)}`;
      });
      expect(where).not.toMatch(/^outside/);
      await page.keyboard.press("Tab");
    }

    // Escape first closes the picker's list, then the drawer, and focus returns to the button.
    await drawer.getByRole("combobox", { name: /^Claimant/ }).tap();
    await expect(page.getByRole("listbox")).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("listbox")).toHaveCount(0);
    await expect(drawer).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(drawer).toBeHidden();
    await expect(opener).toBeFocused();

    // Picking by touch and applying closes the drawer and applies the filter.
    await opener.tap();
    await drawer.getByRole("combobox", { name: /^Claimant/ }).tap();
    await page.getByRole("option", { name: new RegExp(`^${NUJABA.name}`) }).tap();
    await drawer.getByRole("button", { name: "Apply filters" }).tap();
    await expect(drawer).toBeHidden();
    await expect.poll(() => new URL(page.url()).searchParams.get("claimant")).toBe(`kataib-hezbollah,${NUJABA.slug}`);
    await expect(page.getByRole("button", { name: "Filters (3)" })).toBeVisible();
    await expect(chipLabels(page)).toHaveText([KH.name, NUJABA.name, "Iraq"]);
  });
});
