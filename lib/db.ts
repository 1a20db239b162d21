import "server-only";
import { appendFileSync } from "node:fs";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

// One connection pool per server process, shared by Prisma (records, writes) and by the raw SQL of
// the hot read paths (aggregates, keyset pages, COPY), which skip Prisma's per-query overhead.
// Created on first use, not at import: `next build` imports every route without a database.
type Database = { pool: pg.Pool; prisma: PrismaClient };
const globalForDb = globalThis as unknown as { attackTrackerDb?: Database };

function connect(): Database {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) {
    throw new Error("DATABASE_URL is not set: start the app with `npm start`, which provides the database.");
  }
  // pg waits forever for a connection by default; a bounded wait lets a dead database surface as 503.
  const pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 3_000, idleTimeoutMillis: 30_000 });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on("error", (error) => console.warn("database pool:", error.message));
  if (process.env.BENCH_SQL_LOG) logStatements(pool, process.env.BENCH_SQL_LOG);
  return { pool, prisma: new PrismaClient({ adapter: new PrismaPg(pool) }) };
}

const database = () => (globalForDb.attackTrackerDb ??= connect());

/** Prisma, for records and writes. */
export function getDb(): PrismaClient {
  return database().prisma;
}

/** The raw pool, for SQL that Prisma would make slower: aggregates, keyset pages, streaming. */
export function getPool(): pg.Pool {
  return database().pool;
}

/**
 * Benchmarks only (BENCH_SQL_LOG=file): append every raw statement as a JSON line, so that
 * `npm run bench` can replay exactly what an API request ran, without HTTP or Next in between.
 */
function logStatements(pool: pg.Pool, file: string) {
  const query = pool.query.bind(pool) as (text: string, values?: unknown[]) => Promise<pg.QueryResult>;
  (pool as unknown as { query: typeof query }).query = (text: string, values?: unknown[]) => {
    appendFileSync(file, JSON.stringify({ text, values: values ?? [] }) + "\n");
    return query(text, values);
  };
}
