// `npm start`: build if the sources changed, provide the database (DATABASE_URL, or an embedded
// PostgreSQL under .data/), apply migrations, load the public record into a new embedded database
// (prisma/public-record/), then serve with `next start`. Everything before `next start` runs as the
// database's owner; the app itself, on the embedded database, as a role that cannot change the
// audit trail (lib/db/app-role.ts); a DATABASE_URL whose role could is warned about. Ctrl-C or
// SIGTERM stops the app (in-flight requests get SHUTDOWN_GRACE_MS, default 10 s) and then the
// embedded database, cleanly; an embedded database that dies meanwhile is restarted
// (lib/db/embedded-postgres.ts).
//
// Flags: --dev (next dev instead of a production build), --port N, --host H, --no-build,
//        --data-dir DIR and --pg-port N (where the embedded database lives; tests use these),
//        --synthetic N (a new database also gets N synthetic demo incidents, labelled as such).

import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDemoAccounts } from "../accounts/users";
import { runAppProcess, shutdownGraceMs } from "../db/app-process";
import { findAuditBypassRisks } from "../db/app-role";
import { DatabaseSetupError } from "../db/embedded-postgres";
import { ensureDatabase } from "../db/ensure-database";
import { seedDatabase } from "../../prisma/seed";

const ROOT = path.resolve(import.meta.dirname, "../..");
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");

type StartOptions = { dev: boolean; build: boolean; port: number; host?: string; dataDir?: string; pgPort?: number; synthetic?: number };

function parseArgs(argv: string[]): StartOptions {
  const options: StartOptions = { dev: false, build: true, port: Number(process.env.PORT ?? 3000) };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new DatabaseSetupError(`${arg} needs a value.`);
      return v;
    };
    if (arg === "--dev") options.dev = true;
    else if (arg === "--no-build") options.build = false;
    else if (arg === "--port") options.port = Number(value());
    else if (arg === "--host") options.host = value();
    else if (arg === "--data-dir") options.dataDir = path.resolve(value());
    else if (arg === "--pg-port") options.pgPort = Number(value());
    else if (arg === "--synthetic") options.synthetic = Number(value());
    else throw new DatabaseSetupError(`Unknown option ${arg}.`);
  }
  if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) {
    throw new DatabaseSetupError(`The port must be a number from 1 to 65535 (PORT or --port), not "${options.port}".`);
  }
  return options;
}

/** A production build is needed when there is none, or when a source file is newer than it. */
function needsBuild(): boolean {
  const buildId = path.join(ROOT, ".next/BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const builtAt = fs.statSync(buildId).mtimeMs;
  const newest = (entry: string): number => {
    const full = path.join(ROOT, entry);
    if (!fs.existsSync(full)) return 0;
    const stat = fs.statSync(full);
    if (!stat.isDirectory()) return stat.mtimeMs;
    if (entry === "lib/generated") return 0;
    return Math.max(stat.mtimeMs, ...fs.readdirSync(full).map((name) => newest(path.join(entry, name))));
  };
  const sources = ["app", "components", "lib", "public", "prisma/schema.prisma", "next.config.ts", "package-lock.json", "postcss.config.mjs", "tsconfig.json"];
  return Math.max(...sources.map(newest)) > builtAt;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function assertPortFree(port: number, host?: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new DatabaseSetupError(`Port ${port} is already in use: stop the program using it, or start on another port with PORT=${port + 1} npm start.`)
          : error,
      ),
    );
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/** A brand-new database: migrations applied, but no reference data and no incidents yet. */
async function isEmptyDatabase(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ empty: boolean }>(
      "SELECT NOT EXISTS (SELECT 1 FROM incident) AND NOT EXISTS (SELECT 1 FROM armed_group) AS empty",
    );
    return rows[0]?.empty ?? false;
  } finally {
    await client.end();
  }
}

/**
 * Better Auth signs session cookies with BETTER_AUTH_SECRET. Without one in the environment, a
 * random secret is made once and kept next to the embedded data, so sessions survive a restart.
 */
function authSecret(dataDir: string | undefined): string {
  if (process.env.BETTER_AUTH_SECRET) return process.env.BETTER_AUTH_SECRET;
  const file = path.join(dataDir ? path.dirname(dataDir) : path.join(ROOT, ".data"), "auth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return fs.readFileSync(file, "utf8").trim();
}

function warnAboutAuditBypass(risks: string[]) {
  if (risks.length === 0) return;
  console.warn(
    `Warning: DATABASE_URL's role can rewrite the audit trail: ${risks.join("; ")}. ` +
      "Run the app as a role with only the grants listed on /docs/operations (Database roles; app/docs/operations/README.md), and migrations as the tables' owner.",
  );
}

function printDemoAccounts(accounts: Awaited<ReturnType<typeof createDemoAccounts>>) {
  console.log("\nDemo accounts (shown only now; `npm run user:create` sets a new password):");
  for (const { role, email, password } of accounts) console.log(`  ${role.padEnd(6)}  ${email}  ${password}`);
  console.log("");
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const publicHost = !options.host || options.host === "0.0.0.0" || options.host === "::" ? "localhost" : options.host;
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    BETTER_AUTH_URL: process.env.BETTER_AUTH_URL ?? `http://${publicHost}:${options.port}`,
    BETTER_AUTH_SECRET: authSecret(options.dataDir),
  };
  await assertPortFree(options.port, options.host);

  if (!options.dev && options.build && needsBuild()) {
    console.log("Building the app (next build)…");
    const code = await run(process.execPath, [NEXT_BIN, "build"], env);
    if (code !== 0) throw new DatabaseSetupError("The build failed (see above); fix the error and run npm start again.");
  }

  // A signal while the database starts or loads: exit now; the exit hook asks an embedded
  // PostgreSQL we started to shut down (lib/db/embedded-postgres.ts).
  const exitOnSignal = (signal: NodeJS.Signals) => process.exit(128 + os.constants.signals[signal]);
  process.on("SIGINT", exitOnSignal);
  process.on("SIGTERM", exitOnSignal);
  const database = await ensureDatabase({ dataDir: options.dataDir, port: options.pgPort });
  let stopping = false;
  const stopDatabase = async () => {
    if (stopping) return;
    stopping = true;
    await database.stop();
  };

  try {
    if (database.embedded && (await isEmptyDatabase(database.url))) {
      console.log("New embedded database: loading the public record…");
      await seedDatabase(database.url, []);
      if (options.synthetic) await seedDatabase(database.url, ["--synthetic", "--count", String(options.synthetic)]);
      printDemoAccounts(await createDemoAccounts(database.url));
    }
  } catch (error) {
    await stopDatabase();
    throw error;
  }

  if (!database.embedded) warnAboutAuditBypass(await findAuditBypassRisks(database.url));
  const where = database.embedded ? "embedded PostgreSQL" : "DATABASE_URL";
  console.log(`Attack Tracker: ${env.BETTER_AUTH_URL} (database: ${where})`);
  process.off("SIGINT", exitOnSignal);
  process.off("SIGTERM", exitOnSignal);
  const code = await runAppProcess({
    command: process.execPath,
    args: [NEXT_BIN, options.dev ? "dev" : "start", "-p", String(options.port), ...(options.host ? ["-H", options.host] : [])],
    cwd: ROOT,
    env: { ...env, DATABASE_URL: database.appUrl },
    // Ctrl-C or a SIGTERM: Next stops accepting connections and finishes in-flight requests; after
    // the grace whatever is still open is closed. Then the database stops.
    graceMs: shutdownGraceMs(),
    stopDatabase,
  });
  process.exit(code);
}

main().catch((error: unknown) => {
  if (error instanceof DatabaseSetupError) {
    console.error(`npm start: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
