import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { configuredOrigins, requestedOrigin } from "@/lib/api/same-origin";
import { getDb } from "@/lib/db";
import { countSignInAttempt, releaseSignInAttempt } from "./account-throttle";
import { knownDeviceFor, rememberDevice } from "./known-device";
import { updateOwnProfile } from "./profile";

// Better Auth over our Prisma client: e-mail + password, sessions stored in the database and read
// on every request (no cookie cache), so sign-out, deactivation and role changes act at once.
// Accounts are made by `npm run user:create` and the admin page, never by public sign-up.
function createAuth() {
  const baseURL = process.env.BETTER_AUTH_URL;
  if (!process.env.BETTER_AUTH_SECRET || !baseURL) {
    throw new Error("BETTER_AUTH_SECRET and BETTER_AUTH_URL must be set: `npm start` provides both.");
  }
  return betterAuth({
    appName: "Attack Tracker",
    baseURL,
    secret: process.env.BETTER_AUTH_SECRET,
    trustedOrigins: (request) => trustedOrigins(baseURL, request),
    database: prismaAdapter(getDb(), { provider: "postgresql" }),
    emailAndPassword: {
      enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 128,
      revokeSessionsOnPasswordReset: true, // (no reset e-mail is configured; should one be, it ends sessions too)
    },
    user: {
      additionalFields: {
        // Never writable through Better Auth's endpoints; only user:create and the admin page set them.
        role: { type: "string", input: false, defaultValue: "viewer" },
        banned: { type: "boolean", input: false, required: false, defaultValue: false },
      },
    },
    session: {
      // A working day from sign-in, then sign in again: use never extends a session.
      expiresIn: 12 * 60 * 60,
      disableSessionRefresh: true,
      cookieCache: { enabled: false },
    },
    rateLimit: {
      enabled: true, // Better Auth's default is production only; tests must see the same limits
      storage: "database",
      customRules: { "/sign-in/email": { window: 60, max: 5 } },
    },
    databaseHooks: {
      session: {
        create: {
          // A deactivated account cannot start a session, whatever the password.
          before: async (session) => {
            const user = await getDb().user.findUnique({ where: { id: session.userId }, select: { banned: true } });
            if (!user || user.banned) throw new APIError("FORBIDDEN", { message: "This account is deactivated." });
          },
        },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path === "/sign-in/email") {
          // Counted before the password is checked (lib/auth/account-throttle.ts has the policy).
          const email = signInEmail(ctx.body);
          await countSignInAttempt(email, await knownDeviceFor(ctx, email));
        }
        if (ctx.path === "/change-password") {
          // A new password ends every other session, whatever the client asked for.
          return { context: { body: { ...(ctx.body as object), revokeOtherSessions: true } } };
        }
        // The profile is the display name only, validated and audited (lib/auth/profile.ts).
        if (ctx.path === "/update-user") return ctx.json(await updateOwnProfile(ctx));
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-in/email" || isAPIError(ctx.context.returned) || !ctx.context.newSession) return;
        const email = signInEmail(ctx.body);
        const device = await knownDeviceFor(ctx, email);
        await releaseSignInAttempt(email, device);
        await rememberDevice(ctx, email, device);
      }),
    },
    telemetry: { enabled: false },
    plugins: [nextCookies()], // last: lets server actions set the session cookie
  });
}

function signInEmail(body: unknown): string {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" ? email.trim().toLowerCase() : "";
}

/**
 * The configured origin and its other loopback spelling (localhost and 127.0.0.1 are one machine),
 * ALLOWED_ORIGINS, and the address this request was sent to: the same rule as route handlers
 * (lib/api/same-origin.ts), so sign-in works on every address the site is opened at.
 */
function trustedOrigins(baseURL: string, request?: Request): string[] {
  const url = new URL(baseURL);
  const origins = [url.origin, ...configuredOrigins()];
  const loopback = ["localhost", "127.0.0.1"];
  if (loopback.includes(url.hostname)) {
    for (const host of loopback) origins.push(`${url.protocol}//${host}${url.port ? `:${url.port}` : ""}`);
  }
  const requested = request ? requestedOrigin(request) : null;
  if (requested) origins.push(requested);
  return [...new Set(origins)];
}

type Auth = ReturnType<typeof createAuth>;
const globalForAuth = globalThis as unknown as { attackTrackerAuth?: Auth };

/** Created on first use, not at import: `next build` loads every route without secrets. */
export function getAuth(): Auth {
  return (globalForAuth.attackTrackerAuth ??= createAuth());
}
