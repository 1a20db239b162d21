// `npm start`'s shutdown (lib/db/app-process.ts, as lib/cli/start.ts uses it): a SIGTERM while a
// client reads a download slowly must still end with the process gone and PostgreSQL stopped
// cleanly within the grace plus a few seconds. The app here stands in for `next start` (no
// production build is needed): like Next, on SIGTERM it stops listening and waits for open requests.
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "@/lib/db/migrations";
import { createTempDir, findFreePort } from "../helpers/test-database";

const GRACE_MS = 2_000;

/** Like Next's start-server: SIGTERM → server.close() (no new connections), exit once requests end. */
const FAKE_NEXT = `
  const http = require("node:http");
  const server = http.createServer((req, res) => {
    if (req.url !== "/slow") return res.end("ok");
    const chunk = Buffer.alloc(64 * 1024, 120);
    const pump = () => { while (res.write(chunk)) {} res.once("drain", pump); };
    pump();
  });
  server.listen(Number(process.env.APP_PORT), "127.0.0.1", () => console.log("LISTENING"));
  process.on("SIGTERM", () => server.close(() => process.exit(143)));
`;

/** start.ts's last steps: an embedded PostgreSQL, then the app until it stops, then the database. */
const HARNESS = `
  const { startEmbeddedPostgres } = await import(${JSON.stringify(path.join(REPO_ROOT, "lib/db/embedded-postgres.ts"))});
  const { runAppProcess, shutdownGraceMs } = await import(${JSON.stringify(path.join(REPO_ROOT, "lib/db/app-process.ts"))});
  const server = await startEmbeddedPostgres({ dataDir: process.env.DATA_DIR, port: Number(process.env.PG_PORT), database: "shutdown" });
  const code = await runAppProcess({
    command: process.execPath, args: ["-e", process.env.FAKE_NEXT], cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: server.url }, graceMs: shutdownGraceMs(), stopDatabase: server.stop,
  });
  process.exit(code);
`;

const tempDirs: string[] = [];
afterAll(async () => {
  for (const dir of tempDirs) await fs.rm(dir, { recursive: true, force: true });
});

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}

describe("npm start's shutdown", () => {
  it("refuses new connections at once, closes a slow download after the grace, and stops PostgreSQL cleanly", async () => {
    const tempDir = await createTempDir("app-shutdown");
    tempDirs.push(tempDir);
    const dataDir = path.join(tempDir, "pg");
    const [pgPort, appPort] = [await findFreePort(), await findFreePort()];
    const harness = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", HARNESS], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATA_DIR: dataDir, PG_PORT: String(pgPort), APP_PORT: String(appPort), FAKE_NEXT, SHUTDOWN_GRACE_MS: String(GRACE_MS) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const exited = new Promise<number | null>((resolve) => harness.once("exit", (code) => resolve(code)));
    harness.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      harness.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("LISTENING")) resolve();
      });
      void exited.then(() => reject(new Error(`the harness exited early: ${output}`)));
    });
    const postmaster = Number.parseInt((await fs.readFile(path.join(dataDir, "postmaster.pid"), "utf8")).split("\n")[0]!, 10);

    try {
      // A client that reads one chunk of a download, then nothing more; then the SIGTERM.
      let markSignalled: (at: number) => void = () => {};
      let slowResponse: http.IncomingMessage | undefined;
      const signalled = new Promise<number>((resolve) => (markSignalled = resolve));
      const slowClosed = new Promise<void>((resolve) => {
        const request = http.get(`http://127.0.0.1:${appPort}/slow`, (response) => {
          slowResponse = response;
          response.once("data", () => {
            response.pause();
            harness.kill("SIGTERM");
            markSignalled(Date.now());
          });
          response.once("close", resolve);
          response.once("error", () => resolve());
        });
        request.once("error", () => resolve());
      });
      const signalledAt = await signalled;

      // New connections are refused well before the grace is over.
      let isRefusing = false;
      while (!isRefusing && Date.now() - signalledAt < GRACE_MS / 2) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        isRefusing = await refusesConnections(appPort);
      }
      expect(isRefusing).toBe(true);

      // Gone within the grace and a few seconds, the download cut, PostgreSQL shut down.
      const bound = new Promise<"still running">((resolve) => setTimeout(() => resolve("still running"), GRACE_MS + 8_000));
      expect(await Promise.race([exited, bound])).toBe(143);
      console.log(`npm start's shutdown: SIGTERM to exit in ${Date.now() - signalledAt} ms (grace ${GRACE_MS} ms)`);
      // The client reads again: what is left in its buffers, then the end of a cut connection.
      slowResponse?.resume();
      const cutBound = new Promise<"still open">((resolve) => setTimeout(() => resolve("still open"), 5_000));
      expect(await Promise.race([slowClosed.then(() => "closed"), cutBound])).toBe("closed");
      expect(slowResponse?.complete).toBe(false); // cut, not finished
      await expect(fs.access(path.join(dataDir, "postmaster.pid"))).rejects.toThrow(); // a clean shutdown removes it
      expect(isProcessAlive(postmaster)).toBe(false);
    } finally {
      harness.kill("SIGKILL");
      if (isProcessAlive(postmaster)) process.kill(postmaster, "SIGINT");
    }
  }, 30_000);
});

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
