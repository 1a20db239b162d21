// Signing in from an integration test through Better Auth's real endpoint (its handler called as
// Next calls it), so tests hold the same session cookie a browser would.
import { getAuth } from "@/lib/auth/auth";

export const TEST_AUTH_URL = "http://localhost:3000";

/** Better Auth needs a secret and its URL; tests use fixed ones. */
export function configureTestAuth(): void {
  process.env.BETTER_AUTH_SECRET ??= "integration-test-secret-of-at-least-32-characters";
  process.env.BETTER_AUTH_URL ??= TEST_AUTH_URL;
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
