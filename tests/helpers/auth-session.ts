// Signing in from an integration test through Better Auth's real endpoint (its handler called as
// Next calls it), so tests hold the same session cookie a browser would.
import { afterAll, beforeAll } from "vitest";
import { getAuth } from "@/lib/auth/auth";
import { getPool } from "@/lib/db";
import { createTestDatabase, type TestDatabase } from "./test-database";

export const TEST_AUTH_URL = "http://localhost:3000";

/** Better Auth needs a secret and its URL; tests use fixed ones. */
export function configureTestAuth(): void {
  process.env.BETTER_AUTH_SECRET ??= "integration-test-secret-of-at-least-32-characters";
  process.env.BETTER_AUTH_URL ??= TEST_AUTH_URL;
}

/**
 * A suite with a new database of its own, the app's pool and Better Auth pointed at it (connected
 * as the app's role, as the app server is): created before the suite's tests, dropped after them.
 * Call it at the top of a describe; `url` (the owner's, for setup) is set once its beforeAll has
 * run (hooks registered after it can use it).
 */
export function useAppDatabase(): { readonly url: string } {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.appUrl;
    configureTestAuth();
  });
  afterAll(async () => {
    await getPool().end();
    await db?.drop();
  });
  return {
    get url() {
      if (!db) throw new Error("The test database is created in beforeAll; read its url from a hook or a test.");
      return db.url;
    },
  };
}

/** POST /api/auth/sign-in/email; returns the status and, on success, the Cookie header to send. */
export async function signIn(email: string, password: string): Promise<{ status: number; cookie: string | null }> {
  const response = await getAuth().handler(
    new Request(`${TEST_AUTH_URL}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: TEST_AUTH_URL },
      body: JSON.stringify({ email, password }),
    }),
  );
  const cookie = response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  return { status: response.status, cookie: response.ok && cookie ? cookie : null };
}
