import "server-only";
import { randomUUID } from "node:crypto";
import type { createAuthMiddleware } from "better-auth/api";

// A browser that has signed in to an account gets a signed cookie naming that account and a random
// device id, kept for 90 days across sign-outs. Its later sign-ins to the same account are limited
// in a bucket of their own (lib/auth/account-throttle.ts), so strangers cannot lock it out. The
// cookie proves nothing else: the password is still checked every time.

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

const COOKIE = "known_device";
const MAX_AGE_S = 90 * 24 * 60 * 60;

type Device = { email: string; id: string; issued: number };

function cookieFor(ctx: HookContext) {
  return ctx.context.createAuthCookie(COOKIE, { maxAge: MAX_AGE_S });
}

/** The device id when this browser signed in to `email` before (a valid, unexpired signed cookie). */
export async function knownDeviceFor(ctx: HookContext, email: string): Promise<string | null> {
  if (!email) return null;
  const value = await ctx.getSignedCookie(cookieFor(ctx).name, ctx.context.secret);
  if (!value) return null;
  try {
    const device = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as Partial<Device>;
    const fresh = typeof device.issued === "number" && Date.now() - device.issued < MAX_AGE_S * 1000;
    return device.email === email && typeof device.id === "string" && fresh ? device.id : null;
  } catch {
    return null;
  }
}

/** After a successful sign-in: remember this browser for `email` (keeping its id if it had one). */
export async function rememberDevice(ctx: HookContext, email: string, id: string | null): Promise<void> {
  const device: Device = { email, id: id ?? randomUUID(), issued: Date.now() };
  const cookie = cookieFor(ctx);
  await ctx.setSignedCookie(cookie.name, Buffer.from(JSON.stringify(device)).toString("base64url"), ctx.context.secret, cookie.attributes);
}
