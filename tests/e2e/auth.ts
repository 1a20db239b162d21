// Signed-in browser tests without tripping Better Auth's sign-in limit (5 a minute per address,
// and every browser test comes from 127.0.0.1). Each role's shared account signs in once per run;
// its cookies are saved as a Playwright storage state under test-results/ and reused:
//
//   test.use({ role: "editor" });                     // this file's `page` is signed in as an editor
//   const ctx = await browser.newContext({ storageState: await signedInAs("admin") }); // a second user
//
// The shared accounts must stay usable for the whole run: tests that deactivate, demote or sign
// out a user make their own with createAccount() and sign it in with signIn(context.request, …),
// which signs in that browser context (its API requests share the context's cookies).
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { type APIRequestContext, request as playwrightRequest } from "@playwright/test";
import { upsertUser } from "../../lib/accounts/users";
import type { Role } from "../../lib/permissions";
import { e2eDatabaseUrl, query } from "./database";
import { test as guarded } from "./fixtures";

export type { Role };

/** The app under test, as playwright.config.ts serves it. */
export const E2E_BASE_URL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`;
/** Test accounts only ever exist in the throwaway e2e database. */
export const E2E_PASSWORD = "e2e-password-not-a-secret";

const STATE_DIR = path.resolve(import.meta.dirname, "../../test-results/auth");

export type Account = { id: string; email: string; password: string; role: Role };

/** The shared account of a role: `e2e-editor@test.invalid` and so on. */
export function sharedAccount(role: Role): Omit<Account, "id"> {
  return { email: `e2e-${role}@test.invalid`, password: E2E_PASSWORD, role };
}

/** A new account of its own for a test that changes or ends it. */
export async function createAccount(role: Role, label: string = role): Promise<Account> {
  const account = { email: `e2e-${label}-${randomUUID().slice(0, 8)}@test.invalid`, password: E2E_PASSWORD, role };
  const { id } = await upsertUser(e2eDatabaseUrl(), account);
  return { id, ...account };
}

/** Browser tests are not testing the per-address limit; they empty its bucket before signing in. */
export async function resetSignInLimit(): Promise<void> {
  await query("DELETE FROM auth_rate_limit WHERE key LIKE '%/sign-in/email'");
}

/**
 * Signs in through Better Auth's endpoint, as the sign-in form does (with this site's Origin), and
 * leaves the session cookie in `request`. Throws unless sign-in succeeded.
 */
export async function signIn(request: APIRequestContext, account: { email: string; password: string }): Promise<void> {
  await resetSignInLimit();
  const response = await request.post(`${E2E_BASE_URL}/api/auth/sign-in/email`, {
    headers: { Origin: E2E_BASE_URL },
    data: { email: account.email, password: account.password },
  });
  if (!response.ok()) throw new Error(`Sign-in of ${account.email} failed: ${response.status()} ${await response.text()}`);
}

/** A signed-in storage state (cookies) for `account`, written to `file`. */
async function signedInState(account: { email: string; password: string }, file: string): Promise<string> {
  const request = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL });
  try {
    await signIn(request, account);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await request.storageState({ path: file });
    return file;
  } finally {
    await request.dispose();
  }
}

const states = new Map<Role, Promise<string>>();

/** The storage state of the role's shared account, signed in once per run (Playwright empties test-results/ at each start). */
export function signedInAs(role: Role): Promise<string> {
  let state = states.get(role);
  if (!state) {
    const file = path.join(STATE_DIR, `${role}.json`);
    state = fs.existsSync(file)
      ? Promise.resolve(file)
      : upsertUser(e2eDatabaseUrl(), sharedAccount(role)).then(() => signedInState(sharedAccount(role), file));
    states.set(role, state);
  }
  return state;
}

/** The project's `test` (console guard included) with `role`: the `page` is signed in as that role's shared account. */
export const test = guarded.extend<{ role: Role | null }>({
  role: [null, { option: true }],
  storageState: async ({ role, storageState }, provide) => {
    await provide(role ? await signedInAs(role) : storageState);
  },
});

export { expect } from "./fixtures";
