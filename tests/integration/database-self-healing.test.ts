// The embedded PostgreSQL dies under a running app (kill -9, as the out-of-memory killer does): the
// app's health check answers 503 while it is down and 200 again once the watchdog in
// lib/db/embedded-postgres.ts has restarted it — the app's pool reconnects by itself.
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, expect, it, vi } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from "@/lib/db/embedded-postgres";
import { createTempDir, findFreePort } from "../helpers/test-database";

let tempDir: string | undefined;
let server: EmbeddedPostgresServer | undefined;
afterAll(async () => {
  await server?.stop();
  if (tempDir) await fs.rm(tempDir, { recursive: true, force: true });
});

it("answers 503 while the embedded database is down and 200 again within 10 s of a kill -9, with nobody acting", async () => {
  tempDir = await createTempDir("self-healing");
  const dataDir = path.join(tempDir, "pg");
  server = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), database: "heal_app" });
  vi.stubEnv("DATABASE_URL", server.url); // read by lib/db.ts on first use
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  try {
    expect((await health()).status).toBe(200); // the pool now holds an open connection

    const postmaster = Number.parseInt((await fs.readFile(path.join(dataDir, "postmaster.pid"), "utf8")).split("\n")[0]!, 10);
    const killedAt = Date.now();
    process.kill(postmaster, "SIGKILL");

    // Until the old backends notice their postmaster's death they may still answer; so: wait for
    // the first 503, then for the next 200.
    const statuses: number[] = [];
    const isHealed = () => statuses.includes(503) && statuses.at(-1) === 200;
    while (!isHealed() && Date.now() - killedAt < 10_000) {
      statuses.push((await health()).status);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(isHealed()).toBe(true);
    expect(new Set(statuses)).toEqual(new Set([503, 200])); // never a 500, never a hang
    console.log(`health: kill -9 to 200 in ${Date.now() - killedAt} ms (statuses ${statuses.join(" ")})`);
  } finally {
    await server.stop();
    warn.mockRestore();
    vi.unstubAllEnvs();
  }
}, 30_000);
