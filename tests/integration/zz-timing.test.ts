import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { it } from "vitest";
import { upsertUser } from "@/lib/accounts/users";
import { getPool } from "@/lib/db";
import { stageImport } from "@/lib/data/incident-import";
import { exportStatementFor } from "@/lib/data/incident-export";
import { loadReferenceData, seedDatabase } from "@/prisma/seed";
import { createTestDatabase } from "../helpers/test-database";
const orig = pg.Client.prototype.query as (...a: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: unknown }).query = function (this: unknown, ...args: unknown[]) {
  const t = performance.now();
  const r = orig.apply(this, args);
  const text = typeof args[0] === "string" ? args[0] : "";
  if (r && typeof (r as Promise<unknown>).then === "function" && text) {
    void (r as Promise<unknown>).then(() => { const ms = performance.now() - t; if (ms > 200) console.log("SLOW", ms.toFixed(0), text.replace(/\s+/g, " ").slice(0, 90)); }, () => {});
  }
  return r;
};
it("timing", async () => {
  const source = await createTestDatabase();
  await seedDatabase(source.url, ["--count", process.env.N ?? "40000"]);
  const c = new pg.Client({ connectionString: source.url }); await c.connect();
  const chunks: Buffer[] = [];
  for await (const chunk of c.query(copyTo(await exportStatementFor({}, "csv", "standard"))) as AsyncIterable<Buffer>) chunks.push(chunk);
  await c.end();
  const file = Buffer.concat(chunks);
  const db = await createTestDatabase();
  const c2 = new pg.Client({ connectionString: db.url }); await c2.connect(); await loadReferenceData(c2); await c2.end();
  process.env.DATABASE_URL = db.url;
  const { id } = await upsertUser(db.url, { email: "t@test.invalid", password: "correct horse battery", role: "editor" });
  const actor = { userId: id, role: "editor" as const, label: "t" };
  const t = performance.now();
  const s = await stageImport(actor, { fileName: "x.csv", bytes: file, layout: null, mapping: null });
  console.log("stage", s.validCount, ((performance.now() - t) / 1000).toFixed(1), "s");
  await getPool().end(); await source.drop(); await db.drop();
}, 900_000);
