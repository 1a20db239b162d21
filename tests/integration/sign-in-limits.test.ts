import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { upsertUser } from "@/lib/accounts/users";
import { getAuth } from "@/lib/auth/auth";
import { getPool } from "@/lib/db";
import { TEST_AUTH_URL, useAppDatabase } from "../helpers/auth-session";

// Sign-in throttling as Better Auth's endpoint applies it, state kept in the database: five tries a
// minute per client address, and ten checked attempts in 15 minutes per account whatever the
// address (so rotating X-Forwarded-For does not help against one account); parallel attempts and
// the known-browser bucket are in sign-in-race.test.ts. Origin checks are tested against
// the production server (tests/e2e/sign-in.spec.ts): Better Auth skips them when NODE_ENV=test.

const PASSWORD = "a-long-enough-password";

function attempt(email: string, password: string, address: string) {
  return getAuth().handler(new Request(`${TEST_AUTH_URL}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: TEST_AUTH_URL, "X-Forwarded-For": address },
    body: JSON.stringify({ email, password }),
  }));
}

describe("sign-in limits", () => {
  const db = useAppDatabase();
  beforeAll(async () => {
    await upsertUser(db.url, { email: "limited@test.invalid", password: PASSWORD, role: "editor" });
    await upsertUser(db.url, { email: "other@test.invalid", password: PASSWORD, role: "viewer" });
  });
  beforeEach(async () => {
    await getPool().query("DELETE FROM auth_rate_limit");
  });

  it("allows five attempts a minute from one address, then answers 429 even with the right password", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt("limited@test.invalid", "wrong-password-123", "203.0.113.7")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect((await attempt("limited@test.invalid", PASSWORD, "203.0.113.7")).status).toBe(429);
    // Another address is not affected by that bucket.
    expect((await attempt("other@test.invalid", PASSWORD, "198.51.100.9")).status).toBe(200);
  });

  it("checks at most ten wrong passwords per account in 15 minutes from rotating addresses; user:create clears the count", async () => {
    // Every attempt counts before its password is checked; a right password gives its slot back.
    for (let i = 0; i < 9; i++) expect((await attempt("limited@test.invalid", "wrong-password-123", `192.0.2.${i + 1}`)).status).toBe(401);
    expect((await attempt("limited@test.invalid", PASSWORD, "192.0.2.50")).status).toBe(200);
    expect((await attempt("limited@test.invalid", "wrong-password-123", "192.0.2.51")).status).toBe(401);
    const locked = await attempt("limited@test.invalid", PASSWORD, "192.0.2.200");
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain("Too many sign-in attempts for this account");
    // Other accounts still sign in.
    expect((await attempt("other@test.invalid", PASSWORD, "192.0.2.201")).status).toBe(200);

    // An administrator's `npm run user:create` (a new password) lifts the wait at once.
    await upsertUser(db.url, { email: "limited@test.invalid", password: PASSWORD, role: "editor" });
    const { rows } = await getPool().query("SELECT 1 FROM auth_rate_limit WHERE key = 'account|limited@test.invalid'");
    expect(rows).toHaveLength(0);
    expect((await attempt("limited@test.invalid", PASSWORD, "192.0.2.202")).status).toBe(200);
  });

  it("keeps e-mail case from making a second bucket: the account key is lower-case", async () => {
    for (let i = 0; i < 10; i++) await attempt(i % 2 ? "LIMITED@test.invalid" : "limited@TEST.invalid", "wrong-password-123", `192.0.2.${i + 1}`);
    expect((await attempt("limited@test.invalid", PASSWORD, "192.0.2.99")).status).toBe(429);
  });
});
