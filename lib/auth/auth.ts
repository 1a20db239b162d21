import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { getDb } from "@/lib/db";
import { checkAccountThrottle, recordSignInResult } from "./account-throttle";

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
    trustedOrigins: trustedOrigins(baseURL),
    database: prismaAdapter(getDb(), { provider: "postgresql" }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 128 },
    user: {
      additionalFields: {
        // Never writable through Better Auth's endpoints; only user:create and the admin page set them.
        role: { type: "string", input: false, defaultValue: "viewer" },
        banned: { type: "boolean", input: false, required: false, defaultValue: false },
      },
    },
    session: {
      expiresIn: 12 * 60 * 60, // a working day, then sign in again
      updateAge: 60 * 60,
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
        if (ctx.path === "/sign-in/email") await checkAccountThrottle(signInEmail(ctx.body));
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-in/email") return;
        const returned = ctx.context.returned;
        const failed = isAPIError(returned) && returned.statusCode === 401;
        await recordSignInResult(signInEmail(ctx.body), failed ? "failed" : isAPIError(returned) ? "other" : "succeeded");
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

/** The configured origin, plus its other loopback spelling (localhost and 127.0.0.1 are one machine). */
function trustedOrigins(baseURL: string): string[] {
  const url = new URL(baseURL);
  const origins = [url.origin];
  const loopback = ["localhost", "127.0.0.1"];
  if (loopback.includes(url.hostname)) {
    for (const host of loopback) origins.push(`${url.protocol}//${host}${url.port ? `:${url.port}` : ""}`);
  }
  return [...new Set(origins)];
}

type Auth = ReturnType<typeof createAuth>;
const globalForAuth = globalThis as unknown as { attackTrackerAuth?: Auth };

/** Created on first use, not at import: `next build` loads every route without secrets. */
export function getAuth(): Auth {
  return (globalForAuth.attackTrackerAuth ??= createAuth());
}
