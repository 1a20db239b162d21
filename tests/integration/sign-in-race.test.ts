import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { upsertUser } from "@/lib/accounts/users";
import { getAuth } from "@/lib/auth/auth";
import { getPool } from "@/lib/db";
import { TEST_AUTH_URL, useAppDatabase } from "../helpers/auth-session";

// The per-account sign-in limit under a parallel attack with rotating X-Forwarded-For: each attempt
// is counted in one statement before its password is checked, so no more than the limit are ever
// checked, however many arrive at once. Browsers that signed in to the account before carry a
// signed known-device cookie and have a bucket of their own, so a stranger who exhausts the
// account's bucket cannot lock its owner (or an administrator) out of their usual browser.

const EMAIL = "target@test.invalid";
const PASSWORD = "the-right-password-123";
const LIMIT = 10;

function attempt(password: string, address: string, cookie?: string) {
  return getAuth().handler(new Request(`${TEST_AUTH_URL}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: TEST_AUTH_URL, "X-Forwarded-For": address, ...(cookie ? { Cookie: cookie } : {}) },
    body: JSON.stringify({ email: EMAIL, password }),
  }));
}

const deviceCookie = (response: Response) =>
  response.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.includes("known_device")) ?? null;

describe("sign-in limit under parallel guessing", () => {
  const db = useAppDatabase();
  let checks = 0;
  let wrong = 0;
  let restore: (() => void) | undefined;

  beforeAll(async () => {
    await upsertUser(db.url, { email: EMAIL, password: PASSWORD, role: "admin" });
    await upsertUser(db.url, { email: "other@test.invalid", password: PASSWORD, role: "viewer" });
    // Count every password that reaches Better Auth's check (the object is shared by all requests).
    const context = await getAuth().$context;
    const verify = context.password.verify;
    context.password.verify = async (input) => {
      checks++;
      const right = await verify(input);
      if (!right) wrong++;
      return right;
    };
    restore = () => (context.password.verify = verify);
  });
  afterAll(() => restore?.());
  beforeEach(async () => {
    await getPool().query("DELETE FROM auth_rate_limit");
    checks = 0;
    wrong = 0;
  });

  it("checks at most the limit of 100 parallel guesses (the right one last); a known browser still signs in", { timeout: 120_000 }, async () => {
    // The owner signed in from this browser last week: it holds a known-device cookie.
    const owner = await attempt(PASSWORD, "198.51.100.1");
    expect(owner.status).toBe(200);
    const known = deviceCookie(owner);
    await getPool().query("DELETE FROM auth_rate_limit");
    checks = 0;
    wrong = 0;

    const guesses = Array.from({ length: 100 }, (_, i) => (i === 99 ? PASSWORD : `wrong-password-${i}`));
    const statuses = (await Promise.all(guesses.map((p, i) => attempt(p, `10.${i >> 8}.${i & 255}.7`)))).map((r) => r.status);

    // At most the limit of wrong passwords is checked; a right one gives its slot back, which can
    // let one more guess be checked once the attacker is in anyway.
    expect(wrong).toBeLessThanOrEqual(LIMIT);
    expect(checks).toBeLessThanOrEqual(LIMIT + 1);
    expect(statuses.filter((s) => s === 401)).toHaveLength(wrong);
    expect(statuses.filter((s) => s !== 429)).toHaveLength(checks);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(100 - LIMIT);
    const { rows } = await getPool().query("SELECT count FROM auth_rate_limit WHERE key = $1", [`account|${EMAIL}`]);
    expect(rows[0]?.count).toBe(100 - (checks - wrong));
    expect(known).not.toBeNull();

    // A browser that never signed in to this account waits for the window, even with the password…
    checks = 0;
    wrong = 0;
    const stranger = await attempt(PASSWORD, "203.0.113.5");
    expect(stranger.status).toBe(429);
    expect(stranger.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(checks).toBe(0);
    // …but the owner's browser signs in at once, and other accounts are untouched.
    expect((await attempt(PASSWORD, "203.0.113.6", known!)).status).toBe(200);
    expect((await getAuth().handler(new Request(`${TEST_AUTH_URL}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: TEST_AUTH_URL, "X-Forwarded-For": "203.0.113.7" },
      body: JSON.stringify({ email: "other@test.invalid", password: PASSWORD }),
    }))).status).toBe(200);

    // Once the 15-minute window has passed, a new browser signs in again.
    await getPool().query("UPDATE auth_rate_limit SET last_request = last_request - 15 * 60 * 1000 WHERE key = $1", [`account|${EMAIL}`]);
    expect((await attempt(PASSWORD, "203.0.113.8")).status).toBe(200);
  });

  it("limits a known browser too, in its own bucket, and never lets another account's cookie in", { timeout: 60_000 }, async () => {
    const owner = await attempt(PASSWORD, "198.51.100.1");
    const known = deviceCookie(owner)!;
    await getPool().query("DELETE FROM auth_rate_limit");
    checks = 0;
    wrong = 0;

    const statuses = (await Promise.all(Array.from({ length: 30 }, (_, i) => attempt(`wrong-password-${i}`, `10.1.0.${i}`, known)))).map((r) => r.status);
    expect(checks).toBe(LIMIT);
    expect(statuses.filter((s) => s === 401)).toHaveLength(LIMIT);
    // The account's own bucket was not touched: a new browser still signs in.
    expect((await attempt(PASSWORD, "10.2.0.1")).status).toBe(200);

    // A cookie from another account, or a forged one, counts as a new browser.
    const other = await getAuth().handler(new Request(`${TEST_AUTH_URL}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: TEST_AUTH_URL, "X-Forwarded-For": "10.3.0.1" },
      body: JSON.stringify({ email: "other@test.invalid", password: PASSWORD }),
    }));
    const otherCookie = deviceCookie(other)!;
    await getPool().query("DELETE FROM auth_rate_limit");
    const forged = `${known.split("=")[0]}=${encodeURIComponent(`${EMAIL}.forged`)}`;
    for (const cookie of [otherCookie, forged]) {
      await getPool().query("DELETE FROM auth_rate_limit");
      for (let i = 0; i < LIMIT; i++) expect((await attempt(`wrong-password-${i}`, `10.4.${i}.1`, cookie)).status).toBe(401);
      expect((await attempt(PASSWORD, "10.4.99.1", cookie)).status).toBe(429);
    }
  });
});
