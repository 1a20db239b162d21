import type { Locator, Page } from "@playwright/test";
import { REFERENCE_SITES } from "../../prisma/reference-data";
import { buildActions, callAction, incidentByMarker, incidentForm } from "./actions";
import { expect, test } from "./auth";
import { query } from "./database";

// Entering incidents as editors do: a realistic record counted interaction by interaction, the
// salvo case ("new incident like this one"), and the checks that keep a point where it belongs.

/**
 * What an editor does, counted the way a person does it: a click is one; typing into a field or
 * choosing from a list is two (getting into it, then typing or choosing) unless the field already
 * has the focus. Characters typed are counted apart. Navigating to the form is not counted.
 */
class EntryCounter {
  interactions = 0;
  characters = 0;

  private async reach(field: Locator) {
    if (!(await field.evaluate((element) => element === document.activeElement))) this.interactions += 1;
  }

  async click(target: Locator) {
    await target.click();
    this.interactions += 1;
  }

  async type(field: Locator, text: string) {
    await this.reach(field);
    await field.fill(text);
    this.interactions += 1;
    this.characters += text.length;
  }

  async choose(field: Locator, value: string) {
    await this.reach(field);
    await field.selectOption(value);
    this.interactions += 1;
  }
}

const site = (slug: string) => REFERENCE_SITES.find((s) => s.slug === slug)!;
const AL_ASAD = site("ain-al-asad");
const ERBIL = site("erbil-air-base");

/** A day in 2024 with no incident near either site within a day, so the duplicate guard stays quiet and the count is the same each run. */
async function quietDay(): Promise<string> {
  const [row] = await query<{ day: string }>(`
    SELECT to_char(d, 'YYYY-MM-DD') AS day FROM generate_series('2024-02-01'::date, '2024-12-31'::date, interval '1 day') AS d
    WHERE NOT EXISTS (
      SELECT 1 FROM incident i LEFT JOIN site s ON s.id = i.site_id
      WHERE i.occurred_on BETWEEN d::date - 1 AND d::date + 1
        AND (s.slug IN ('ain-al-asad', 'erbil-air-base')
          OR (abs(i.lat - $1) < 0.3 AND abs(i.lon - $2) < 0.3) OR (abs(i.lat - $3) < 0.3 AND abs(i.lon - $4) < 0.3)))
    ORDER BY d LIMIT 1`, [AL_ASAD.lat, AL_ASAD.lon, ERBIL.lat, ERBIL.lon]);
  return row!.day;
}

const pickerMap = (page: Page) => page.getByTestId("location-picker").locator(".leaflet-container");

test.describe("fast entry", () => {
  test.use({ role: "editor" });
  test.describe.configure({ mode: "serial" });

  let day = "";
  let firstId = "";

  test("a realistic record (date, site, weapon, outcome, casualties, claimant, one source) in at most 40 interactions", async ({ page }) => {
    day = await quietDay();
    const entry = new EntryCounter();
    await page.goto("/incidents/new");
    await expect(pickerMap(page)).toBeVisible();

    await entry.type(page.getByRole("textbox", { name: "Date", exact: true }), day);
    // Choosing the site fills the location and flies the picker to it.
    await entry.choose(page.getByLabel("Known site"), AL_ASAD.slug);
    await expect(page.getByTestId("site-status")).toHaveText(`The point, place name, province, country and target type are now ${AL_ASAD.name}'s.`);
    await expect(pickerMap(page)).toHaveAttribute("data-zoom", "10");
    await expect(pickerMap(page)).toHaveAttribute("data-center", `${AL_ASAD.lat.toFixed(4)},${AL_ASAD.lon.toFixed(4)}`);
    await expect(page.getByRole("textbox", { name: "Place name", exact: true })).toHaveValue(AL_ASAD.name);
    await entry.choose(page.getByLabel("Weapon", { exact: true }), "ROCKET");
    await entry.choose(page.getByLabel("Outcome"), "IMPACT");
    await entry.type(page.getByLabel("Killed, at least"), "0");
    await entry.type(page.getByLabel("Wounded, at least"), "3");
    // A claim statement: the row starts on the incident's date and the status becomes "claimed".
    await entry.click(page.getByTestId("add-claim"));
    await expect(page.getByLabel("Claim status")).toHaveValue("CLAIMED");
    await expect(page.getByLabel("Stated on")).toHaveValue(day);
    await entry.type(page.getByLabel("Claiming group"), "KH");
    await expect(page.getByTestId("group-match-claims.0.group")).toHaveText("KH → Kata'ib Hezbollah");
    await entry.click(page.getByTestId("add-source"));
    await entry.type(page.getByLabel("Web address"), "https://example.org/rockets-at-al-asad");
    await expect(page.getByTestId("location-warnings")).toBeEmpty();
    await entry.click(page.getByTestId("save-incident"));

    await expect(page.getByTestId("incident-status")).toContainText("Draft");
    firstId = page.url().split("/").pop()!;
    console.log(`A realistic record took ${entry.interactions} interactions (${entry.characters} characters typed).`);
    test.info().annotations.push({ type: "interactions", description: `${entry.interactions} (${entry.characters} characters typed)` });
    expect(entry.interactions).toBeLessThanOrEqual(40);

    const [row] = await query<{ attack_type: string; claim_status: string; site: string; wounded_min: number; stated_at: string }>(`
      SELECT i.attack_type::text, i.claim_status::text, s.slug AS site, i.wounded_min, to_char(c.stated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS stated_at
      FROM incident i JOIN site s ON s.id = i.site_id JOIN incident_claim ic ON ic.incident_id = i.id JOIN claim c ON c.id = ic.claim_id
      WHERE i.id = $1`, [firstId]);
    expect(row).toEqual({ attack_type: "ROCKET", claim_status: "CLAIMED", site: AL_ASAD.slug, wounded_min: 3, stated_at: `${day} 00:00` });
    // The statement was entered as a day: it reads as the day, and its machine-readable date is the day too.
    const statedAt = page.getByTestId("claim-statement").locator("time");
    await expect(statedAt).toHaveText(day);
    await expect(statedAt).toHaveAttribute("datetime", day);
    // History speaks the form's words.
    await page.getByTestId("history-entry").getByText("Initial values").click();
    const history = page.getByTestId("incident-history");
    await expect(history.locator('[data-field="attackType"]')).toContainText("Rocket");
    await expect(history.locator('[data-field="site"]')).toContainText(AL_ASAD.name);
    await expect(history.locator('[data-field="confidence"]')).toContainText("Unverified");
  });

  test("new incident like this one: the salvo's next site in a few interactions", async ({ page }) => {
    expect(firstId, "runs after the realistic record").not.toBe("");
    await page.goto(`/incidents/${firstId}`);
    const entry = new EntryCounter();
    await entry.click(page.getByTestId("new-like-incident"));
    await expect(page.getByTestId("like-incident-note")).toContainText("Started from");

    // Copied: the when, the weapon, the claim and the source. Left empty: the where and the toll.
    await expect(page.getByRole("textbox", { name: "Date", exact: true })).toHaveValue(day);
    await expect(page.getByLabel("Weapon", { exact: true })).toHaveValue("ROCKET");
    await expect(page.getByLabel("Claim status")).toHaveValue("CLAIMED");
    await expect(page.getByLabel("Claiming group")).toHaveValue("Kata'ib Hezbollah");
    await expect(page.getByLabel("Web address")).toHaveValue("https://example.org/rockets-at-al-asad");
    await expect(page.getByLabel("Known site")).toHaveValue("");
    await expect(page.getByLabel("Latitude")).toHaveValue("");
    await expect(page.getByLabel("Killed, at least")).toHaveValue("");

    await entry.choose(page.getByLabel("Known site"), ERBIL.slug);
    await entry.choose(page.getByLabel("Outcome"), "INTERCEPTED");
    await entry.type(page.getByLabel("Killed, at least"), "0");
    await entry.type(page.getByLabel("Wounded, at least"), "0");
    await entry.click(page.getByTestId("save-incident"));
    await expect(page.getByTestId("incident-status")).toContainText("Draft");
    const secondId = page.url().split("/").pop()!;
    expect(secondId).not.toBe(firstId);
    console.log(`The salvo's next site took ${entry.interactions} interactions (${entry.characters} characters typed).`);
    test.info().annotations.push({ type: "interactions (like this one)", description: String(entry.interactions) });

    const rows = await query<{ id: string; site: string; occurred_on: string; attack_type: string; outcome: string; sources: number; claims: number }>(`
      SELECT i.id::text, s.slug AS site, to_char(i.occurred_on, 'YYYY-MM-DD') AS occurred_on, i.attack_type::text, i.outcome::text,
             (SELECT count(*)::int FROM source WHERE incident_id = i.id) AS sources, (SELECT count(*)::int FROM incident_claim WHERE incident_id = i.id) AS claims
      FROM incident i JOIN site s ON s.id = i.site_id WHERE i.id = $1`, [secondId]);
    expect(rows).toEqual([{ id: secondId, site: ERBIL.slug, occurred_on: day, attack_type: "ROCKET", outcome: "INTERCEPTED", sources: 1, claims: 1 }]);
  });
});

test.describe("the picker cannot misplace", () => {
  test.use({ role: "editor" });

  test("a map click outside the chosen country warns in words; the server asks before it saves such a point", async ({ page }) => {
    await page.goto("/incidents/new");
    await page.getByLabel("Country", { exact: true }).selectOption("JO");
    // The picker opens on 33.5° N, 41° E, in western Iraq: a click in its middle lands there.
    const map = pickerMap(page);
    await expect(map).toHaveAttribute("data-center", "33.5000,41.0000");
    const box = (await map.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect(page.getByLabel("Latitude")).toHaveValue(/^33\.(4|5)/);
    const warning = page.getByTestId("location-warning-country");
    await expect(warning).toContainText("This point is in Iraq; the country says Jordan.");

    // Saving anyway: the server refuses until the editor confirms; the summary names the country.
    await page.getByRole("textbox", { name: "Date", exact: true }).fill("2024-02-10");
    await page.getByRole("textbox", { name: "Place name", exact: true }).fill(`Misplaced ${Date.now()}`);
    await page.getByTestId("save-incident").click();
    await expect(page.getByTestId("error-summary")).toContainText("Country: This point is in Iraq; the country says Jordan. Correct the point or the country");

    // One click puts it right.
    await warning.getByRole("button", { name: "Set the country to Iraq" }).click();
    await expect(page.getByLabel("Country", { exact: true })).toHaveValue("IQ");
    await expect(page.getByTestId("location-warning-country")).toHaveCount(0);
  });

  test("the server re-checks the country whatever the form did, and takes a confirmed point", async ({ page }) => {
    const create = buildActions().get("createIncidentAction")!;
    const marker = `Outside its country ${Date.now()}`;
    const inIraq = incidentForm(marker, { country: "JO", lat: "33.5000", lon: "41.0000", admin1: "" });
    const refused = await callAction(page.request, create, inIraq);
    expect(refused.text).toContain("This point is in Iraq; the country says Jordan.");
    expect(refused.redirect).toBeNull();
    expect(await incidentByMarker(marker)).toBeUndefined();

    const confirmed = await callAction(page.request, create, { ...inIraq, confirmCountry: "on" });
    expect(confirmed.redirect).toMatch(/\/incidents\//);
    expect((await incidentByMarker(marker))?.status).toBe("DRAFT");
  });

  test("a typed point far from the chosen site warns with the distance; clearing the site says so", async ({ page }) => {
    await page.goto("/incidents/new");
    await page.getByLabel("Known site").selectOption(AL_ASAD.slug);
    await page.getByLabel("Latitude").fill("34.2000");
    // Due north of the site: the distance is the arc along the meridian, R × Δlatitude.
    const km = Math.round(((34.2 - AL_ASAD.lat) * Math.PI * 6371) / 180);
    const warning = page.getByTestId("location-warning-site");
    await expect(warning).toContainText(`This point is ${km} km from ${AL_ASAD.name}, the chosen site; with the precision “Exact site” it should be within 5 km.`);

    await warning.getByRole("button", { name: "Clear the site" }).click();
    await expect(page.getByLabel("Known site")).toHaveValue("");
    await expect(page.getByTestId("site-status")).toHaveText("Site cleared. The point, place name and country are kept: change them if the incident was elsewhere.");
    await expect(page.getByTestId("location-warning-site")).toHaveCount(0);
    await expect(page.getByLabel("Latitude")).toHaveValue("34.2000");
  });

  test("the claimant field shows which group an alias resolves to as it is typed", async ({ page }) => {
    await page.goto("/incidents/new");
    await page.getByTestId("add-claim").click();
    const group = page.getByLabel("Claiming group");
    const match = page.getByTestId("group-match-claims.0.group");
    await expect(group).toBeFocused();
    await group.pressSequentially("Kataib");
    await expect(match).toContainText("“Kataib” could be");
    await expect(match).toContainText("Kata'ib Hezbollah");
    await group.fill("Nujaba");
    await expect(match).toHaveText("Nujaba → Harakat Hezbollah al-Nujaba");
    await group.fill("Nobody at all");
    await expect(match).toHaveText("No group matches “Nobody at all”; choose one from the suggestions.");
  });
});
