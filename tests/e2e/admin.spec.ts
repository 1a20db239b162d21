import type { Browser, BrowserContext, Page } from "@playwright/test";
import { createAccount, E2E_BASE_URL, expect, resetSignInLimit, signedInAs, signIn, test } from "./auth";
import { query } from "./database";

// Accounts and roles in the browser: the admin page's changes reach the affected user on their very
// next request, deactivation and sign-out end sessions for good, and only administrators get in.

/** A second signed-in user beside the test's own page (an administrator, by default). */
async function adminPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: E2E_BASE_URL, storageState: await signedInAs("admin") });
  const page = await context.newPage();
  await page.goto("/admin/users");
  return { context, page };
}

const userRow = (page: Page, email: string) => page.locator(`[data-testid="user-row"][data-email="${email}"]`);

test.describe("a role change", () => {
  test("reaches the user's next page load: a viewer made editor sees the editor's links", async ({ page: viewerPage, context, browser }) => {
    const viewer = await createAccount("viewer", "promoted");
    await signIn(context.request, viewer);
    await viewerPage.goto("/incidents");
    await expect(viewerPage.getByTestId("signed-in-as")).toHaveText(`${viewer.email} (viewer)`);
    await expect(viewerPage.getByRole("link", { name: "New incident" })).toHaveCount(0);

    const admin = await adminPage(browser);
    const row = userRow(admin.page, viewer.email);
    await row.getByTestId("role-select").selectOption("editor");
    await row.getByPlaceholder(/Reason/).fill("joins the editing desk");
    await row.getByTestId("change-role").click();
    await expect(row.getByTestId("user-message")).toHaveText("Role changed to editor.");
    await expect(row.getByTestId("role-select")).toHaveValue("editor");
    await admin.context.close();

    await viewerPage.reload();
    await expect(viewerPage.getByTestId("signed-in-as")).toHaveText(`${viewer.email} (editor)`);
    await expect(viewerPage.getByRole("link", { name: "New incident" })).toBeVisible();
    await expect(viewerPage.getByRole("link", { name: "Review" })).toBeVisible();

    const audit = await query<{ actor_label: string; before: unknown; after: unknown; reason: string }>(
      "SELECT actor_label, before, after, reason FROM audit_entry WHERE entity_type = 'user' AND entity_id = $1",
      [viewer.id],
    );
    expect(audit).toEqual([{ actor_label: "e2e-admin@test.invalid", before: { role: "viewer", banned: false }, after: { role: "editor", banned: false }, reason: "joins the editing desk" }]);
  });

  test("an administrator cannot demote themselves, and is told why", async ({ browser }) => {
    const admin = await adminPage(browser);
    const row = userRow(admin.page, "e2e-admin@test.invalid");
    await expect(row).toContainText("(you)");
    await row.getByTestId("role-select").selectOption("viewer");
    await row.getByTestId("change-role").click();
    await expect(row.getByTestId("user-message")).toHaveText("You cannot demote or deactivate your own account: another administrator has to.");
    await row.getByTestId("deactivate").click();
    await expect(row.getByTestId("user-message")).toHaveText("You cannot demote or deactivate your own account: another administrator has to.");
    await admin.page.reload();
    await expect(userRow(admin.page, "e2e-admin@test.invalid").getByTestId("role-select")).toHaveValue("admin");
    await admin.context.close();
  });
});

test.describe("deactivation", () => {
  // The refused sign-in is a 403 on the sign-in request, which Chromium reports in the console.
  test.use({ allowedConsoleError: /Failed to load resource: the server responded with a status of 403/ });

  test("signs a signed-in user out on their next request and refuses their sign-in", async ({ page: userPage, context, browser }) => {
    const user = await createAccount("viewer", "deactivated");
    await signIn(context.request, user);
    await userPage.goto("/");
    await expect(userPage.getByTestId("signed-in-as")).toHaveText(`${user.email} (viewer)`);

    const admin = await adminPage(browser);
    const row = userRow(admin.page, user.email);
    await row.getByTestId("deactivate").click();
    await expect(row.getByTestId("user-message")).toHaveText("Account deactivated: the user is signed out everywhere.");
    await expect(row.getByTestId("user-status")).toHaveText("Deactivated");
    await expect(row.getByTestId("reactivate")).toBeVisible();

    await userPage.reload();
    await expect(userPage.getByRole("link", { name: "Sign in" })).toBeVisible();
    await expect(userPage.getByTestId("signed-in-as")).toHaveCount(0);
    expect(await (await context.request.get("/api/auth/get-session")).json()).toBeNull();
    await admin.context.close();

    await resetSignInLimit();
    await userPage.goto("/login");
    await userPage.getByLabel("E-mail").fill(user.email);
    await userPage.getByLabel("Password").fill(user.password);
    await userPage.getByRole("button", { name: "Sign in" }).click();
    await expect(userPage.getByTestId("sign-in-error")).toHaveText("This account is deactivated.");
  });
});

test.describe("a viewer", () => {
  test.use({ role: "viewer", allowedConsoleError: /Failed to load resource: the server responded with a status of 403/ });

  test("is refused the users page with 403, and has no link to it", async ({ page }) => {
    const response = await page.goto("/admin/users");
    expect(response?.status()).toBe(403);
    await expect(page.getByTestId("forbidden-page")).toBeVisible();
    await expect(page.getByTestId("user-table")).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
  });
});

test("a signed-out visitor asking for the users page is sent to sign in first", async ({ page }) => {
  await page.goto("/admin/users");
  expect(new URL(page.url()).pathname).toBe("/login");
  expect(new URL(page.url()).searchParams.get("next")).toBe("/admin/users");
  await expect(page.getByTestId("sign-in-form")).toBeVisible();
});

test("sign-out ends the session: replaying the old cookie is signed out", async ({ page, context }) => {
  const viewer = await createAccount("viewer", "signout");
  await resetSignInLimit();
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(viewer.email);
  await page.getByLabel("Password").fill(viewer.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(`${viewer.email} (viewer)`);
  const [cookie] = (await context.cookies()).filter((c) => c.name.endsWith("session_token"));
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");

  await page.getByTestId("sign-out").click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  expect(await query("SELECT 1 FROM auth_session WHERE user_id = $1", [viewer.id])).toEqual([]);

  await context.addCookies([cookie!]); // an attacker who copied the cookie before sign-out
  const replay = await context.request.get("/api/auth/get-session");
  expect(await replay.json()).toBeNull();
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
});

test("pages carry a nonce-based Content-Security-Policy and the other security headers", async ({ page, request }) => {
  const response = await page.goto("/");
  const headers = response!.headers();
  const policy = headers["content-security-policy"]!;
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
  expect(nonce).toBeTruthy();
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("base-uri 'self'");
  expect(policy).toContain("form-action 'self'");
  expect(policy).not.toContain("unsafe-eval");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["permissions-policy"]).toContain("camera=()");

  // Next put this request's nonce on every script it sent; the map's lazy code, loaded by those
  // scripts ('strict-dynamic'), runs too.
  const scriptTags = (await response!.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scriptTags.length).toBeGreaterThan(0);
  for (const tag of scriptTags) expect(tag).toContain(`nonce="${nonce}"`);
  await expect(page.getByTestId("incident-map")).toHaveAttribute("data-state", "ready");

  const again = (await request.get("/")).headers()["content-security-policy"];
  expect(again).not.toContain(nonce); // a fresh nonce per response
  const api = await request.get("/api/groups");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  expect(api.headers()["x-frame-options"]).toBe("DENY");
});
