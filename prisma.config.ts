import { defineConfig } from "prisma/config";

// The Prisma CLI insists on its native schema engine, which it would download from a host this
// machine cannot reach. `prisma generate` only checks that the file exists, so any executable will
// do; migrations run on the WebAssembly engine instead (lib/db/migrations.ts).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false";
// No telemetry or update checks: the app and its tooling must work offline.
process.env.CHECKPOINT_DISABLE ??= "1";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
