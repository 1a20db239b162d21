import { request as playwrightRequest } from "@playwright/test";
import { buildActions, callAction, incidentByMarker, incidentForm } from "./actions";
import { createAccount, E2E_BASE_URL, expect, signedInAs, signIn, test } from "./auth";
import { query } from "./database";

// The editor's journey in the browser: create an incident by clicking the map and picking a
// claimant, publish it, find it on the dashboard; edit it while a second session holds the old
// version (the saves merge; overlapping fields are asked about); every error in one round; and what
// a viewer can and cannot see.

test.describe("editor journey", () => {
  test.use({ role: "editor" });

  test("create by clicking the map and picking a claimant, publish, see it everywhere, then a conflicting edit", async ({ page, browser }) => {
    const place = `Journey outpost ${Date.now()}`;
    await page.goto("/incidents/new");
    await page.getByRole("textbox", { name: "Date", exact: true }).fill("2024-04-21");

    // Location: a click on the picker map fills the coordinates.
    const picker = page.getByTestId("location-picker").locator(".leaflet-container");
    await expect(picker).toBeVisible();
    const box = (await picker.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.55, box.y + box.height * 0.5);
    await expect(page.getByLabel("Latitude")).not.toHaveValue("");
    await expect(page.getByLabel("Longitude")).not.toHaveValue("");
    await page.getByRole("textbox", { name: "Place name", exact: true }).fill(place);
    // The click lands in western Iraq: the form names that country (another would be warned about).
    await page.getByLabel("Country").selectOption("IQ");
    await page.getByLabel("Killed, at least").fill("0");

    // Claimant: an alias in the picker resolves to the group.
    await page.getByLabel("Claim status").selectOption("CLAIMED");
    await page.getByTestId("add-claim").click();
    await page.getByLabel("Claiming group").fill("KH");
    await page.getByLabel("Stated on").fill("2024-04-22");
    await page.getByTestId("add-source").click();
    await page.getByLabel("Web address").fill("https://example.org/journey");
    await page.getByTestId("save-incident").click();

    // Demo data is dense: the duplicate guard may ask for confirmation first.
    const duplicates = page.getByTestId("possible-duplicates");
    const draftPage = page.getByTestId("incident-status");
    await expect(duplicates.or(draftPage)).toBeVisible();
    if (await duplicates.isVisible()) {
      await page.getByTestId("confirm-duplicates").check();
      await page.getByTestId("save-incident").click();
    }
    await expect(draftPage).toContainText("Draft");
    await expect(page.getByText("Credited to Kata'ib Hezbollah")).toBeVisible();
    const id = page.url().split("/").pop()!;
    const reference = (await page.getByTestId("incident-reference").textContent())!;

    await page.getByTestId("publish-incident").click();
    await expect(page.getByTestId("incident-status")).toHaveCount(0);
    await expect(page.getByTestId("history-entry")).toHaveCount(2);

    // The dashboard counts it, the table lists it, the map draws it, the timeline has its month.
    await page.goto(`/?q=${encodeURIComponent(place)}`);
    await expect(page.getByTestId("incident-count")).toHaveText("1");
    const map = page.getByTestId("incident-map");
    await expect(map).toHaveAttribute("data-state", "ready");
    const drawn = await page.evaluate(() => (window as unknown as { __incidentMap: { features: Array<{ properties: { reference?: string } }> } }).__incidentMap.features.map((f) => f.properties.reference));
    expect(drawn).toContain(reference);
    await expect(page.getByTestId("incident-timeline")).toContainText("2024");
    await page.goto(`/incidents?q=${encodeURIComponent(place)}`);
    await expect(page.getByTestId("incident-table").locator("tbody tr")).toHaveCount(1);
    await expect(page.getByTestId("incident-table")).toContainText(reference);

    // Two sessions open the edit form at version 2: this editor, and an admin in a second browser.
    const other = await browser.newContext({ storageState: await signedInAs("admin") });
    const adminPage = await other.newPage();
    await adminPage.goto(`/incidents/${id}/edit`);
    await page.goto(`/incidents/${id}/edit`);

    // The admin corrects the death toll and the confidence: version 3.
    await adminPage.getByLabel("Killed, at most").fill("2");
    await adminPage.getByLabel("Confidence", { exact: true }).selectOption("LIKELY");
    await adminPage.getByTestId("save-incident").click();
    await expect(adminPage).toHaveURL(new RegExp(`/incidents/${id}$`));
    await other.close();

    // The editor, still on version 2, changed only the wounded and the notes: the save merges, no prompt.
    await page.getByLabel("Wounded, at least").fill("4");
    await page.getByLabel("Notes").fill("Seen from the second session");
    await page.getByTestId("save-incident").click();
    await expect(page).toHaveURL(new RegExp(`/incidents/${id}$`));
    await expect(page.getByTestId("incident-killed")).toHaveText("0–2");
    await expect(page.getByTestId("incident-wounded")).toHaveText("4");
    await expect(page.getByTestId("incident-notes")).toHaveText("Seen from the second session");
    await expect(page.getByTestId("history-entry").first()).toContainText("Merged with version 3");
    const [row] = await query<{ version: number; confidence: string; killed_max: number; wounded_min: number }>(
      "SELECT version, confidence::text, killed_max, wounded_min FROM incident WHERE id = $1", [id]);
    expect(row).toEqual({ version: 4, confidence: "LIKELY", killed_max: 2, wounded_min: 4 });
  });

  test("overlapping edits: the panel beside Save asks per field, and the save writes only the chosen values", async ({ page, browser }) => {
    const place = `Overlap outpost ${Date.now()}`;
    await callAction(page.request, buildActions().get("createIncidentAction")!, incidentForm(place)); // wounded 1–2, unverified
    const created = (await incidentByMarker(place))!;
    const other = await browser.newContext({ storageState: await signedInAs("admin") });
    const adminPage = await other.newPage();
    await adminPage.goto(`/incidents/${created.id}/edit`);
    await page.goto(`/incidents/${created.id}/edit`);

    await adminPage.getByLabel("Wounded, at most").fill("5");
    await adminPage.getByLabel("Confidence", { exact: true }).selectOption("LIKELY");
    await adminPage.getByTestId("save-incident").click();
    await expect(adminPage).toHaveURL(new RegExp(`/incidents/${created.id}$`));
    await other.close();

    await page.getByLabel("Wounded, at most").fill("3");
    await page.getByLabel("Notes").fill("The editor's note");
    await page.getByTestId("save-incident").click();

    // Only the field both changed is asked about, with the three values, next to the Save button.
    const panel = page.getByTestId("edit-conflict");
    await expect(panel).toBeFocused();
    await expect(panel.getByRole("heading", { name: "Someone saved this incident while you were editing" })).toBeVisible();
    const wounded = panel.getByTestId("conflict-woundedMax");
    await expect(panel.getByRole("group")).toHaveCount(1);
    await expect(wounded.getByRole("radio", { name: "Keep version 2 (theirs): 5" })).toBeVisible();
    await expect(wounded.getByRole("radio", { name: "Keep yours: 3" })).toBeVisible();
    await expect(wounded.getByRole("radio", { name: "Go back to version 1 (where you both started): 2" })).toBeVisible();
    expect((await incidentByMarker(place))!.version).toBe(2);

    // Saving without a choice is refused in the panel; choosing and saving writes the choice.
    await page.getByTestId("save-incident").click();
    await expect(wounded).toContainText("Choose a value for Wounded, at most.");
    await wounded.getByRole("radio", { name: /^Keep yours/ }).check();
    await page.getByTestId("save-incident").click();
    await expect(page).toHaveURL(new RegExp(`/incidents/${created.id}$`));
    const [row] = await query<{ version: number; confidence: string; wounded_min: number; wounded_max: number; notes: string }>(
      "SELECT version, confidence::text, wounded_min, wounded_max, notes FROM incident WHERE id = $1", [created.id]);
    expect(row).toEqual({ version: 3, confidence: "LIKELY", wounded_min: 1, wounded_max: 3, notes: "The editor's note" });
  });

  test("every error in one round: a summary at the top takes the focus and links to the fields", async ({ page }) => {
    await page.goto("/incidents/new");
    await page.getByRole("textbox", { name: "Place name", exact: true }).fill("Kept after the error");
    await page.getByLabel("Killed, at least").fill("3");
    await page.getByLabel("Killed, at most").fill("1");
    await page.getByLabel("Claim status").selectOption("CLAIMED");
    await page.getByTestId("save-incident").click();

    const summary = page.getByTestId("form-message");
    await expect(summary).toBeFocused();
    await expect(summary).toHaveAttribute("role", "alert");
    await expect(summary).toContainText("Please correct the fields marked below.");
    // The empty date, and the rules between fields, all in the first round.
    const dateLink = summary.getByRole("link", { name: "Date: Enter the date (day, month and year)." });
    await expect(dateLink).toHaveAttribute("href", "#field-occurredOn");
    await expect(summary.getByRole("link", { name: "Killed, at most: The highest figure is below the lowest." })).toHaveAttribute("href", "#field-killedMax");
    await expect(summary.getByRole("link", { name: /^Claim status: A claimed incident needs at least one claim statement/ })).toHaveAttribute("href", "#field-claimStatus");

    const killedMax = page.getByLabel("Killed, at most");
    await expect(killedMax).toHaveAttribute("aria-invalid", "true");
    await expect(killedMax).toHaveAttribute("aria-describedby", "error-killedMax");
    await expect(page.locator("#error-killedMax")).toHaveText("The highest figure is below the lowest.");
    await expect(page.locator('[data-error-for="occurredOn"]')).toHaveText("Enter the date (day, month and year).");
    const date = page.getByRole("textbox", { name: "Date", exact: true });
    await expect(date).toHaveAttribute("aria-required", "true");
    await expect(page.getByRole("textbox", { name: "Place name", exact: true })).toHaveAttribute("aria-required", "true");

    await dateLink.click();
    await expect(date).toBeFocused();
    await expect(page.getByRole("textbox", { name: "Place name", exact: true })).toHaveValue("Kept after the error");
  });
});

test.describe("a viewer", () => {
  // The refused pages answer 403 and 404, which Chromium reports in the console.
  test.use({ role: "viewer", allowedConsoleError: /Failed to load resource: the server responded with a status of 40[34]/ });

  test("cannot reach the form or the review queue and never sees drafts", async ({ page }) => {
    const editor = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL, storageState: await signedInAs("editor") });
    const name = `Viewer-invisible draft ${Date.now()}`;
    await callAction(editor, buildActions().get("createIncidentAction")!, incidentForm(name));
    await editor.dispose();
    const draft = await incidentByMarker(name);
    expect(draft?.status).toBe("DRAFT");

    await page.goto("/");
    await expect(page.getByRole("link", { name: "New incident" })).toHaveCount(0);
    for (const path of ["/incidents/new", "/review", `/incidents/${draft!.id}/edit`]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByTestId("forbidden-page")).toBeVisible();
    }
    const response = await page.goto(`/incidents/${draft!.id}`);
    expect(response?.status()).toBe(404);
    const api = await page.request.get(`/api/incidents/${draft!.id}`);
    expect(api.status()).toBe(404);

    const [{ n }] = (await query<{ n: number }>("SELECT count(*)::int AS n FROM incident WHERE status = 'PUBLISHED'")) as [{ n: number }];
    await page.goto("/");
    await expect(page.getByTestId("incident-count")).toHaveText(n.toLocaleString("en-US"));
  });
});

test("signing out ends access: the old session cookie no longer works", async ({ browser }) => {
  const account = await createAccount("editor", "signout");
  const context = await browser.newContext();
  await signIn(context.request, account);
  const page = await context.newPage();
  await page.goto("/incidents/new");
  await expect(page.getByTestId("incident-form")).toBeVisible();
  const cookies = await context.cookies();

  await page.getByTestId("sign-out").click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  // Replaying the cookie from before sign-out: the session row is gone, so it is a stranger.
  const replay = await browser.newContext();
  await replay.addCookies(cookies);
  const replayPage = await replay.newPage();
  await replayPage.goto("/incidents/new");
  await expect(replayPage).toHaveURL(/\/login\?next=/);
  await replay.close();
  await context.close();
});
