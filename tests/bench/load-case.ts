// The "50 connections" case of `npm run bench`: 50 clients read the API as fast as the server lets
// them — list pages, the timeline, the map, a dated summary — for a fixed time, three times: on a
// server doing nothing else, beside 20 downloads read at 1 KB/s, and while our own CSV export of
// the size (~46 MB at 10^5) is uploaded and checked as an import. Prints requests per second,
// p50/p99, failures and the server's peak RSS (Next and its children) for each. Then the embedded
// PostgreSQL is killed (SIGKILL, as the out-of-memory killer does) and the time until
// /api/health answers 200 again is measured: its watchdog restarts it, the app's pool reconnects.
// Bounded: a fixed duration per phase, every socket destroyed at the end.

import fs from "node:fs";
import path from "node:path";
import { fetchWithin } from "./bounds";
import { processTree, treeRss } from "./export-cases";
import { CLIENTS as SLOW_CLIENTS, type Download, slowDownload } from "./stalled-exports-case";

const CONNECTIONS = 50;
const READS = [
  "/api/incidents?limit=50",
  "/api/stats/timeline?interval=month&groupBy=claimant",
  "/api/map?bbox=35,29,49,38&zoom=5",
  "/api/incidents?limit=1&from=2024-01-01&to=2024-06-30",
];

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

type LoadResult = { times: number[]; failures: string[]; seconds: number; peakRss: number };

/** CONNECTIONS loops, each one request after another over READS, until `until()` or the signal says stop. */
async function load(base: string, server: number[], until: () => boolean, signal: AbortSignal): Promise<LoadResult> {
  const times: number[] = [];
  const failures: string[] = [];
  let peakRss = treeRss(server);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, treeRss(server))), 100);
  const started = performance.now();
  const client = async (offset: number) => {
    for (let i = offset; !until() && !signal.aborted; i++) {
      const t = performance.now();
      try {
        const response = await fetchWithin(`${base}${READS[i % READS.length]}`, 30, { signal });
        await response.arrayBuffer();
        if (!response.ok) failures.push(String(response.status));
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
      times.push(performance.now() - t);
    }
  };
  try {
    await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => client(i)));
  } finally {
    clearInterval(sampler);
  }
  return { times, failures, seconds: (performance.now() - started) / 1000, peakRss };
}

const forSeconds = (seconds: number) => {
  const end = Date.now() + seconds * 1000;
  return () => Date.now() >= end;
};

function printLoad(label: string, r: LoadResult) {
  const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
  console.log(
    `${label.padEnd(40)} ${String(r.times.length).padStart(6)} ${(r.times.length / r.seconds).toFixed(0).padStart(6)} ` +
      `${percentile(r.times, 50).toFixed(1).padStart(7)} ${percentile(r.times, 99).toFixed(1).padStart(7)} ${String(r.failures.length).padStart(6)} ${mb(r.peakRss).padStart(8)}` +
      (r.failures.length ? `  (${[...new Set(r.failures)].slice(0, 3).join("; ")})` : ""),
  );
}

export async function measureLoad(args: {
  base: string; headers: Record<string, string>; serverPid: number; file: Buffer<ArrayBuffer>; seconds: number; signal: AbortSignal;
}) {
  const { base, headers, file, seconds, signal } = args;
  const server = processTree(args.serverPid);
  console.log(`\n${CONNECTIONS} connections reading ${READS.length} API paths in turn (ms; RSS = the server's peak, Next and its children)`);
  console.log(`${"case".padEnd(40)} ${"n".padStart(6)} ${"req/s".padStart(6)} ${"p50".padStart(7)} ${"p99".padStart(7)} ${"failed".padStart(6)} ${"RSS".padStart(8)}`);
  printLoad("alone", await load(base, server, forSeconds(seconds), signal));

  let isStopped = false;
  const downloads: Download[] = Array.from({ length: SLOW_CLIENTS }, () => ({ served: 0, bytes: 0, refusals: 0 }));
  try {
    for (const download of downloads) slowDownload(`${base}/api/export?format=csv`, download, () => isStopped);
    await new Promise((r) => setTimeout(r, 2000)); // the downloads take their connections first
    printLoad(`beside ${SLOW_CLIENTS} downloads at 1 KB/s`, await load(base, server, forSeconds(seconds), signal));
  } finally {
    isStopped = true;
    for (const download of downloads) download.request?.destroy();
  }

  let isStaging = true;
  const stagingStarted = performance.now();
  const staging = fetch(`${base}/api/import?name=bench-under-load.csv`, { method: "POST", headers, body: file, signal }).finally(() => (isStaging = false));
  const during = await load(base, server, () => !isStaging, signal);
  const staged = await staging;
  const { batchId } = (await staged.json()) as { batchId?: string };
  if (staged.status !== 201 || !batchId) throw new Error(`upload under load: ${staged.status}`);
  await fetch(`${base}/api/import/${batchId}`, { method: "DELETE", headers });
  printLoad(`while a ${(file.length / 2 ** 20).toFixed(0)} MB import is staged (${((performance.now() - stagingStarted) / 1000).toFixed(1)} s)`, during);
}

/**
 * SIGKILL to the embedded PostgreSQL's postmaster under a running server, then /api/health every
 * 50 ms: the time to the first 503 and to the next 200 (the watchdog restarts it with backoff).
 */
export async function measureRecovery(args: { base: string; dataDir: string; signal: AbortSignal }) {
  const postmaster = Number.parseInt(fs.readFileSync(path.join(args.dataDir, "postmaster.pid"), "utf8").split("\n")[0]!, 10);
  const killedAt = performance.now();
  process.kill(postmaster, "SIGKILL");
  let firstDown: number | null = null;
  const statuses = new Set<number>();
  while (!args.signal.aborted) {
    const status = await fetchWithin(`${args.base}/api/health`, 5, { signal: args.signal }).then((r) => r.status, () => 0);
    statuses.add(status);
    if (status !== 200 && firstDown === null) firstDown = performance.now() - killedAt;
    if (status === 200 && firstDown !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const healed = performance.now() - killedAt;
  console.log(
    `\nkill -9 of the embedded PostgreSQL: health ${firstDown === null ? "never failed" : `failed after ${firstDown.toFixed(0)} ms`}, ` +
      `200 again after ${(healed / 1000).toFixed(1)} s (answers seen: ${[...statuses].sort().join(", ")}; 0 = no answer)`,
  );
}
