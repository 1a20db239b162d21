import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: {
      // The same "@/…" paths as tsconfig.json.
      "@": root,
      // Server modules import "server-only", which throws outside a React Server Components
      // build; tests are server code, so give them the package's empty module.
      "server-only": path.join(root, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    environment: "node",
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    // One embedded PostgreSQL for the whole run, with a migrated template database; each
    // integration test file clones its own database from it (tests/helpers/test-database.ts), so
    // files can run in parallel without seeing each other's rows.
    globalSetup: ["tests/helpers/vitest-global-setup.ts"],
    // Real databases: a CREATE DATABASE or a server start can take a second on a busy 2-core box.
    testTimeout: 15_000,
    hookTimeout: 30_000,
  },
});
