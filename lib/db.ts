import "server-only";
import { appendFileSync } from "node:fs";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

// One connection pool per server process, shared by Prisma (records, writes) and by the raw SQL of
// the hot read paths (aggregates, keyset pages), which skip Prisma's per-query overhead. Exports
// get a small pool of their own: a download holds its connection for as long as the client takes
// to read it, and slow or stalled downloads must never take the connections pages and reads need.
// Created on first use, not at import: `next build` imports every route without a database.
type Database = { pool: pg.Pool; prisma: PrismaClient; exports: ExportPool };
type ExportPool = { pool: pg.Pool; max: number; inUse: number };
const globalForDb = globalThis as unknown as { attackTrackerDb?: Database };

/** A whole number of the environment variable, or the fallback when it is unset or not one. */
function envInteger(name: string, fallback: number, min: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    console.warn(`${name}=${raw} is not a whole number of at least ${min}; using ${fallback}.`);
    return fallback;
  }
  return value;
}

/** No statement of the app's pool runs longer than this (DATABASE_STATEMENT_TIMEOUT_MS; 0 = no limit). */
export const statementTimeoutMs = () => envInteger("DATABASE_STATEMENT_TIMEOUT_MS", 15_000, 0);
/** How many exports may stream at once (EXPORT_MAX_CONNECTIONS): the exports' share of the database. */
const exportMaxConnections = () => envInteger("EXPORT_MAX_CONNECTIONS", 3, 1);

function connect(): Database {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) {
    throw new Error("DATABASE_URL is not set: start the app with `npm start`, which provides the database.");
  }
  // pg waits forever for a connection by default; a bounded wait lets a dead database surface as 503.
  // The statement_timeout is a startup parameter of every connection, so it holds for Prisma too; a
  // transaction that needs longer says so itself (SET LOCAL statement_timeout).
  const pool = new pg.Pool({
    connectionString, max: 10, connectionTimeoutMillis: 3_000, idleTimeoutMillis: 30_000,
    statement_timeout: statementTimeoutMs() || undefined, application_name: "attack-tracker",
  });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on("error", (error) => console.warn("database pool:", error.message));
  if (process.env.BENCH_SQL_LOG) logStatements(pool, process.env.BENCH_SQL_LOG);
  // No statement_timeout here: an export's COPY lasts as long as its download, which the export's
  // stall limit bounds instead (lib/data/incident-export.ts).
  const max = exportMaxConnections();
  const exportPool = new pg.Pool({
    connectionString, max, connectionTimeoutMillis: 3_000, idleTimeoutMillis: 10_000, allowExitOnIdle: true,
    application_name: "attack-tracker export",
  });
  exportPool.on("error", (error) => console.warn("export pool:", error.message));
  return { pool, prisma: new PrismaClient({ adapter: new PrismaPg(pool) }), exports: { pool: exportPool, max, inUse: 0 } };
}

const database = () => (globalForDb.attackTrackerDb ??= connect());

/** Prisma, for records and writes. */
export function getDb(): PrismaClient {
  return database().prisma;
}

/** The raw pool, for SQL that Prisma would make slower: aggregates, keyset pages. */
export function getPool(): pg.Pool {
  return database().pool;
}

/** Every export connection is in use: the caller answers 503 with Retry-After rather than wait. */
export class ExportsBusyError extends Error {
  constructor() {
    super("Too many exports are running; try again shortly.");
  }
}

/** A connection of the exports' share; give it back exactly once with release (an Error closes it). */
export type ExportConnection = { client: pg.PoolClient; release(error?: Error): void };

/**
 * A connection for one export, or ExportsBusyError at once when the share (EXPORT_MAX_CONNECTIONS)
 * is taken: exports never queue, so a wave of downloads cannot pile up waiting requests either.
 */
export async function connectForExport(): Promise<ExportConnection> {
  const share = database().exports;
  if (share.inUse >= share.max) throw new ExportsBusyError();
  share.inUse++; // counted before the await, so concurrent requests cannot all pass the check
  let client: pg.PoolClient;
  try {
    client = await share.pool.connect();
  } catch (error) {
    share.inUse--;
    throw error;
  }
  let isReleased = false;
  return {
    client,
    release(error?: Error) {
      if (isReleased) return;
      isReleased = true;
      share.inUse--;
      client.release(error);
    },
  };
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
