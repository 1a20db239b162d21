import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as exportRoute } from "@/app/api/export/route";
import { getPool } from "@/lib/db";
import { seedDatabase } from "@/prisma/seed";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

// The export streams: 100,000 incidents go through without the process's memory growing, the first
// bytes arrive while PostgreSQL is still producing rows, a slow reader holds PostgreSQL back
// (backpressure), and a download that is abandoned gives its connection back.

const ROWS = 100_000;
const RSS_BUDGET_MB = 60;

/** The export's COPY as PostgreSQL sees it, if it is still running. */
async function runningCopy(): Promise<{ state: string; wait_event: string | null } | undefined> {
  const { rows } = await getPool().query(
    `SELECT state, wait_event FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'COPY (SELECT%'`,
  );
  return rows[0];
}

async function until(condition: () => Promise<boolean>, what: string, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** No connection is checked out of the pool and nobody waits for one. */
const poolIsIdle = () => {
  const pool = getPool();
  return pool.totalCount === pool.idleCount && pool.waitingCount === 0;
};

/** Reads a whole body, keeping only counts, while sampling this process's RSS. */
async function drain(response: Response): Promise<{ bytes: number; lines: number; peakRssGrowthMb: number }> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  let bytes = 0;
  let lines = 0;
  try {
    const reader = response.body!.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      bytes += value.length;
      for (let i = value.indexOf(10); i !== -1; i = value.indexOf(10, i + 1)) lines++;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
  } finally {
    clearInterval(sampler);
  }
  return { bytes, lines, peakRssGrowthMb: (peak - baseline) / 2 ** 20 };
}

describe("export streaming", () => {
  let db: TestDatabase;
  let published: number;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDatabase(db.url, ["--synthetic", "--count", String(ROWS), "--seed", "11"]);
    process.env.DATABASE_URL = db.url;
    published = (await getPool().query("SELECT count(*)::int AS n FROM incident WHERE status = 'PUBLISHED'")).rows[0].n;
    // Warm up: load every module the export uses, so their memory is not counted below.
    await drain(await exportRoute(new Request("http://localhost/api/export?format=csv&from=2024-01-01&to=2024-01-31")));
  }, 240_000);
  afterAll(async () => {
    await getPool().end();
    await db?.drop();
  });

  it.each(["csv", "json", "geojson"])(`sends ${ROWS.toLocaleString("en-US")} incidents as %s with flat memory`, async (format) => {
    const { bytes, lines, peakRssGrowthMb } = await drain(await exportRoute(new Request(`http://localhost/api/export?format=${format}`)));
    // One line per incident (the demo notes have no line breaks) plus CSV's header, or JSON's head and tail.
    expect(lines).toBe(published + (format === "csv" ? 1 : 2));
    expect(bytes).toBeGreaterThan(published * 200);
    console.log(`${format}: ${(bytes / 2 ** 20).toFixed(1)} MB, RSS growth ${peakRssGrowthMb.toFixed(1)} MB`);
    expect(peakRssGrowthMb).toBeLessThan(RSS_BUDGET_MB);
    await until(async () => poolIsIdle(), "the connection is back");
  }, 120_000);

  it("sends the first bytes while PostgreSQL is still producing rows, and a slow reader holds it back", async () => {
    const response = await exportRoute(new Request("http://localhost/api/export?format=csv"));
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    // The query is still running when the first chunk is here...
    expect(await runningCopy()).toMatchObject({ state: "active" });
    // ...and while nobody reads, PostgreSQL waits to write instead of the app buffering the rest.
    await until(async () => (await runningCopy())?.wait_event === "ClientWrite", "PostgreSQL waits on the reader");
    await new Promise((r) => setTimeout(r, 500));
    expect(await runningCopy()).toMatchObject({ state: "active", wait_event: "ClientWrite" });
    await reader.cancel();
    await until(async () => !(await runningCopy()), "the cancelled COPY has ended");
    await until(async () => poolIsIdle(), "the connection is back");
  }, 60_000);

  it("gives the connection back when a download is abandoned, however many times", async () => {
    // More abandoned downloads than the pool has connections: a leak would starve the next request.
    for (let i = 0; i < 12; i++) {
      const abort = new AbortController();
      const response = await exportRoute(new Request("http://localhost/api/export?format=json", { signal: abort.signal }));
      const reader = response.body!.getReader();
      await reader.read();
      if (i % 2 === 0) abort.abort(); // the client's connection drops
      else await reader.cancel(); // the body is cancelled
      await until(async () => poolIsIdle() && !(await runningCopy()), `abandoned download ${i + 1} released its connection`);
    }
    const small = await drain(await exportRoute(new Request("http://localhost/api/export?format=csv&from=2024-02-01&to=2024-02-07")));
    expect(small.lines).toBeGreaterThan(1);
    // Exports have a pool of their own: the app's backends are its main pool's, and of the exports'
    // only the small download's connection is left (idle, for the next export); the cut ones are closed.
    const { rows } = await getPool().query(
      `SELECT count(*) FILTER (WHERE application_name <> 'attack-tracker export')::int AS n,
              count(*) FILTER (WHERE application_name = 'attack-tracker export')::int AS exports
       FROM pg_stat_activity WHERE datname = current_database()`,
    );
    expect(rows[0].n).toBeLessThanOrEqual(getPool().totalCount);
    expect(rows[0].exports).toBeLessThanOrEqual(1);
  }, 60_000);
});
