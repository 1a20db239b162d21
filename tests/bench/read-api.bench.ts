// `npm run bench [-- --sizes 100000,1000000 --runs 30 --only reads|exports|imports|stalled|load --stall-seconds 40 --load-seconds 20]`:
// the read API and the exports against the raw database, imports, and pages and reads under 20
// stalled exports (tests/bench/stalled-exports-case.ts), 50 connections alone, beside slow downloads
// and during an import, then a kill -9 of PostgreSQL until health answers again (tests/bench/load-case.ts).
//
// For each size: a fresh embedded PostgreSQL database is seeded, a production server (`next start`,
// build first) serves it, and every case is timed twice — as an HTTP request to the API, and as
// the very SQL statements that request runs, replayed on a plain pg connection. Prints median and
// p95 of both. Then the exports (tests/bench/export-cases.ts) and the imports
// (tests/bench/import-cases.ts). Not part of `npm test`: it takes minutes and its figures depend on the machine.
// Every step has a time limit (tests/bench/bounds.ts): one that is hit stops the bench, naming the step.

import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { deployMigrations } from "@/lib/db/migrations";
import { seedDatabase } from "@/prisma/seed";
import { bounded, fetchWithin, limitFor, stopServer } from "./bounds";
import { measureExports } from "./export-cases";
import { exportCsv, measureImports, startEditorServer } from "./import-cases";
import { measureLoad, measureRecovery } from "./load-case";
import { measureStalledExports } from "./stalled-exports-case";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** How long one map view may take from setView to drawn before the bench gives up on it. */
const MAP_VIEW_LIMIT_MS = 60_000;

type Case = { name: string; path: string };
const CASES: Case[] = [
  { name: "timeline month × claimant", path: "/api/stats/timeline?interval=month&groupBy=claimant" },
  { name: "timeline week × claimant (date)", path: "/api/stats/timeline?interval=week&groupBy=claimant&from=2024-01-01&to=2024-12-31" },
  { name: "timeline week × type (claimant)", path: "/api/stats/timeline?interval=week&groupBy=type&claimant=kataib-hezbollah" },
  { name: "summary (none) via list total", path: "/api/incidents?limit=1" },
  { name: "summary (date) via list total", path: "/api/incidents?limit=1&from=2024-01-01&to=2024-06-30" },
  { name: "map z5 region (none)", path: "/api/map?bbox=35,29,49,38&zoom=5" },
  { name: "map z5 region (date)", path: "/api/map?bbox=35,29,49,38&zoom=5&from=2024-01-01&to=2024-12-31" },
  { name: "map z9 1° box (none)", path: "/api/map?bbox=42,33.3,43,34.3&zoom=9" },
  { name: "list page 1 (50)", path: "/api/incidents?limit=50" },
  { name: "list page 1 (claimant)", path: "/api/incidents?limit=50&claimant=kataib-hezbollah" },
  { name: "search (one reference code)", path: "/api/incidents?limit=50&q=IQ-2024-0117" },
  { name: "search (3% term)", path: "/api/incidents?limit=50&q=Qasrak" },
  { name: "search (55% term)", path: "/api/incidents?limit=50&q=drone" },
  ...dashboardFilterCases(),
  { name: "dashboard page (none)", path: "/" },
  { name: "dashboard page (outcome)", path: "/?outcome=impact" },
  { name: "dashboard page (q=drone)", path: "/?q=drone" },
];

/**
 * The dashboard's filters on outcome, confidence and claim status, alone and combined with dates
 * and a claimant, for each of its reads: the summary's count, the timeline and the map.
 */
function dashboardFilterCases(): Case[] {
  const filters: Array<[string, string]> = [
    ["outcome", "outcome=impact"],
    ["confidence", "confidence=confirmed"],
    ["claim status", "claimStatus=claimed"],
    ["outcome+date+claimant", "outcome=impact&from=2024-01-01&to=2024-12-31&claimant=kataib-hezbollah"],
  ];
  return filters.flatMap(([label, query]) => [
    { name: `summary (${label})`, path: `/api/incidents?limit=1&${query}` },
    { name: `timeline month × claimant (${label})`, path: `/api/stats/timeline?interval=month&groupBy=claimant&${query}` },
    { name: `map z5 (${label})`, path: `/api/map?bbox=35,29,49,38&zoom=5&${query}` },
  ]);
}

function parseArgs() {
  const args = process.argv.slice(2);
  const get = (flag: string, fallback: string) => {
    const i = args.indexOf(flag);
    return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
  };
  const only = get("--only", "all");
  if (!["all", "reads", "exports", "imports", "stalled", "load"].includes(only)) throw new Error("--only takes reads, exports, imports, stalled or load");
  const stallSeconds = Number(get("--stall-seconds", "40"));
  if (!(stallSeconds >= 5 && stallSeconds <= 600)) throw new Error("--stall-seconds takes 5 to 600");
  const loadSeconds = Number(get("--load-seconds", "20"));
  if (!(loadSeconds >= 5 && loadSeconds <= 600)) throw new Error("--load-seconds takes 5 to 600");
  return { sizes: get("--sizes", "100000,1000000").split(",").map(Number), runs: Number(get("--runs", "30")), only, stallSeconds, loadSeconds };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1)).padStart(7);

/** Every statement the server sent to PostgreSQL for one request, read back from the server's log. */
async function statementsOf(logFile: string, run: () => Promise<void>): Promise<Array<{ text: string; values: unknown[] }>> {
  const before = fs.statSync(logFile).size;
  await run();
  await new Promise((r) => setTimeout(r, 200));
  const fd = fs.openSync(logFile, "r");
  const buffer = Buffer.alloc(fs.statSync(logFile).size - before);
  fs.readSync(fd, buffer, 0, buffer.length, before);
  fs.closeSync(fd);
  return JSON.parse(`[${buffer.toString("utf8").trim().split("\n").filter(Boolean).join(",")}]`);
}

/**
 * The map in Chromium: for each view, the time from setting it to the features drawn (request,
 * JSON, canvas drawing and the next frame), as the page itself measures it.
 */
async function measureMapDraws(base: string, signal: AbortSignal) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  // The step's limit closes the browser, which ends whatever the page is waiting on.
  const onAbort = () => void browser.close().catch(() => {});
  signal.addEventListener("abort", onAbort);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(60_000);
    // The first draw: from navigation to the map's features drawn, as a reader opening the dashboard.
    // The first visit warms the server (and the browser's cache of the map's code); the second is timed.
    for (const isTimed of [false, true]) {
      const started = performance.now();
      await page.goto(base);
      await page.getByTestId("incident-map").waitFor();
      await page.waitForFunction(() => document.querySelector('[data-testid="incident-map"]')?.getAttribute("data-state") === "ready");
      if (isTimed) console.log(`${"first map draw (page load → drawn)".padEnd(50)} ${fmt(performance.now() - started)}`);
    }
    console.log(`${"map view in Chromium".padEnd(50)} ${"ms".padStart(7)} features (ms from setView to drawn, incl. the 150 ms debounce)`);
    const views: Array<[string, [number, number], number]> = [
      ["region z5", [33.5, 42], 5], ["region z6", [33.5, 42], 6], ["Anbar z8", [33.8, 42.4], 8],
      ["Deir ez-Zor z7", [35.2, 40.4], 7], ["Ain al-Asad z11", [33.8, 42.44], 11], ["back to z5", [33.5, 42], 5],
    ];
    for (const [name, center, zoom] of views) {
      // Sent as source text: the bundler's helpers (e.g. __name) do not exist in the page. A
      // MutationObserver sees "loading" even when it lasts less than a frame; a timer ends the wait
      // with the state the map was left in (an error, or a view that never started loading).
      const result = (await page.evaluate(`new Promise((resolve) => {
        const container = document.querySelector('[data-testid="incident-map"]');
        const started = performance.now();
        let sawLoading = false;
        let isDone = false;
        const observer = new MutationObserver(() => {
          if (container.getAttribute("data-state") === "loading") sawLoading = true;
        });
        observer.observe(container, { attributes: true, attributeFilter: ["data-state"] });
        const end = (result) => { if (!isDone) { isDone = true; observer.disconnect(); clearTimeout(timer); resolve(result); } };
        const timer = setTimeout(() => end({ timedOut: true, state: container.getAttribute("data-state"), sawLoading }), ${MAP_VIEW_LIMIT_MS});
        function check() {
          if (isDone) return;
          const state = container.getAttribute("data-state");
          if (state === "loading") sawLoading = true;
          if (sawLoading && state === "ready") {
            requestAnimationFrame(() => end({ ms: performance.now() - started, features: Number(container.getAttribute("data-feature-count")) }));
          } else requestAnimationFrame(check);
        }
        window.__incidentMap.map.setView([${center[0]}, ${center[1]}], ${zoom}, { animate: false });
        requestAnimationFrame(check);
      })`)) as { ms: number; features: number } | { timedOut: true; state: string | null; sawLoading: boolean };
      if ("timedOut" in result) {
        throw new Error(
          `map view "${name}": not drawn within ${MAP_VIEW_LIMIT_MS / 1000} s of setView (data-state "${result.state}", ` +
            `${result.sawLoading ? "it did start loading" : "it never started loading"})`,
        );
      }
      console.log(`${name.padEnd(50)} ${fmt(result.ms)} ${result.features}`);
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    await browser.close().catch(() => {});
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

async function main() {
  const { sizes, runs, only, stallSeconds, loadSeconds } = parseArgs();
  if (!fs.existsSync(path.join(ROOT, ".next/BUILD_ID"))) throw new Error("Run `npx next build` first.");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attack-tracker-bench-"));
  fs.chmodSync(dir, 0o755);
  const PORT = await freePort();
  const pgPort = await freePort();
  const server = await bounded("start the embedded PostgreSQL", 120, () =>
    startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: pgPort, database: "postgres" }),
  );
  console.log(`Read API benchmark: ${runs} runs per case after 3 warm-up runs; times in ms (median / p95).`);
  try {
    for (const size of sizes) {
      const at = `${size.toLocaleString("en-US")} incidents`;
      const dbName = `bench_${size}`;
      const url = new URL(server.url);
      url.pathname = `/${dbName}`;
      await bounded(`create and migrate the database (${at})`, 300, async () => {
        const admin = new pg.Client({ connectionString: server.url });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${dbName}`);
        await admin.end();
        await deployMigrations(url.toString());
      });
      const seedStarted = performance.now();
      await bounded(`seed ${at}`, limitFor(size, 120, 1800), () => seedDatabase(url.toString(), ["--synthetic", "--count", String(size)]));
      console.log(`\n== ${at} (seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s)`);

      const logFile = path.join(dir, `sql-${size}.log`);
      fs.writeFileSync(logFile, "");
      const next = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(PORT), "-H", "127.0.0.1"], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: url.toString(), NEXT_TELEMETRY_DISABLED: "1", BENCH_SQL_LOG: logFile },
        stdio: ["ignore", "ignore", "inherit"],
      });
      const base = `http://127.0.0.1:${PORT}`;
      try {
        await bounded(`next start answers /api/health (${at})`, 60, async (signal) => {
          while (!signal.aborted && !(await fetchWithin(`${base}/api/health`, 5, { signal }).catch(() => null))?.ok) {
            await new Promise((r) => setTimeout(r, 200));
          }
        });
        // Exports first, on a server that has served nothing else yet, so its RSS is the export's own.
        if (only === "all" || only === "exports") {
          await bounded(`exports (${at})`, limitFor(size, 300, 1200), () =>
            measureExports({ base, databaseUrl: url.toString(), serverPid: next.pid!, runs: size >= 1_000_000 ? 1 : 3 }),
          );
        }
        if (only === "all" || only === "reads") await measureReads(url.toString(), logFile, at);
        if (only === "all" || only === "stalled") {
          await bounded(`20 stalled exports while pages and reads are timed (${at})`, stallSeconds + 90, (signal) =>
            measureStalledExports({ base, databaseUrl: url.toString(), seconds: stallSeconds, signal }),
          );
        }
        // Last, as above the import's row limit it imports into this size's own database.
        if (only === "all" || only === "imports") {
          const port = await freePort();
          await bounded(`imports (${at})`, limitFor(size, 300, 1500), () => measureImports({ serverUrl: server.url, sourceUrl: url.toString(), size, port }));
        }
        // Last of all: it ends by killing the database (which its watchdog then restarts).
        if (only === "all" || only === "load") {
          const port = await freePort();
          const file = await exportCsv(url.toString(), Math.min(size, 100_000));
          const editor = await startEditorServer(url.toString(), port);
          try {
            await bounded(`50 connections alone, beside slow downloads, during an import (${at})`, 3 * loadSeconds + 300, (signal) =>
              measureLoad({ base: editor.base, headers: editor.headers, serverPid: editor.next.pid!, file, seconds: loadSeconds, signal }),
            );
            await bounded(`kill -9 of PostgreSQL until health answers 200 (${at})`, 120, (signal) =>
              measureRecovery({ base: editor.base, dataDir: path.join(dir, "pg"), signal }),
            );
          } finally {
            await stopServer(editor.next);
          }
        }
      } finally {
        await stopServer(next);
      }
    }
  } finally {
    await bounded("stop the embedded PostgreSQL", 60, () => server.stop());
    fs.rmSync(dir, { recursive: true, force: true });
  }

  /** Each read API case, median and p95, beside the same statements run directly; then the map's draw times. */
  async function measureReads(databaseUrl: string, logFile: string, at: string) {
    await bounded(`read API cases (${at})`, 900, (signal) => measureReadCases(databaseUrl, logFile, signal));
    await bounded(`map view in Chromium (${at})`, 8 * 60, (signal) => measureMapDraws(`http://127.0.0.1:${PORT}`, signal));
  }

  async function measureReadCases(databaseUrl: string, logFile: string, signal: AbortSignal) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    // No replayed statement may hang the step either.
    await client.query("SET statement_timeout = '60s'");
    console.log(`${"case".padEnd(50)} ${"API med".padStart(7)} ${"API p95".padStart(7)} ${"SQL med".padStart(7)} ${"SQL p95".padStart(7)}  ratio`);
    for (const c of CASES) {
      const get = async () => {
        const response = await fetchWithin(`http://127.0.0.1:${PORT}${c.path}`, 60, { signal });
        if (!response.ok) throw new Error(`${c.path}: ${response.status} ${await response.text()}`);
        await response.arrayBuffer();
      };
      for (let i = 0; i < 3; i++) await get();
      const statements = await statementsOf(logFile, get);
      const api: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await get();
        api.push(performance.now() - t);
      }
      // The same statements, one after another on one connection (the API runs some in parallel).
      const sql: number[] = [];
      for (let i = 0; i < runs + 3; i++) {
        const t = performance.now();
        for (const s of statements) await client.query(s.text, s.values);
        if (i >= 3) sql.push(performance.now() - t);
      }
      const ratio = percentile(api, 50) / percentile(sql, 50);
      console.log(`${c.name.padEnd(50)} ${fmt(percentile(api, 50))} ${fmt(percentile(api, 95))} ${fmt(percentile(sql, 50))} ${fmt(percentile(sql, 95))}  ${ratio.toFixed(2)}× (${statements.length} statements)`);
    }
    await client.end();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
