import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, tileSource } from "@/lib/security/headers";

const directives = (policy: string) => new Map(policy.split("; ").map((d) => [d.split(" ")[0]!, d.split(" ").slice(1)]));

describe("content security policy", () => {
  it("runs only scripts carrying this request's nonce and forbids framing, plugins and foreign posts", () => {
    const policy = directives(contentSecurityPolicy({ nonce: "abc123" }));
    expect(policy.get("script-src")).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    expect(policy.get("img-src")).toEqual(["'self'", "data:"]);
  });

  it("allows eval only in development", () => {
    expect(contentSecurityPolicy({ nonce: "n", isDev: true })).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy({ nonce: "n" })).not.toContain("unsafe-eval");
  });

  it("adds the configured tile server to img-src", () => {
    expect(directives(contentSecurityPolicy({ nonce: "n", tileUrl: "https://tile.example.org/{z}/{x}/{y}.png" })).get("img-src"))
      .toEqual(["'self'", "data:", "https://tile.example.org"]);
  });

  it.each([
    ["https://tile.example.org/{z}/{x}/{y}.png", "https://tile.example.org"],
    ["https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"],
    ["HTTP://Tiles.Local:8080/{z}/{x}/{y}.png", "http://tiles.local:8080"],
    ["javascript:alert(1)", null],
    ["https://x.org; script-src *", null],
    ["https://{s}{r}.x.org/", null],
    ["", null],
    [undefined, null],
  ])("tile source of %s is %s", (url, source) => {
    expect(tileSource(url)).toBe(source);
  });
});
