import { request as playwrightRequest } from "@playwright/test";
import { buildActions, callAction, incidentByMarker, incidentForm } from "./actions";
import { createAccount, E2E_BASE_URL, expect, signIn, test } from "./auth";
import { query } from "./database";

// The review queue in a browser: an editor narrows the queue to one colleague's drafts, ticks some,
// publishes them in one go, reads the confirmation (which takes the focus) and finds them gone
// from the queue and in the public table. An admin discards the rest with a reason; an editor has
// no discard button (deleting is for admins), and the server refuses it anyway (authorization.spec.ts).

const RUN = Date.now().toString(36);

/** Three drafts made by an editor account of their own, so "created by" isolates them. */
async function colleagueDrafts(label: string): Promise<{ name: string; places: string[] }> {
  const account = await createAccount("editor", "colleague");
  const context = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL });
  const places = ["one", "two", "three"].map((n) => `Queue ${RUN} ${label} ${n}`);
  try {
    await signIn(context, account);
    const create = buildActions().get("createIncidentAction")!;
    for (const [k, place] of places.entries()) {
      const answer = await callAction(context, create, incidentForm(place, { occurredOn: `2024-04-0${k + 1}`, lat: `${35 + k * 0.3}`, lon: `${40 + k * 0.3}` }));
      expect((await incidentByMarker(place))?.status, answer.text.slice(0, 500)).toBe("DRAFT");
    }
  } finally {
    await context.dispose();
  }
  return { name: account.email.split("@")[0]!, places };
}

test.describe("an editor", () => {
  test.use({ role: "editor" });

  test("filters the queue to a colleague's drafts, publishes two at once, sees the confirmation and finds them published", async ({ page }) => {
    const { name, places } = await colleagueDrafts("published");
    await page.goto("/review");
    await expect(page.getByTestId("review-total")).toBeVisible();
    await page.getByLabel("Created by").selectOption({ label: `${name} (3)` });
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/createdBy=/);
    await expect(page.getByTestId("review-range")).toHaveText("1–3 of 3");
    const table = page.getByTestId("drafts-table");
    await expect(table.locator("tbody tr")).toHaveCount(3);
    // Editors publish; discarding (a delete) is for admins only.
    await expect(page.getByRole("button", { name: /^Discard/ })).toHaveCount(0);

    const two = await Promise.all(places.slice(0, 2).map(async (place) => (await incidentByMarker(place))!));
    const references = await query<{ reference: string }>("SELECT reference FROM incident WHERE id = ANY($1::uuid[]) ORDER BY reference", [two.map((d) => d.id)]);
    for (const { reference } of references) await page.getByRole("checkbox", { name: `Choose ${reference}` }).check();
    await expect(page.getByTestId("review-chosen")).toHaveText("2 drafts chosen on this page.");
    await page.getByRole("button", { name: "Publish 2 drafts" }).click();

    const result = page.getByTestId("review-result");
    await expect(result).toContainText("Published 2 drafts.");
    await expect(result).toBeFocused();
    for (const { reference } of references) await expect(result.getByRole("link", { name: reference })).toBeVisible();
    // The queue is refreshed: only the third draft is left.
    await expect(table.locator("tbody tr")).toHaveCount(1);
    await expect(table.getByRole("cell", { name: places[2], exact: true })).toBeVisible();
    await expect(page.getByTestId("review-range")).toHaveText("1–1 of 1");

    const stored = await query<{ status: string; version: number; actor: string }>(
      `SELECT i.status::text, i.version, a.actor_label AS actor FROM incident i JOIN audit_entry a ON a.entity_id = i.id::text AND a.action = 'PUBLISH'
       WHERE i.id = ANY($1::uuid[])`, [two.map((d) => d.id)]);
    expect(stored).toEqual([{ status: "PUBLISHED", version: 2, actor: "e2e-editor@test.invalid" }, { status: "PUBLISHED", version: 2, actor: "e2e-editor@test.invalid" }]);

    await result.getByRole("link", { name: "See the published incidents" }).click();
    await expect(page).toHaveURL(/\/incidents$/);
    await page.goto(`/incidents?q=${RUN}`);
    const publicTable = page.getByTestId("incident-table");
    for (const place of places.slice(0, 2)) await expect(publicTable.getByText(place)).toBeVisible();
    await expect(publicTable.getByText(places[2]!)).toHaveCount(0);
  });
});

test.describe("an admin", () => {
  test.use({ role: "admin" });

  test("ticks every draft on the page, confirms, and discards them with a reason", async ({ page }) => {
    const { name, places } = await colleagueDrafts("discarded");
    await page.goto("/review");
    await page.getByLabel("Created by").selectOption({ label: `${name} (3)` });
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByTestId("review-range")).toHaveText("1–3 of 3");
    await page.getByTestId("review-tick-page").check();
    await page.getByLabel("Reason for discarding").fill("Trial rows, not real reports");
    await page.getByRole("button", { name: "Discard 3 drafts" }).click();
    const confirm = page.getByTestId("review-confirm");
    await expect(confirm).toContainText("Discard 3 drafts? They will be deleted");
    await confirm.getByRole("button", { name: "Yes, discard 3 drafts" }).click();

    const result = page.getByTestId("review-result");
    await expect(result).toContainText("Discarded 3 drafts.");
    await expect(result).toBeFocused();
    await expect(page.getByTestId("no-drafts")).toHaveText("No drafts match this filter.");
    const entries = await query<{ reason: string }>(
      "SELECT a.reason FROM audit_entry a WHERE a.action = 'DELETE' AND a.before ->> 'locationName' = ANY($1::text[])", [places]);
    expect(entries).toEqual(places.map(() => ({ reason: "Trial rows, not real reports" })));
  });
});
