import { afterEach, describe, expect, it } from "vitest";
import { getAuth } from "@/lib/auth/auth";
import { useAppDatabase } from "../helpers/auth-session";

// Better Auth's own Origin check (sign-in, sign-out) trusts the same addresses as the route
// handlers (lib/api/same-origin.ts): the configured one and its loopback twin, ALLOWED_ORIGINS, and
// the address the request was sent to. The check itself is skipped under NODE_ENV=test, so this
// asks the option Better Auth calls on every request; tests/e2e/sign-in.spec.ts covers the server.

describe("Better Auth trusted origins", () => {
  useAppDatabase();
  afterEach(() => {
    delete process.env.ALLOWED_ORIGINS;
  });

  const trusted = async (headers: Record<string, string>) => {
    const option = getAuth().options.trustedOrigins;
    if (typeof option !== "function") throw new Error("trustedOrigins should be computed per request");
    return option(new Request("http://localhost:3000/api/auth/sign-in/email", { method: "POST", headers }));
  };

  it("trusts the address the page was opened at, and not a forwarded host", async () => {
    const origins = await trusted({ host: "192.168.1.20:3000", "x-forwarded-host": "evil.example" });
    expect(origins).toEqual(expect.arrayContaining(["http://localhost:3000", "http://127.0.0.1:3000", "http://192.168.1.20:3000"]));
    expect(origins.join(" ")).not.toContain("evil.example");
  });

  it("trusts ALLOWED_ORIGINS", async () => {
    process.env.ALLOWED_ORIGINS = "https://tracker.example.org";
    expect(await trusted({ host: "127.0.0.1:3000" })).toContain("https://tracker.example.org");
  });
});
