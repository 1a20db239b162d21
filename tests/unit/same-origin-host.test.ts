import { afterEach, describe, expect, it } from "vitest";
import { crossOriginReason } from "@/lib/api/same-origin";

// The address the user actually opened is this site: under `next start` the request's URL names
// the configured host, but the browser's Origin and the Host header name what the user typed
// (localhost, 127.0.0.1, or the network address `npm start` prints). A proxy that rewrites Host is
// named in ALLOWED_ORIGINS.

const post = (url: string, headers: Record<string, string>) => new Request(url, { method: "POST", headers: { cookie: "s=1", ...headers } });

describe("same-origin check: the address the user opened", () => {
  afterEach(() => {
    delete process.env.BETTER_AUTH_URL;
    delete process.env.ALLOWED_ORIGINS;
  });

  it.each([
    ["127.0.0.1", "http://127.0.0.1:3000", "127.0.0.1:3000"],
    ["the network address", "http://192.168.1.20:3000", "192.168.1.20:3000"],
    ["an IPv6 loopback", "http://[::1]:3000", "[::1]:3000"],
    ["a host name in another case", "http://Tracker.Local:3000", "tracker.local:3000"],
  ])("accepts a page opened on %s", (_name, origin, host) => {
    process.env.BETTER_AUTH_URL = "http://localhost:3000";
    expect(crossOriginReason(post("http://localhost:3000/api/import", { origin, host, "sec-fetch-site": "same-origin" }))).toBeNull();
  });

  it.each([
    ["a foreign page posting to this host", "https://evil.example", "127.0.0.1:3000"],
    ["another port on this host", "http://127.0.0.1:3001", "127.0.0.1:3000"],
    ["the same host over https when the request came over http", "https://127.0.0.1:3000", "127.0.0.1:3000"],
    ["a Host header that is not a host", "http://127.0.0.1:3000", "127.0.0.1:3000/x"],
  ])("refuses %s", (_name, origin, host) => {
    process.env.BETTER_AUTH_URL = "http://localhost:3000";
    const request = post("http://localhost:3000/api/import", { origin, host, "x-forwarded-host": "evil.example" });
    expect(crossOriginReason(request)).toBe(`a request from ${origin}`);
  });

  it("compares with the request's own scheme and default port", () => {
    const request = post("https://0.0.0.0:3000/api/import", { origin: "https://tracker.example.org", host: "tracker.example.org:443" });
    expect(crossOriginReason(request)).toBeNull();
  });

  it("accepts the origins named in ALLOWED_ORIGINS (a proxy that rewrites Host), and only those", () => {
    process.env.ALLOWED_ORIGINS = " https://tracker.example.org , https://desk.example.org/ ,";
    const behindProxy = (origin: string) => post("http://127.0.0.1:3000/api/import", { origin, host: "127.0.0.1:3000" });
    expect(crossOriginReason(behindProxy("https://tracker.example.org"))).toBeNull();
    expect(crossOriginReason(behindProxy("https://desk.example.org"))).toBeNull();
    expect(crossOriginReason(behindProxy("https://other.example.org"))).toBe("a request from https://other.example.org");
  });
});
