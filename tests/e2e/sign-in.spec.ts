import { E2E_BASE_URL, expect, resetSignInLimit, sharedAccount, signedInAs, test } from "./auth";

// Sign-in through the production server: a cross-site page cannot sign a visitor in (or out), and
// the form tells a person what went wrong without saying whether the account exists.

test.afterEach(resetSignInLimit);

test("a sign-in posted from another site, or with Origin null, is refused without a cookie", async ({ request }) => {
  await signedInAs("editor"); // makes sure the account exists
  const { email, password } = sharedAccount("editor");
  for (const origin of ["https://evil.example", "null"]) {
    const response = await request.post(`${E2E_BASE_URL}/api/auth/sign-in/email`, { headers: { Origin: origin }, data: { email, password } });
    expect(response.status(), origin).toBe(403);
    expect(response.headers()["set-cookie"]).toBeUndefined();
  }
});

test.describe("the sign-in form", () => {
  // A refused sign-in is a 401 on the sign-in request, which Chromium reports in the console.
  test.use({ allowedConsoleError: /Failed to load resource: the server responded with a status of 401/ });

  test("says 'wrong e-mail or password' for both a wrong password and an unknown account, then signs in and returns", async ({ page }) => {
    await signedInAs("editor");
    const { email, password } = sharedAccount("editor");
    await page.goto("/incidents/new");
    await expect(page).toHaveURL(/\/login\?next=%2Fincidents%2Fnew/);
    for (const [user, secret] of [[email, "not-the-password"], ["nobody@test.invalid", "not-the-password"]]) {
      await page.getByLabel("E-mail").fill(user!);
      await page.getByLabel("Password").fill(secret!);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByTestId("sign-in-error")).toHaveText("Wrong e-mail or password.");
    }
    await page.getByLabel("Password").fill(password);
    await page.getByLabel("E-mail").fill(email);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/incidents\/new$/);
    await expect(page.getByTestId("incident-form")).toBeVisible();
  });
});
