// The "20 stalled exports" case of `npm run bench`: 20 clients on loopback start
// `/api/export?format=csv` and read it at 1 KB/s (a refused one waits its Retry-After and asks
// again), while the bench times `/api/incidents` and the dashboard page one request after another.
// Prints p50/p99 of both, first on an idle server and then under the slow downloads, and what
// became of the downloads: how many were served and refused (503), and the most database
// connections the exports and the app's own pool held at once, sampled from pg_stat_activity. (A
// download cut by the server's stall limit cannot be told apart from the client side: the bytes
// already in the socket buffers still reach a 1 KB/s reader for hours. A served count above the
// export share shows the cuts: a slot came free and a retry took it.)
// Bounded: 20 clients, a fixed duration, every socket destroyed at the end.

import http from "node:http";
import pg from "pg";
import { fetchWithin } from "./bounds";

export const CLIENTS = 20;
const READ_BYTES_PER_S = 1024;

export type Download = { served: number; bytes: number; refusals: number; request?: http.ClientRequest };

/** One slow client: starts the export, then takes 1 KB a second from it until told to stop. */
export function slowDownload(url: string, download: Download, isStopped: () => boolean): void {
  const request = http.get(url, { agent: false }, (response) => {
    if (response.statusCode === 503) {
      download.refusals++;
      response.resume();
      const retryAfterS = Number(response.headers["retry-after"] ?? 5) || 5;
      setTimeout(() => !isStopped() && slowDownload(url, download, isStopped), retryAfterS * 1000).unref();
      return;
    }
    download.served++;
    response.pause();
    const reader = setInterval(() => {
      const chunk = response.read(READ_BYTES_PER_S) as Buffer | null;
      if (chunk) download.bytes += chunk.length;
    }, 1000);
    response.once("close", () => clearInterval(reader));
    response.on("error", () => {});
  });
  request.on("error", () => {});
  download.request = request;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

/** `/api/incidents` and the dashboard, alternately, for `seconds`: latencies and failures of each. */
async function timeReads(base: string, seconds: number, signal: AbortSignal) {
  const paths = { "/api/incidents?limit=50": [] as number[], "/": [] as number[] };
  const failures: Record<string, string[]> = { "/api/incidents?limit=50": [], "/": [] };
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until && !signal.aborted) {
    for (const [path, times] of Object.entries(paths)) {
      const started = performance.now();
      try {
        const response = await fetchWithin(`${base}${path}`, 10, { signal });
        await response.arrayBuffer();
        if (!response.ok) failures[path]!.push(String(response.status));
      } catch (error) {
        failures[path]!.push(error instanceof Error ? error.message : String(error));
      }
      times.push(performance.now() - started);
    }
  }
  return Object.entries(paths).map(([path, times]) => ({ path, times, failures: failures[path]! }));
}

function printReads(label: string, reads: Awaited<ReturnType<typeof timeReads>>) {
  for (const { path, times, failures } of reads) {
    const p99 = percentile(times, 99);
    console.log(
      `${`${label}: ${path === "/" ? "dashboard page /" : path}`.padEnd(50)} ${String(times.length).padStart(5)} ${percentile(times, 50).toFixed(1).padStart(8)} ` +
        `${p99.toFixed(1).padStart(8)} ${Math.max(...times).toFixed(1).padStart(8)} ${String(failures.length).padStart(6)}  ${p99 < 1000 ? "p99 < 1 s" : "p99 OVER 1 s"}` +
        (failures.length ? `  (${[...new Set(failures)].slice(0, 3).join("; ")})` : ""),
    );
  }
}

/** The most connections the exports' pool and the app's own pool held at once while `run` ran. */
async function sampleConnections<T>(databaseUrl: string, run: () => Promise<T>): Promise<{ result: T; exports: number; app: number }> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "bench sampler" });
  await client.connect();
  const peak = { exports: 0, app: 0 };
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    sampling = sampling.then(async () => {
      const { rows } = await client.query<{ exports: number; app: number }>(
        `SELECT count(*) FILTER (WHERE application_name = 'attack-tracker export' AND state <> 'idle')::int AS exports,
                count(*) FILTER (WHERE application_name = 'attack-tracker')::int AS app
         FROM pg_stat_activity WHERE datname = current_database()`,
      );
      peak.exports = Math.max(peak.exports, rows[0]!.exports);
      peak.app = Math.max(peak.app, rows[0]!.app);
    }).catch(() => {});
  }, 500);
  try {
    return { result: await run(), ...peak };
  } finally {
    clearInterval(timer);
    await sampling;
    await client.end();
  }
}

export async function measureStalledExports(args: { base: string; databaseUrl: string; seconds: number; signal: AbortSignal }) {
  console.log(`\n${CLIENTS} exports read at ${READ_BYTES_PER_S} B/s for ${args.seconds} s while pages and the read API are timed (ms)`);
  console.log(`${"case".padEnd(50)} ${"n".padStart(5)} ${"p50".padStart(8)} ${"p99".padStart(8)} ${"max".padStart(8)} ${"failed".padStart(6)}`);
  printReads("idle server", await timeReads(args.base, Math.min(10, args.seconds), args.signal));

  let isStopped = false;
  const downloads: Download[] = Array.from({ length: CLIENTS }, () => ({ served: 0, bytes: 0, refusals: 0 }));
  const { exports, app } = await sampleConnections(args.databaseUrl, async () => {
    try {
      for (const download of downloads) slowDownload(`${args.base}/api/export?format=csv`, download, () => isStopped);
      // Let the downloads take their connections and fill the socket buffers before timing.
      await new Promise((r) => setTimeout(r, 2000));
      printReads(`${CLIENTS} slow exports`, await timeReads(args.base, args.seconds, args.signal));
    } finally {
      isStopped = true;
      for (const download of downloads) download.request?.destroy();
    }
  });
  const sum = (key: "served" | "refusals" | "bytes") => downloads.reduce((n, d) => n + d[key], 0);
  console.log(
    `downloads: ${sum("served")} served (200), ${sum("refusals")} refused with 503 (Retry-After honoured); ` +
      `${(sum("bytes") / 1024).toFixed(0)} KB read in all; at most ${exports} export and ${app} app connections busy/open at once`,
  );
}
