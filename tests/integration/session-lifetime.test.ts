import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { upsertUser } from "@/lib/accounts/users";
import { getAuth } from "@/lib/auth/auth";
import { ANONYMOUS, actorFromHeaders } from "@/lib/auth/guards";
import { getPool } from "@/lib/db";
import { signIn, TEST_AUTH_URL, useAppDatabase } from "../helpers/auth-session";

// Sessions against the real database: a password change (Better Auth's change-password, whatever
// the client asks, or an administrator's reset through user:create) ends every other session of the
// account, and a session ends 12 hours after sign-in however busy it is.

const EMAIL = "worker@test.invalid";
const PASSWORD = "first-password-123";
const HOUR = 60 * 60 * 1000;

const signedIn = async (cookie: string) => (await actorFromHeaders(new Headers({ cookie }))).userId;
const sessionCount = async (id: string) =>
  Number((await getPool().query("SELECT count(*) AS n FROM auth_session WHERE user_id = $1", [id])).rows[0].n);

describe("session lifetime", () => {
  const db = useAppDatabase();
  let id = "";
  beforeEach(async () => {
    ({ id } = await upsertUser(db.url, { email: EMAIL, password: PASSWORD, role: "editor" }));
    await getPool().query("DELETE FROM auth_rate_limit");
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("change-password ends every other session, even when the client asks to keep them", async () => {
    const laptop = (await signIn(EMAIL, PASSWORD)).cookie!;
    const phone = (await signIn(EMAIL, PASSWORD)).cookie!;
    expect(await signedIn(phone)).toBe(id);

    const response = await getAuth().handler(new Request(`${TEST_AUTH_URL}/api/auth/change-password`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: TEST_AUTH_URL, Cookie: laptop },
      body: JSON.stringify({ currentPassword: PASSWORD, newPassword: "second-password-456", revokeOtherSessions: false }),
    }));
    expect(response.status).toBe(200);

    expect(await actorFromHeaders(new Headers({ cookie: phone }))).toEqual(ANONYMOUS);
    expect(await sessionCount(id)).toBe(1);
    // The browser that changed it carries on with the new session it was given.
    const renewed = response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    expect(await signedIn(renewed)).toBe(id);
    expect((await signIn(EMAIL, PASSWORD)).status).toBe(401);
    expect((await signIn(EMAIL, "second-password-456")).status).toBe(200);
  });

  it("an administrator's reset through user:create ends every session of the account", async () => {
    const first = (await signIn(EMAIL, PASSWORD)).cookie!;
    const second = (await signIn(EMAIL, PASSWORD)).cookie!;
    await upsertUser(db.url, { email: EMAIL, password: "reset-by-admin-789", role: "editor" });
    for (const cookie of [first, second]) expect(await actorFromHeaders(new Headers({ cookie }))).toEqual(ANONYMOUS);
    expect(await sessionCount(id)).toBe(0);
    expect((await signIn(EMAIL, "reset-by-admin-789")).status).toBe(200);
  });

  it("ends a session 12 hours after sign-in, however often it is used", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = new Date("2026-03-02T08:00:00Z");
    vi.setSystemTime(start);
    const { cookie } = await signIn(EMAIL, PASSWORD);

    // Used every two hours through the day: each use is seen, none moves the end.
    for (let hours = 2; hours <= 11; hours += 2) {
      vi.setSystemTime(start.getTime() + hours * HOUR);
      expect(await signedIn(cookie!)).toBe(id);
    }
    const { rows } = await getPool().query("SELECT expires_at FROM auth_session WHERE user_id = $1", [id]);
    expect(rows.map((r: { expires_at: Date }) => r.expires_at.getTime())).toEqual([start.getTime() + 12 * HOUR]);

    vi.setSystemTime(start.getTime() + 12 * HOUR - 60_000);
    expect(await signedIn(cookie!)).toBe(id);
    vi.setSystemTime(start.getTime() + 12 * HOUR + 60_000);
    expect(await actorFromHeaders(new Headers({ cookie: cookie! }))).toEqual(ANONYMOUS);
  });
});
