import { type APIRequestContext, request as playwrightRequest } from "@playwright/test";
import { buildActions, callAction, databaseFingerprint, incidentByMarker, incidentForm } from "./actions";
import { createAccount, E2E_BASE_URL, expect, resetSignInLimit, sharedAccount, signedInAs, test } from "./auth";
import { query } from "./database";

// The hostile inputs of the project's security test plan that reach the incident form, sent
// straight to the server actions as an editor (bypassing the browser's own checks): each one gets
// a specific message and writes nothing.

const futureDay = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);

/** [what, fields to change (or pairs to append), the message the editor must see] */
const HOSTILE: Array<[string, Record<string, string> | [string, string][], string]> = [
  ["negative casualties", { killedMin: "-1" }, "Enter a whole number (0 or more)"],
  ["fractional casualties", { killedMin: "3.5" }, "Enter a whole number (0 or more)"],
  ["huge casualties", { killedMax: "2147483648" }, "At most 10,000; check the figure."],
  ["NaN casualties", { woundedMin: "NaN" }, "Enter a whole number (0 or more)"],
  ["1e309 casualties", { woundedMax: "1e309" }, "Enter a whole number (0 or more)"],
  ["hex casualties", { killedMin: "0x10" }, "Enter a whole number (0 or more)"],
  ["full-width digits", { killedMin: "５" }, "Enter a whole number (0 or more)"],
  ["min above max", { killedMin: "5", killedMax: "2" }, "The highest figure is below the lowest."],
  ["latitude out of range", { lat: "90.0001" }, "Enter a latitude from -90 to 90"],
  ["longitude out of range", { lon: "-180.5" }, "Enter a longitude from -180 to 180"],
  ["impossible date", { occurredOn: "2026-02-30" }, "Enter a real date as YYYY-MM-DD."],
  ["future date", { occurredOn: futureDay }, "The date is in the future."],
  ["date with a time-zone offset", { occurredOn: "2024-03-05T23:30:00-05:00" }, "Enter a real date as YYYY-MM-DD."],
  ["script tag", { notes: "<script>alert(1)</script>" }, "contains HTML tags; write plain text."],
  ["img onerror", { locationName: '<img src=x onerror="alert(1)">' }, "contains HTML tags; write plain text."],
  ["javascript: URL", { "sources.0.url": "javascript:alert(1)" }, "Only http and https addresses are allowed."],
  ["internal address URL", { "sources.0.url": "http://169.254.169.254/latest/meta-data" }, "This is a private or local address"],
  ["NUL byte", { notes: "before\u0000after" }, "contains control characters"],
  ["right-to-left override", { locationName: "Base\u202Etxt.exe" }, "invisible direction-override characters"],
  ["mass-assigned role", [["role", "admin"]], "Unexpected field: role."],
  ["mass-assigned version on create", [["version", "7"]], "Unexpected field"],
  ["mass-assigned createdById", [["createdById", "someone-else"]], "Unexpected field"],
  ["mass-assigned status", [["status", "PUBLISHED"]], "Unexpected field"],
  ["__proto__ key", [["__proto__", "x"]], "Unexpected field"],
  ["unknown site", { site: "no-such-site" }, "Unknown site; choose one from the list."],
  ["unknown claimant", { claimStatus: "CLAIMED", "claims.0.id": "", "claims.0.group": "no-such-group", "claims.0.statedOn": "2024-03-05",
    "claims.0.channel": "", "claims.0.url": "", "claims.0.text": "" }, "Unknown group; choose one from the list."],
  ["an array where one value is expected", [["killedMin", "1"]], "This field was sent more than once."],
  ["an unknown code", { attackType: "NUKE" }, "Choose the weapon."],
  ["a thirteenth month", { occurredOn: "2024-13-01" }, "Enter a real date as YYYY-MM-DD."],
  ["month zero", { occurredOn: "2024-00-10" }, "Enter a real date as YYYY-MM-DD."],
  ["December 32nd", { occurredOn: "2024-12-32" }, "Enter a real date as YYYY-MM-DD."],
  ["an impossible source date", { "sources.0.publishedOn": "2024-13-01" }, "Enter a real date as YYYY-MM-DD."],
  ["an inherited key as country", { country: "constructor" }, "Choose a country"],
  ["__proto__ as country", { country: "__proto__" }, "Choose a country"],
];

test.describe("hostile input to the incident actions", () => {
  let editor: APIRequestContext;
  const actions = buildActions();
  test.beforeAll(async () => {
    editor = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL, storageState: await signedInAs("editor") });
  });
  test.afterAll(() => editor.dispose());

  for (const [what, change, message] of HOSTILE) {
    test(`${what}: refused with a specific message, nothing written`, async () => {
      const name = `hostile ${what} ${Date.now()}`;
      const base = incidentForm(name);
      const fields: [string, string][] = Array.isArray(change)
        ? [...Object.entries(base), ...change]
        : Object.entries({ ...base, ...change });
      const before = await databaseFingerprint();
      const response = await callAction(editor, actions.get("createIncidentAction")!, fields);
      expect(response.status).toBe(200);
      expect(response.text).toContain(message);
      expect(await databaseFingerprint()).toBe(before);
    });
  }

  test("an edit of a malformed or unknown id is refused, nothing written", async () => {
    const update = actions.get("updateIncidentAction")!;
    const before = await databaseFingerprint();
    const malformed = await callAction(editor, update, { ...incidentForm("x"), id: "1 OR 1=1", version: "1" });
    expect(malformed.text).toContain("Unknown incident.");
    const unknown = await callAction(editor, update, { ...incidentForm("x"), id: "0190a0a0-0000-7000-8000-000000000000", version: "1" });
    expect(unknown.text).toContain("This incident does not exist");
    expect(await databaseFingerprint()).toBe(before);
  });

  test("an oversized body is refused before the action runs, nothing written", async () => {
    const before = await databaseFingerprint();
    const response = await callAction(editor, actions.get("createIncidentAction")!, incidentForm("oversized", { notes: "a".repeat(2_000_000) }));
    expect(response.status).toBe(413);
    expect(response.text).toBe("The request is larger than 256 kB.");
    expect(await databaseFingerprint()).toBe(before);
  });

  test("SQL in text is stored as the words typed, and the page shows it as text", async ({ page }) => {
    const name = `O'Brien's post'; DROP TABLE incident;-- ${Date.now()}`;
    await callAction(editor, actions.get("createIncidentAction")!, incidentForm(name, { notes: "1' OR '1'='1" }));
    const created = await incidentByMarker(name);
    expect(created).toBeDefined();
    const [row] = await query<{ notes: string }>("SELECT notes FROM incident WHERE id = $1", [created!.id]);
    expect(row!.notes).toBe("1' OR '1'='1");
    await page.context().addCookies((await editor.storageState()).cookies);
    await page.goto(`/incidents/${created!.id}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("O'Brien's post'; DROP TABLE incident;--");
  });
});

// The outside attack test's findings that reach pages and routes rather than the incident form.

/** Return paths that browsers would follow off the site, or that cannot go in a Location header. */
const HOSTILE_NEXT = ["/%09/evil.example", "/%09%5Cevil.example", "/%5Cevil.example", "//evil.example", "/.//evil.example", "/%0a/evil.example", "/%0d/evil.example", "/%00/evil.example"];

test.describe("the return path after sign-in", () => {
  test.afterEach(resetSignInLimit);

  test("a signed-in visitor to /login with a hostile next is sent home, never off the site and never a 500", async () => {
    const editor = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL, storageState: await signedInAs("editor") });
    try {
      for (const next of HOSTILE_NEXT) {
        const response = await editor.get(`/login?next=${next}`, { maxRedirects: 0 });
        expect(response.status(), next).toBe(307);
        expect(response.headers().location, next).toMatch(/^(http:\/\/127\.0\.0\.1:\d+)?\/$/);
      }
      const kept = await editor.get("/login?next=%2Fincidents%3Fcountry%3DIQ", { maxRedirects: 0 });
      expect(kept.headers().location).toMatch(/\/incidents\?country=IQ$/);
    } finally {
      await editor.dispose();
    }
  });

  test("a signed-out visitor gets the sign-in form whatever next holds", async ({ request }) => {
    for (const next of HOSTILE_NEXT) {
      const response = await request.get(`/login?next=${next}`, { maxRedirects: 0 });
      expect(response.status(), next).toBe(200);
      expect(await response.text(), next).toContain('data-testid="sign-in-form"');
    }
  });

  test("signing in through the form from /login?next=/%09/evil.example lands on our home page", async ({ page }) => {
    await signedInAs("editor"); // makes sure the account exists
    const { email, password } = sharedAccount("editor");
    await page.goto("/login?next=/%09/evil.example");
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${E2E_BASE_URL}/`);
  });
});

test.describe("hostile read parameters on pages: dropped and named, never a 500", () => {
  const notices = (page: import("@playwright/test").Page) => page.getByTestId("filter-notices");
  const cursorOf = (value: unknown) => Buffer.from(JSON.stringify([value, "0190a0a0-0000-7000-8000-000000000000"])).toString("base64url");

  for (const sort of ["constructor", "__proto__", "toString"]) {
    test(`/incidents?sort=${sort}`, async ({ page }) => {
      const response = await page.goto(`/incidents?sort=${sort}`);
      expect(response?.status()).toBe(200);
      await expect(notices(page)).toContainText("sort must be one of date_desc");
    });
  }

  for (const [path, message] of [
    ["/incidents?from=0000-01-01", "from is before 1900-01-01"],
    ["/incidents?to=0000-01-01", "to is before 1900-01-01"],
    ["/?from=0000-01-01", "from is before 1900-01-01"],
    ["/?to=0000-01-01", "to is before 1900-01-01"],
    [`/incidents?cursor=${cursorOf("zzz")}`, "cursor is not valid"],
    [`/incidents?sort=killed_desc&cursor=${cursorOf("2024-01-05")}`, "cursor is not valid"],
  ] as const) {
    test(path, async ({ page }) => {
      const response = await page.goto(path);
      expect(response?.status()).toBe(200);
      await expect(notices(page)).toContainText(message);
    });
  }
});

test.describe("hostile ids and account text", () => {
  test("a 36-character batch id that is not a UUID is a 404 on the preview page and the import routes", async () => {
    const editor = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL, storageState: await signedInAs("editor") });
    try {
      for (const batchId of ["000000000000000000000000000000000000", "------------------------------------"]) {
        expect((await editor.get(`/import/${batchId}`)).status(), batchId).toBe(404);
        const headers = { Origin: E2E_BASE_URL };
        expect((await editor.delete(`/api/import/${batchId}`, { headers })).status(), batchId).toBe(404);
        expect((await editor.post(`/api/import/${batchId}/commit`, { headers, data: { status: "DRAFT" } })).status(), batchId).toBe(404);
      }
    } finally {
      await editor.dispose();
    }
  });

  test("an admin reason holding a NUL byte gets the reason's message, nothing written", async () => {
    const admin = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL, storageState: await signedInAs("admin") });
    try {
      const target = await createAccount("viewer", "nul-reason");
      const before = await databaseFingerprint();
      const response = await callAction(admin, buildActions().get("updateUserAccessAction")!, { userId: target.id, intent: "deactivate", reason: "left\u0000the desk" });
      expect(response.status).toBe(200);
      expect(response.text).toContain("The reason must be plain text: remove control characters.");
      expect(await databaseFingerprint()).toBe(before);
    } finally {
      await admin.dispose();
    }
  });
});
