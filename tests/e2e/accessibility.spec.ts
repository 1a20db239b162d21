import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./auth";
import { query } from "./database";

// axe-core on every page of the app, as a visitor and as the staff who see the editing pages: no
// serious or critical violation of WCAG 2.1 A/AA. Pages are checked once they have drawn what
// they load in the browser (the map, the timeline), so those are checked too.

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ""}`);
}

async function visit(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  const map = page.getByTestId("incident-map");
  if (await map.count()) await expect(map).toHaveAttribute("data-state", "ready");
}

async function anIncident() {
  const [row] = await query<{ id: string; site: string | null; claimant: string | null }>(
    `SELECT i.id, s.slug AS site, g.slug AS claimant FROM incident i LEFT JOIN site s ON s.id = i.site_id LEFT JOIN armed_group g ON g.id = i.claimant_id
     WHERE i.status = 'PUBLISHED' AND i.site_id IS NOT NULL AND i.claimant_id IS NOT NULL ORDER BY i.occurred_on LIMIT 1`,
  );
  return row!;
}

test.describe("public pages", () => {
  test("have no serious or critical accessibility violations", async ({ page }) => {
    const incident = await anIncident();
    const paths = ["/", "/?claimant=kataib-hezbollah&from=2024-01-01&to=2024-06-30", "/incidents", `/incidents/${incident.id}`, "/tallies", "/docs", "/docs/methodology", "/docs/data", "/docs/api", "/docs/operations", "/login"];
    if (incident.site) paths.push(`/sites/${incident.site}`);
    if (incident.claimant) paths.push(`/groups/${incident.claimant}`);
    const found: Record<string, string[]> = {};
    for (const path of paths) {
      await visit(page, path);
      const violations = await seriousViolations(page);
      if (violations.length) found[path] = violations;
    }
    expect(found).toEqual({});
  });
});

test.describe("editing pages", () => {
  test.use({ role: "admin" });

  test("have no serious or critical accessibility violations", async ({ page }) => {
    const incident = await anIncident();
    const found: Record<string, string[]> = {};
    for (const path of ["/incidents/new", `/incidents/${incident.id}/edit`, "/review", "/import", "/admin/users", "/tallies"]) {
      await visit(page, path);
      const violations = await seriousViolations(page);
      if (violations.length) found[path] = violations;
    }
    expect(found).toEqual({});
  });
});
