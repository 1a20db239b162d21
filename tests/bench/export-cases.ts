// Export cases for `npm run bench`: each download through the production server (rows/s and the
// server's peak RSS while it streams) beside the same COPY statement run straight on a pg
// connection, and a bare COPY of the incident table's own columns as the floor.

import fs from "node:fs";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { EXPORT_SETTINGS, exportStatementFor } from "@/lib/data/incident-export";
import type { ExportFormat, ExportProfile } from "@/lib/export/file-name";

const CASES: Array<{ name: string; format: ExportFormat; profile: ExportProfile }> = [
  { name: "CSV", format: "csv", profile: "standard" },
  { name: "ACLED CSV", format: "csv", profile: "acled" },
  { name: "GeoJSON", format: "geojson", profile: "standard" },
  { name: "JSON", format: "json", profile: "standard" },
];

const BARE_COPY = `COPY (SELECT i.id, i.reference, i.occurred_on, i.date_precision, i.country, i.admin1, i.location_name, i.location_name_ar,
    i.lat, i.lon, i.geo_precision, i.target_type, i.attack_type, i.outcome, i.claim_status, i.killed_min, i.killed_max, i.wounded_min,
    i.wounded_max, i.confidence, i.notes, i.updated_at, i.is_synthetic
  FROM incident i WHERE i.status = 'PUBLISHED' ORDER BY i.occurred_on DESC, i.id DESC) TO STDOUT WITH (FORMAT csv, HEADER)`;

/** A process and all its descendants (Linux /proc), found once: reading all of /proc per sample would cost CPU. */
export function processTree(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const tree: number[] = [];
  for (const stack = [rootPid]; stack.length; ) {
    const pid = stack.pop()!;
    tree.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** Resident memory of those processes, in bytes. */
export function treeRss(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      total += Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
    } catch {
      // gone
    }
  }
  return total;
}

async function timeCopy(client: pg.Client, statement: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  let bytes = 0;
  for await (const chunk of client.query(copyTo(statement)) as AsyncIterable<Buffer>) bytes += chunk.length;
  return { ms: performance.now() - started, bytes };
}

async function timeDownload(url: string, serverPid: number): Promise<{ ms: number; firstByteMs: number; bytes: number; peakRss: number; baseRss: number }> {
  const server = processTree(serverPid);
  const baseRss = treeRss(server);
  let peakRss = baseRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, treeRss(server))), 50);
  const started = performance.now();
  let firstByteMs = 0;
  let bytes = 0;
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      if (bytes === 0) firstByteMs = performance.now() - started;
      bytes += chunk.length;
    }
  } finally {
    clearInterval(sampler);
  }
  return { ms: performance.now() - started, firstByteMs, bytes, peakRss: Math.max(peakRss, treeRss(server)), baseRss };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const rate = (rows: number, ms: number) => `${Math.round(rows / (ms / 1000)).toLocaleString("en-US")}`.padStart(9);
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0).padStart(5);

export async function measureExports(args: { base: string; databaseUrl: string; serverPid: number; runs: number }) {
  const client = new pg.Client({ connectionString: args.databaseUrl });
  await client.connect();
  try {
    // The statement run directly gets the settings the API's export transaction uses.
    for (const [name, value] of Object.entries(EXPORT_SETTINGS)) await client.query("SELECT set_config($1, $2, false)", [name, value]);
    const rows = (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM incident WHERE status = 'PUBLISHED'")).rows[0]!.n;
    console.log(`\nexport of ${rows.toLocaleString("en-US")} published incidents, median of ${args.runs} run(s)`);
    console.log(`${"case".padEnd(22)} ${"rows/s".padStart(9)} ${"MB".padStart(5)} ${"1st byte ms".padStart(11)} ${"RSS base".padStart(8)} ${"RSS peak".padStart(8)}  vs same COPY direct`);
    const bare = [];
    for (let i = 0; i < args.runs; i++) bare.push(await timeCopy(client, BARE_COPY));
    console.log(`${"bare COPY (no joins)".padEnd(22)} ${rate(rows, median(bare.map((r) => r.ms)))} ${mb(bare[0]!.bytes)}`);
    for (const c of CASES) {
      const statement = await exportStatementFor({}, c.format, c.profile);
      const direct = [];
      for (let i = 0; i < args.runs; i++) direct.push(await timeCopy(client, statement));
      const http = [];
      for (let i = 0; i < args.runs; i++) http.push(await timeDownload(`${args.base}/api/export?format=${c.format}&profile=${c.profile}`, args.serverPid));
      const httpMs = median(http.map((r) => r.ms));
      const directMs = median(direct.map((r) => r.ms));
      console.log(
        `${`${c.name} via HTTP`.padEnd(22)} ${rate(rows, httpMs)} ${mb(http[0]!.bytes)} ${median(http.map((r) => r.firstByteMs)).toFixed(0).padStart(11)} ` +
          `${mb(Math.min(...http.map((r) => r.baseRss)))} MB ${mb(Math.max(...http.map((r) => r.peakRss)))} MB  ${(directMs / httpMs).toFixed(2)}× (direct ${rate(rows, directMs).trim()} rows/s)`,
      );
    }
  } finally {
    await client.end();
  }
}
