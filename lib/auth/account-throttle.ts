import "server-only";
import { APIError } from "better-auth/api";
import { getDb } from "@/lib/db";

// Better Auth limits sign-in per client address. Under a bare `next start` the address comes from
// X-Forwarded-For, which a client can rotate, so we also limit failed sign-ins per account: after
// 10 failures in 15 minutes that account refuses sign-in until the window has passed.
const MAX_FAILURES = 10;
const WINDOW_MS = 15 * 60 * 1000;

const keyFor = (email: string) => `account|${email}`;

export async function checkAccountThrottle(email: string): Promise<void> {
  if (!email) return;
  const row = await getDb().rateLimit.findUnique({ where: { key: keyFor(email) } });
  if (row && row.count >= MAX_FAILURES && Date.now() - Number(row.lastRequest) < WINDOW_MS) {
    throw new APIError("TOO_MANY_REQUESTS", { message: "Too many failed sign-ins for this account. Try again in 15 minutes." });
  }
}

export async function recordSignInResult(email: string, result: "failed" | "succeeded" | "other"): Promise<void> {
  if (!email || result === "other") return;
  const key = keyFor(email);
  if (result === "succeeded") {
    await getDb().rateLimit.deleteMany({ where: { key } });
    return;
  }
  // One statement, so parallel failures all count: a new window starts when the last one has expired.
  const now = Date.now();
  await getDb().$executeRaw`
    INSERT INTO auth_rate_limit (id, key, count, last_request) VALUES (gen_random_uuid()::text, ${key}, 1, ${now})
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN auth_rate_limit.last_request < ${now - WINDOW_MS} THEN 1 ELSE auth_rate_limit.count + 1 END,
      last_request = ${now}`;
}
