import { test as base, expect } from "@playwright/test";

/**
 * The project's `test`: any console error or uncaught exception in the page fails the test, so a
 * broken hydration or a failing request cannot hide behind a passing assertion. A test that
 * expects errors (e.g. the database outage) says which in `allowedConsoleError`.
 */
export const test = base.extend<{ allowedConsoleError: RegExp | null; consoleGuard: void }>({
  allowedConsoleError: [null, { option: true }],
  consoleGuard: [
    async ({ page, allowedConsoleError }, use) => {
      const errors: string[] = [];
      // Chromium's "Failed to load resource" names no address: keep the failed ones to say which.
      const failed: string[] = [];
      page.on("response", (response) => {
        if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
      });
      page.on("console", (message) => {
        if (message.type() === "error" && !allowedConsoleError?.test(message.text())) errors.push(message.text());
      });
      page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
      await use();
      expect(errors, `console errors in the page (failed responses: ${failed.join(", ") || "none"})`).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
