import "server-only";
import { APIError } from "better-auth/api";
import { getPool } from "@/lib/db";

// Per-account sign-in limit, on top of Better Auth's per-address one (which a client defeats by
// rotating X-Forwarded-For under a bare `next start`).
//
// Policy: every sign-in attempt for an account takes a slot, in one statement, before its password
// is checked, and a correct password gives its slot back; so at most 10 wrong passwords are
// checked per account in a fixed 15-minute window, however many arrive at once, and the rest get
// 429 without a check. A browser that has signed in to the account
// before holds a signed known-device cookie (lib/auth/known-device.ts) and is counted in a bucket
// of its own (also 10 per 15 minutes), so a stranger who exhausts the account's bucket delays only
// sign-ins from new browsers, and only until the window ends: the owner, an administrator included,
// still signs in from their usual browser, and `npm run user:create` clears the account's bucket.

export const SIGN_IN_LIMIT = 10;
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

export const accountThrottleKey = (email: string) => `account|${email}`;
const deviceThrottleKey = (email: string, device: string) => `device|${device}|${email}`;
const throttleKey = (email: string, knownDevice: string | null) => (knownDevice ? deviceThrottleKey(email, knownDevice) : accountThrottleKey(email));

/**
 * Counts this attempt (for the account, or for the known browser when it has one) and refuses it
 * with 429 when it is over the limit. One statement, so parallel attempts each get their own count.
 */
export async function countSignInAttempt(email: string, knownDevice: string | null): Promise<void> {
  if (!email) return;
  const key = throttleKey(email, knownDevice);
  const now = Date.now();
  // last_request holds the start of the current window; a new one starts once it has passed.
  const { rows } = await getPool().query<{ count: number; window_start: string }>(
    `INSERT INTO auth_rate_limit (id, key, count, last_request) VALUES (gen_random_uuid()::text, $1, 1, $2)
     ON CONFLICT (key) DO UPDATE SET
       count = CASE WHEN auth_rate_limit.last_request <= $3 THEN 1 ELSE auth_rate_limit.count + 1 END,
       last_request = CASE WHEN auth_rate_limit.last_request <= $3 THEN $2 ELSE auth_rate_limit.last_request END
     RETURNING count, last_request AS window_start`,
    [key, now, now - SIGN_IN_WINDOW_MS],
  );
  const row = rows[0]!;
  if (row.count <= SIGN_IN_LIMIT) return;
  const retryAfter = Math.max(1, Math.ceil((Number(row.window_start) + SIGN_IN_WINDOW_MS - now) / 1000));
  const wait = `Try again in ${Math.ceil(retryAfter / 60)} minutes`;
  const message = knownDevice
    ? `Too many sign-in attempts from this browser. ${wait}.`
    : `Too many sign-in attempts for this account. ${wait}, or from a browser you have signed in with before.`;
  throw new APIError("TOO_MANY_REQUESTS", { message }, { "Retry-After": String(retryAfter) });
}

/** After a correct password: the attempt gives its slot back, so only wrong passwords use up the limit. */
export async function releaseSignInAttempt(email: string, knownDevice: string | null): Promise<void> {
  if (!email) return;
  await getPool().query("UPDATE auth_rate_limit SET count = count - 1 WHERE key = $1 AND count > 0", [throttleKey(email, knownDevice)]);
}
