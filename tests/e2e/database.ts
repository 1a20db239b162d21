import pg from "pg";

/** The embedded database that the e2e server runs on (see playwright.config.ts). */
export function e2eDatabaseUrl(): string {
  return `postgresql://postgres:postgres@127.0.0.1:${process.env.E2E_PG_PORT}/attack_tracker`;
}

/** The database of the second server, which holds the default data only (the public record). */
export function recordDatabaseUrl(): string {
  return `postgresql://postgres:postgres@127.0.0.1:${process.env.E2E_RECORD_PG_PORT}/attack_tracker`;
}

export async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = [], url = e2eDatabaseUrl()): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
