// The WebAssembly migration engine against a real PostgreSQL: deploy, check (schema.prisma vs
// migrations), drift (migrations vs the live database) and createMigration.
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkDrift,
  checkMigrations,
  createMigration,
  deployMigrations,
  migrationStatus,
  REPO_ROOT,
} from "@/lib/db/migrations";
import { createTempDir, createTestDatabase, type TestDatabase } from "../helpers/test-database";

const MIGRATIONS_DIR = path.join(REPO_ROOT, "prisma/migrations");
const SCHEMA_PATH = path.join(REPO_ROOT, "prisma/schema.prisma");

async function migrationNamesOnDisk(dir = MIGRATIONS_DIR): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** schema.prisma plus one optional column on Incident, written to a temp copy. */
async function schemaWithExtraField(dir: string): Promise<string> {
  const schema = await fs.readFile(SCHEMA_PATH, "utf8");
  const changed = schema.replace(/^model Incident \{\n/m, (line) => `${line}  reviewNote String? @map("review_note")\n`);
  expect(changed).not.toBe(schema);
  const file = path.join(dir, "schema.prisma");
  await fs.writeFile(file, changed);
  return file;
}

const tempDirs: string[] = [];
afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

describe("deployMigrations on an empty database", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
  });
  afterAll(() => db.drop());

  it("applies every migration, starting with init, and records sha256 checksums", async () => {
    const onDisk = await migrationNamesOnDisk();
    expect(onDisk[0]).toMatch(/^\d{14}_init$/);
    expect((await migrationStatus(db.url)).pending).toEqual(onDisk);

    expect(await deployMigrations(db.url)).toEqual(onDisk);

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>(
      db.url,
      "SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name",
    );
    expect(rows.map((r) => r.migration_name)).toEqual(onDisk);
    for (const row of rows) {
      const sql = await fs.readFile(path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
    }
    // The hand-written part ran too (the whole script, not split at semicolons).
    const triggers = await query<{ tgname: string }>(db.url, "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_entry'::regclass ORDER BY tgname");
    expect(triggers.map((t) => t.tgname)).toEqual(["audit_entry_no_truncate", "audit_entry_no_update_or_delete"]);
  });

  it("applies nothing the second time", async () => {
    expect(await deployMigrations(db.url)).toEqual([]);
    expect((await migrationStatus(db.url)).upToDate).toBe(true);
  });
});

describe("checkMigrations", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it("finds the committed migrations in line with schema.prisma", async () => {
    expect(await checkMigrations(db.url)).toEqual({ upToDate: true, sql: "" });
  });

  it("reports a field added to schema.prisma without a migration", async () => {
    const dir = await createTempDir("schema");
    tempDirs.push(dir);
    const result = await checkMigrations(db.url, { schemaPath: await schemaWithExtraField(dir) });
    expect(result.upToDate).toBe(false);
    expect(result.sql).toMatch(/ALTER TABLE "incident" ADD COLUMN\s+"review_note" TEXT/);
  });

  // pg_database is cluster-wide; only this file's tests use shadow databases, one at a time.
  it("leaves no shadow databases behind", async () => {
    const shadows = await query<{ datname: string }>(db.url, "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_shadow_%'");
    expect(shadows).toEqual([]);
  });
});

describe("createMigration", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it("writes the SQL for a schema change, then nothing once the migrations catch up", async () => {
    const dir = await createTempDir("migrations");
    tempDirs.push(dir);
    const migrationsDir = path.join(dir, "migrations");
    await fs.cp(MIGRATIONS_DIR, migrationsDir, { recursive: true });
    const paths = { schemaPath: await schemaWithExtraField(dir), migrationsDir };

    const created = await createMigration(db.url, "Add review note!", paths);
    expect(created).toMatch(/^\d{14}_add_review_note$/);
    expect(await migrationNamesOnDisk(migrationsDir)).toEqual([...(await migrationNamesOnDisk()), created]);
    const sql = await fs.readFile(path.join(migrationsDir, created!, "migration.sql"), "utf8");
    expect(sql).toMatch(/ALTER TABLE "incident" ADD COLUMN\s+"review_note" TEXT/);

    expect(await createMigration(db.url, "again", paths)).toBeNull();
    expect(await deployMigrations(db.url, paths)).toEqual([created]);
  });
});

describe("checkDrift", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it("finds a freshly migrated database in line with the migrations", async () => {
    expect(await checkDrift(db.url)).toEqual({ upToDate: true, sql: "" });
  });

  it("notices a column added by hand", async () => {
    await query(db.url, 'ALTER TABLE "incident" ADD COLUMN "added_by_hand" integer');
    const result = await checkDrift(db.url);
    expect(result.upToDate).toBe(false);
    expect(result.sql).toContain("added_by_hand");
  });
});
