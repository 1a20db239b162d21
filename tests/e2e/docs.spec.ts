import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./auth";

// The documentation pages under /docs: every page the index lists opens with its title, every link
// between them (and every #section they point to) exists, the Markdown's tables are tables, and
// the site header fits a phone. The console guard (fixtures.ts) fails any page whose scripts the
// CSP would block.

/** A decision record another change adds: listed already, and a 404 until its file exists. */
const ROLLUPS = "/docs/decisions/rollups";
const rollupsExists = fs.existsSync(path.resolve(import.meta.dirname, "../../app/docs/decisions/rollups.md"));
const expectedStatus = (pathname: string) => (pathname === ROLLUPS && !rollupsExists ? 404 : 200);

/** The addresses of the links inside the page's main content that stay on this site. */
async function internalLinks(page: Page): Promise<string[]> {
  const hrefs = await page.locator("main a[href^='/']").evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  return [...new Set(hrefs)];
}

test("the index lists every documentation page, and each opens with its title", async ({ page }) => {
  await page.goto("/docs");
  await expect(page.getByRole("heading", { level: 1, name: "Documentation" })).toBeVisible();
  const listed = (await internalLinks(page)).filter((href) => href.startsWith("/docs/"));
  for (const expected of ["/docs/methodology", "/docs/data", "/docs/api", "/docs/import-export", "/docs/operations", "/docs/performance", "/docs/decisions", ROLLUPS]) {
    expect(listed).toContain(expected);
  }
  for (const href of listed) {
    if (expectedStatus(href) !== 200) {
      expect((await page.request.get(href)).status(), href).toBe(404);
      continue;
    }
    const response = await page.goto(href);
    expect(response?.status(), href).toBe(200);
    await expect(page.getByRole("heading", { level: 1 }), href).toHaveText(/\w/);
  }
});

test("every link between the documentation pages resolves, down to the section it names", async ({ page }) => {
  const pages = ["/docs", "/docs/api", "/docs/import-export", "/docs/operations", "/docs/performance", "/docs/decisions", "/docs/decisions/copy-exports",
    "/docs/decisions/duplicate-checks", "/docs/decisions/wasm-migrations"];
  const checked = new Map<string, string[]>(); // page → its element ids
  for (const from of pages) {
    await page.goto(from);
    for (const href of await internalLinks(page)) {
      const [pathname, fragment] = href.split("#") as [string, string | undefined];
      const status = (await page.request.get(pathname)).status();
      expect(status, `${href} on ${from}`).toBe(expectedStatus(pathname));
      if (!fragment || status !== 200) continue;
      if (!checked.has(pathname)) {
        const target = await page.context().newPage();
        await target.goto(pathname);
        checked.set(pathname, await target.locator("[id]").evaluateAll((elements) => elements.map((e) => e.id)));
        await target.close();
      }
      expect(checked.get(pathname), `#${fragment} on ${pathname}, linked from ${from}`).toContain(fragment);
    }
  }
});

test("a Markdown table renders as a table, headings carry anchors, and unknown pages are 404", async ({ page }) => {
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  const errors = page.getByRole("table").first();
  await expect(errors.getByRole("columnheader")).toHaveText(["status", "body", "when"]);
  await expect(errors.getByRole("row").filter({ has: page.getByRole("cell", { name: "400", exact: true }) })).toHaveCount(1);
  await expect(page.getByRole("heading", { level: 2, name: /^Errors/ })).toHaveAttribute("id", "errors");
  await expect(page).toHaveTitle("API reference · Attack Tracker");

  for (const missing of ["/docs/no-such-page", "/docs/api/no-such-page", "/docs/a/b/c", "/docs/..%2Fpackage"]) {
    expect((await page.request.get(missing)).status(), missing).toBe(404);
  }
});

test("the header's Docs link opens the documentation", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("banner").getByRole("link", { name: "Docs", exact: true }).click();
  await expect(page).toHaveURL(/\/docs$/);
  await expect(page.getByRole("heading", { level: 1, name: "Documentation" })).toBeVisible();
});

test.describe("on a phone", () => {
  test.use({ role: "admin", viewport: { width: 390, height: 844 } });

  test("the header, with every link an administrator gets, fits 390 px without scrolling sideways", async ({ page }) => {
    for (const pathname of ["/docs", "/docs/performance"]) {
      await page.goto(pathname);
      const header = page.getByRole("banner");
      for (const name of ["Dashboard", "Incidents", "Docs", "New incident", "Review", "Import", "Users"]) {
        const link = header.getByRole("link", { name, exact: true });
        await expect(link).toBeVisible();
        const box = (await link.boundingBox())!;
        expect(box.x + box.width, `${name} on ${pathname}`).toBeLessThanOrEqual(390);
      }
      await expect(header.getByRole("button", { name: "Sign out" })).toBeInViewport();
      // Wide tables scroll inside their own box; the page itself never scrolls sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth), pathname).toBeLessThanOrEqual(390);
    }
  });
});
