import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as exportRoute } from "@/app/api/export/route";
import { GET as healthRoute } from "@/app/api/health/route";
import { GET as incidentsRoute } from "@/app/api/incidents/route";
import { getDb, getPool } from "@/lib/db";
import { seedDatabase } from "@/prisma/seed";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

// Exports hold a database connection for as long as the download lasts, so slow or stalled
// downloads must not be able to take the database away from everyone else: exports get a small
// share of connections of their own (full → 503 with Retry-After at once, while pages and reads go
// on), a download whose client accepts nothing for EXPORT_STALL_TIMEOUT_MS is cut and its connection
// given back, and the app's own pool runs every statement under a statement_timeout.

const ROWS = 20_000;
const EXPORT_SHARE = 3;

/** Backends whose latest statement is an export's COPY (running, or waiting on a reader that never comes). */
async function exportBackends(): Promise<number> {
  const { rows } = await getPool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'COPY (SELECT%'`,
  );
  return rows[0]!.n;
}

async function until(condition: () => Promise<boolean>, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const startExport = () => exportRoute(new Request("http://localhost/api/export?format=csv"));

describe("exports under slow and stalled downloads", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDatabase(db.url, ["--synthetic", "--count", String(ROWS), "--seed", "17"]);
    process.env.DATABASE_URL = db.url;
    process.env.EXPORT_MAX_CONNECTIONS = String(EXPORT_SHARE);
    process.env.DATABASE_STATEMENT_TIMEOUT_MS = "2000";
  }, 120_000);
  afterAll(async () => {
    delete process.env.EXPORT_MAX_CONNECTIONS;
    delete process.env.EXPORT_STALL_TIMEOUT_MS;
    delete process.env.DATABASE_STATEMENT_TIMEOUT_MS;
    await getPool().end();
    await db?.drop();
  });

  it("answers 503 with Retry-After once the exports' share is taken, while reads and health go on", async () => {
    process.env.EXPORT_STALL_TIMEOUT_MS = "60000";
    // Exports that are never read: each one holds its connection, PostgreSQL waiting to write.
    const held: Response[] = [];
    for (let i = 0; i < EXPORT_SHARE; i++) {
      const response = await startExport();
      expect(response.status).toBe(200);
      held.push(response);
    }
    const refused = await startExport();
    expect(refused.status).toBe(503);
    expect(refused.headers.get("Retry-After")).toMatch(/^[1-9]\d*$/);
    expect((await refused.json()).error.message).toMatch(/export/i);

    // The app's own pool is untouched: reads answer, and so does the health check.
    const list = await incidentsRoute(new Request("http://localhost/api/incidents?limit=5"));
    expect(list.status).toBe(200);
    expect((await list.json()).items).toHaveLength(5);
    expect((await healthRoute()).status).toBe(200);
    expect(getPool().waitingCount).toBe(0);
    expect(await exportBackends()).toBe(EXPORT_SHARE);

    // Abandoning the downloads gives the share back.
    for (const response of held) await response.body!.cancel();
    await until(async () => (await exportBackends()) === 0, "the abandoned exports have ended");
    const again = await startExport();
    expect(again.status).toBe(200);
    await again.body!.cancel();
    await until(async () => (await exportBackends()) === 0, "the last export has ended");
  }, 60_000);

  it("cuts a download that accepts nothing for the stall limit, and its connection comes back", async () => {
    process.env.EXPORT_STALL_TIMEOUT_MS = "1000";
    const stalled = await startExport();
    expect(stalled.status).toBe(200);
    const reader = stalled.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    // The client now stops reading: the export is cut and PostgreSQL's backend goes away.
    await until(async () => (await exportBackends()) === 0, "the stalled export was cut", 15_000);
    await expect(reader.read()).rejects.toThrow(/stalled|accepted nothing/i);

    // Every connection of the share is back: as many exports as the share start again.
    process.env.EXPORT_STALL_TIMEOUT_MS = "60000";
    const next: Response[] = [];
    for (let i = 0; i < EXPORT_SHARE; i++) next.push(await startExport());
    expect(next.map((r) => r.status)).toEqual(Array(EXPORT_SHARE).fill(200));
    for (const response of next) await response.body!.cancel();
    await until(async () => (await exportBackends()) === 0, "the exports have ended");
  }, 60_000);

  it("does not cut a download that keeps reading, however slowly", async () => {
    process.env.EXPORT_STALL_TIMEOUT_MS = "1500";
    const response = await startExport();
    const reader = response.body!.getReader();
    let chunks = 0;
    // Well within the stall limit between reads, for several times the limit in all.
    for (let i = 0; i < 40; i++) {
      const { done } = await reader.read();
      if (done) break;
      chunks++;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(chunks).toBe(40);
    expect(await exportBackends()).toBe(1);
    await reader.cancel();
    await until(async () => (await exportBackends()) === 0, "the export has ended");
  }, 60_000);

  it("runs the app's statements under a statement_timeout", async () => {
    const { rows } = await getPool().query<{ statement_timeout: string }>("SHOW statement_timeout");
    expect(rows[0]!.statement_timeout).toBe("2s");
    const viaPrisma = await getDb().$queryRaw<Array<{ statement_timeout: string }>>`SHOW statement_timeout`;
    expect(viaPrisma[0]!.statement_timeout).toBe("2s");
    await expect(getPool().query("SELECT pg_sleep(10)")).rejects.toMatchObject({ code: "57014" });
  }, 30_000);
});
