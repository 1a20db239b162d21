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
 * as the app's role, as the app server is, unless `connectAs: "owner"`): created before the suite's
 * tests, dropped after them. Call it at the top of a describe (or file); its fields are set once
 * its beforeAll has run, so hooks registered after it and the tests can read them.
 */
export function useAppDatabase(options: { connectAs?: "app" | "owner" } = {}): Pick<TestDatabase, "url" | "appUrl" | "name"> {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = options.connectAs === "owner" ? db.url : db.appUrl;
    configureTestAuth();
  });
  afterAll(async () => {
    await getPool().end();
    await db?.drop();
  });
  const created = () => {
    if (!db) throw new Error("The test database is created in beforeAll; read it from a hook or a test.");
    return db;
  };
  return {
    get url() { return created().url; },
    get appUrl() { return created().appUrl; },
    get name() { return created().name; },
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
