// Import cases for `npm run bench`: the size's own CSV export (published incidents, our layout)
// imported over HTTP through a production server of its own — the upload staged (read, decoded,
// parsed, every row checked by the form's schema, COPY into import_row, duplicate checks), then
// the commit (INSERT … SELECT in one transaction, progress streamed) — first into an empty
// database as published incidents, then again into that full database as drafts, where every row
// is a likely duplicate of a stored one.
//
// Above the import's row limit (10^6) the file is the newest 10^5 or so incidents of the export,
// imported as drafts into that same database (the bench's last step for the size): duplicate
// checks against the densest data, and a commit into the large table.
//
// Then the same file is staged once more while /api/incidents is read again and again, against
// the same reads on the quiet server: what an upload costs everyone else (and the server's RSS).

import { spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { upsertUser } from "@/lib/accounts/users";
import { exportStatementFor } from "@/lib/data/incident-export";
import { deployMigrations } from "@/lib/db/migrations";
import { IMPORT_LIMITS } from "@/lib/import/file";
import { loadReferenceData } from "@/prisma/seed";
import { fetchWithin, stopServer } from "./bounds";
import { processTree, treeRss } from "./export-cases";

const ROOT = path.resolve(import.meta.dirname, "../..");
const EMAIL = "bench-importer@bench.invalid";
const PASSWORD = "bench-password-not-secret";

const rate = (rows: number, ms: number) => Math.round(rows / (ms / 1000)).toLocaleString("en-US").padStart(9);
const secs = (ms: number) => (ms / 1000).toFixed(1).padStart(7);

/** The export of all published incidents, or of the newest `limit` or so (whole days). */
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1).padStart(8);

/**
 * Reads beside a staging: GET /api/incidents (a list page and its total) one after another, first
 * on a quiet server, then while the file is uploaded and checked (the staging is left as a preview
 * and discarded after); a second upload sent meanwhile must get the "another import" 503 at once.
 * Prints the reads' median, p99 and worst, the second upload's answer, and the server's peak RSS.
 */
async function measureReadsDuringStaging(args: { base: string; headers: Record<string, string>; file: Buffer<ArrayBuffer>; server: number[] }) {
  const { base, headers, file, server } = args;
  const read = async () => {
    const started = performance.now();
    const response = await fetchWithin(`${base}/api/incidents?limit=50`, 60);
    if (!response.ok) throw new Error(`/api/incidents: ${response.status}`);
    await response.arrayBuffer();
    return performance.now() - started;
  };
  const quiet: number[] = [];
  for (let i = 0; i < 50; i++) quiet.push(await read());

  const baseRss = treeRss(server);
  let peakRss = baseRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, treeRss(server))), 100);
  const started = performance.now();
  let isStaging = true;
  const staging = fetch(`${base}/api/import?name=bench-beside-reads.csv`, { method: "POST", headers, body: file }).finally(() => (isStaging = false));
  const during: number[] = [];
  let second = "";
  try {
    await new Promise((r) => setTimeout(r, 500)); // the upload is being read and checked
    const otherStarted = performance.now();
    const other = await fetchWithin(`${base}/api/import?name=bench-second.csv`, 30, { method: "POST", headers, body: file.subarray(0, 1 << 20) });
    second = `${other.status} Retry-After ${other.headers.get("Retry-After")} in ${(performance.now() - otherStarted).toFixed(0)} ms: ${((await other.json()) as { error?: string }).error}`;
    while (isStaging) during.push(await read());
  } finally {
    clearInterval(sampler);
  }
  const staged = await staging;
  const stageMs = performance.now() - started;
  const { batchId } = (await staged.json()) as { batchId?: string };
  if (staged.status !== 201 || !batchId) throw new Error(`upload beside reads: ${staged.status}`);
  await fetch(`${base}/api/import/${batchId}`, { method: "DELETE", headers });

  const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
  console.log(`\nreads of /api/incidents?limit=50 beside the staging of our ${(file.length / 2 ** 20).toFixed(0)} MB export (staged in ${secs(stageMs).trim()} s)`);
  console.log(`${"".padEnd(24)} ${"reads".padStart(6)} ${"median".padStart(8)} ${"p99".padStart(8)} ${"worst".padStart(8)}  (ms)`);
  for (const [name, values] of [["quiet server", quiet], ["during the staging", during]] as const) {
    console.log(`${name.padEnd(24)} ${String(values.length).padStart(6)} ${ms(percentile(values, 50))} ${ms(percentile(values, 99))} ${ms(Math.max(...values))}`);
  }
  console.log(`second upload meanwhile: ${second}`);
  console.log(`server RSS: ${mb(baseRss)} before, peak ${mb(peakRss)} (+${mb(peakRss - baseRss)})`);
}

export async function exportCsv(databaseUrl: string, limit: number): Promise<Buffer<ArrayBuffer>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const from = (
      await client.query<{ day: string | null }>(
        `SELECT to_char(occurred_on, 'YYYY-MM-DD') AS day FROM incident WHERE status = 'PUBLISHED' ORDER BY occurred_on DESC OFFSET $1 LIMIT 1`,
        [limit],
      )
    ).rows[0]?.day;
    const chunks: Buffer[] = [];
    const statement = await exportStatementFor(from ? { from } : {}, "csv", "standard");
    for await (const chunk of client.query(copyTo(statement)) as AsyncIterable<Buffer>) chunks.push(chunk);
    return Buffer.concat(chunks);
  } finally {
    await client.end();
  }
}

/** A new database with the migrations and the reference sites and groups, and no incidents. */
async function emptyDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await deployMigrations(url.toString());
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await loadReferenceData(client);
  await client.end();
  return url.toString();
}

/** A production server of its own on `databaseUrl`, with an editor signed in: its process, address and request headers. */
export async function startEditorServer(databaseUrl: string, port: number) {
  await upsertUser(databaseUrl, { email: EMAIL, password: PASSWORD, role: "editor" });
  const base = `http://127.0.0.1:${port}`;
  const next = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: "1", BETTER_AUTH_URL: base, BETTER_AUTH_SECRET: "bench-secret-of-at-least-32-characters-long" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    let isUp = false;
    for (let i = 0; i < 100 && !isUp; i++) {
      isUp = Boolean((await fetchWithin(`${base}/api/health`, 5).catch(() => null))?.ok);
      if (!isUp) await new Promise((r) => setTimeout(r, 200));
    }
    if (!isUp) throw new Error(`next start did not answer on port ${port}`);
    const signIn = await fetch(`${base}/api/auth/sign-in/email`, {
      method: "POST", headers: { "Content-Type": "application/json", Origin: base }, body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
    });
    if (!signIn.ok) throw new Error(`sign-in: ${signIn.status} ${await signIn.text()}`);
    const headers = { cookie: signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; "), Origin: base };
    return { next, base, headers };
  } catch (error) {
    await stopServer(next);
    throw error;
  }
}

export async function measureImports(args: { serverUrl: string; sourceUrl: string; size: number; port: number }) {
  const whole = args.size <= IMPORT_LIMITS.maxRows;
  const file = await exportCsv(args.sourceUrl, whole ? args.size : 100_000);
  const databaseUrl = whole
    ? await emptyDatabase(args.serverUrl, `bench_import_${args.size}`)
    : args.sourceUrl;
  const { next, base, headers } = await startEditorServer(databaseUrl, args.port);
  try {
    console.log(`\nimport of our CSV export (${(file.length / 2 ** 20).toFixed(0)} MB) over HTTP: upload and checks, then commit`);
    console.log(
      `${"case".padEnd(38)} ${"rows".padStart(7)} ${"stage s".padStart(7)} ${"rows/s".padStart(9)} ${"commit s".padStart(8)} ${"rows/s".padStart(9)} ` +
        `${"overall".padStart(9)} ${"RSS base".padStart(8)} ${"RSS peak".padStart(8)}`,
    );
    // The server's memory (Next and its children), sampled through upload and commit.
    const server = processTree(next.pid!);
    const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`.padStart(8);
    const cases = whole
      ? ([["into an empty database, published", "PUBLISHED"], ["again into the full one, as drafts", "DRAFT"]] as const)
      : ([[`into the ${args.size.toLocaleString("en-US")} incidents, as drafts`, "DRAFT"]] as const);
    for (const [name, status] of cases) {
      const baseRss = treeRss(server);
      let peakRss = baseRss;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, treeRss(server))), 100);
      let started = performance.now();
      const staged = await fetch(`${base}/api/import?name=bench.csv`, { method: "POST", headers, body: file });
      const { batchId, validCount } = (await staged.json()) as { batchId: string; validCount: number };
      if (staged.status !== 201) throw new Error(`upload: ${staged.status}`);
      const stageMs = performance.now() - started;
      started = performance.now();
      const committed = await fetch(`${base}/api/import/${batchId}/commit`, { method: "POST", headers, body: JSON.stringify({ status, includeDuplicates: "all" }) });
      const last = JSON.parse((await committed.text()).trim().split("\n").at(-1)!) as { imported?: number; error?: string };
      if (last.imported === undefined) throw new Error(`commit: ${committed.status} ${last.error}`);
      const commitMs = performance.now() - started;
      clearInterval(sampler);
      console.log(
        `${name.padEnd(38)} ${String(last.imported).padStart(7)} ${secs(stageMs)} ${rate(validCount, stageMs)} ${secs(commitMs).padStart(8)} ` +
          `${rate(last.imported, commitMs)} ${rate(last.imported, stageMs + commitMs)} ${mb(baseRss)} ${mb(peakRss)}`,
      );
    }
    await measureReadsDuringStaging({ base, headers, file, server });
  } finally {
    await stopServer(next);
  }
}
