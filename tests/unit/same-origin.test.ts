import { afterEach, describe, expect, it } from "vitest";
import { crossOriginReason, refuseCrossOrigin } from "@/lib/api/same-origin";

const URL_ = "http://localhost:3000/api/import";
const request = (method: string, headers: Record<string, string>) => new Request(URL_, { method, headers });

describe("same-origin check for mutating route handlers", () => {
  afterEach(() => {
    delete process.env.BETTER_AUTH_URL;
  });

  it("lets reads through whatever their origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      expect(crossOriginReason(request(method, { origin: "https://evil.example", "sec-fetch-site": "cross-site", cookie: "a=b" }))).toBeNull();
    }
  });

  it("accepts this site's own pages", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect(crossOriginReason(request(method, { origin: "http://localhost:3000", "sec-fetch-site": "same-origin", cookie: "a=b" }))).toBeNull();
    }
  });

  it.each([
    ["a foreign origin", { origin: "https://evil.example", cookie: "a=b" }, "a request from https://evil.example"],
    ["the same host on another port", { origin: "http://localhost:3001" }, "a request from http://localhost:3001"],
    ["the same host over another scheme", { origin: "https://localhost:3000" }, "a request from https://localhost:3000"],
    ["an opaque origin (sandboxed frame, data: page)", { origin: "null" }, "a request from an opaque origin"],
    ["a cookie without an origin", { cookie: "better-auth.session_token=x" }, "a request with a cookie but no Origin"],
    ["a cross-site fetch with a matching Origin", { origin: "http://localhost:3000", "sec-fetch-site": "cross-site" }, "a cross-site request"],
    ["a same-site sibling", { origin: "http://localhost:3000", "sec-fetch-site": "same-site" }, "a same-site request"],
    ["a typed or bookmarked request", { origin: "http://localhost:3000", "sec-fetch-site": "none" }, "a none request"],
  ])("refuses %s", (_name, headers, reason) => {
    expect(crossOriginReason(request("POST", headers))).toBe(reason);
  });

  it("lets a cookieless script through: it is signed out, so the permission check decides", () => {
    expect(crossOriginReason(request("POST", {}))).toBeNull();
  });

  it("trusts the public origin behind a reverse proxy", () => {
    process.env.BETTER_AUTH_URL = "https://tracker.example.org";
    expect(crossOriginReason(request("POST", { origin: "https://tracker.example.org", cookie: "a=b" }))).toBeNull();
  });

  it("answers a refusal with 403 JSON and nothing otherwise", async () => {
    const refused = refuseCrossOrigin(request("DELETE", { origin: "https://evil.example" }));
    expect(refused?.status).toBe(403);
    expect(await refused?.json()).toEqual({ error: "Refused a request from https://evil.example: changes are accepted from this site's own pages only." });
    expect(refuseCrossOrigin(request("POST", { origin: "http://localhost:3000" }))).toBeNull();
  });
});
