import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { proxy } from "@/proxy";

// A server action posted from another site: Next's own check throws, which answers 500 and logs an
// error; the proxy answers 403 before Next gets to it, by the same rule as the write routes
// (lib/api/same-origin.ts), and leaves this site's own posts alone.

const action = (headers: Record<string, string>, method = "POST") =>
  new NextRequest("http://localhost:3000/incidents/new", {
    method,
    headers: { "next-action": "7f3a9c", host: "localhost:3000", cookie: "better-auth.session_token=s", ...headers },
    body: method === "POST" ? "[]" : undefined,
  });

describe("proxy: server actions from other sites", () => {
  afterEach(() => {
    delete process.env.ALLOWED_ORIGINS;
  });

  it.each([
    ["a foreign Origin", { origin: "https://evil.example" }],
    ["a foreign Origin that says it is same-site", { origin: "https://evil.example", "sec-fetch-site": "same-site" }],
    ["an opaque Origin", { origin: "null" }],
    ["another port of this host", { origin: "http://localhost:3001" }],
    ["a cookie and no Origin", {}],
  ])("answers 403 to %s", async (_name, headers) => {
    const response = proxy(action(headers));
    expect(response.status).toBe(403);
    expect((await response.json()).error).toMatch(/^Refused .*: changes are accepted from this site's own pages only\.$/);
  });

  it.each([
    ["this site", { origin: "http://localhost:3000", "sec-fetch-site": "same-origin" }],
    ["the address the user opened", { origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }],
  ])("lets an action from %s through", (_name, headers) => {
    const response = proxy(action(headers));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("script-src");
  });

  it("lets an origin named in ALLOWED_ORIGINS through", () => {
    process.env.ALLOWED_ORIGINS = "https://tracker.example.org";
    expect(proxy(action({ origin: "https://tracker.example.org" })).status).toBe(200);
  });

  it("leaves requests that are not action posts alone", () => {
    expect(proxy(action({ origin: "https://evil.example" }, "GET")).status).toBe(200);
    const page = new NextRequest("http://localhost:3000/", { method: "POST", headers: { origin: "https://evil.example", host: "localhost:3000" }, body: "x" });
    expect(proxy(page).status).toBe(200);
  });
});
