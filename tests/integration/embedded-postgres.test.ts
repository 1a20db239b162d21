// The embedded PostgreSQL's life cycle and its failure modes: each one must end in a clear
// DatabaseSetupError and leave existing data alone. Every test uses its own data dir and port.
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { APP_ROLE } from "@/lib/db/app-role";
import { DatabaseSetupError, startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { EMBEDDED_DATABASE_NAME, ensureDatabase } from "@/lib/db/ensure-database";
import { deployMigrations, REPO_ROOT } from "@/lib/db/migrations";
import { createTempDir, findFreePort } from "../helpers/test-database";

const tempDirs: string[] = [];
async function newDataDir(): Promise<string> {
  const dir = await createTempDir("embedded-pg-test");
  tempDirs.push(dir);
  return path.join(dir, "pg");
}

afterAll(async () => {
  for (const dir of tempDirs) {
    // A test that failed half-way may have left a server behind: ask it to stop before deleting.
    const pid = Number.parseInt(await fs.readFile(path.join(dir, "pg", "postmaster.pid"), "utf8").catch(() => ""), 10);
    if (pid > 0) {
      try {
        process.kill(pid, "SIGINT");
      } catch {
        // already gone
      }
    }
    await fs.rm(dir, { recursive: true, force: true });
  }
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

function isAliveProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Running, not merely a zombie waiting for its (new) parent to reap it. */
async function isRunning(pid: number): Promise<boolean> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  return stat !== "" && stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
}

async function postmasterPid(dataDir: string): Promise<number> {
  return Number.parseInt((await fs.readFile(path.join(dataDir, "postmaster.pid"), "utf8")).split("\n")[0]!, 10);
}

async function expectSetupError(promise: Promise<unknown>): Promise<DatabaseSetupError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatabaseSetupError);
  const message = (error as DatabaseSetupError).message;
  expect(message.split("\n")).toHaveLength(1);
  return error as DatabaseSetupError;
}

describe("startEmbeddedPostgres", () => {
  it("keeps the data across a stop and a new start", async () => {
    const dataDir = await newDataDir();
    const port = await findFreePort();

    const first = await startEmbeddedPostgres({ dataDir, port, database: "keep" });
    await query(first.url, "CREATE TABLE note (body text); INSERT INTO note VALUES ('still here')");
    await first.stop();
    const initialisedAt = (await fs.stat(path.join(dataDir, "PG_VERSION"))).mtimeMs;

    const second = await startEmbeddedPostgres({ dataDir, port, database: "keep" });
    try {
      expect(await query(second.url, "SELECT body FROM note")).toEqual([{ body: "still here" }]);
      expect((await fs.stat(path.join(dataDir, "PG_VERSION"))).mtimeMs).toBe(initialisedAt); // no second initdb
    } finally {
      await second.stop();
    }
    await expect(fs.access(path.join(dataDir, "postmaster.pid"))).rejects.toThrow(); // clean shutdown
  });

  it("takes over from a server orphaned by a SIGKILLed process", async () => {
    const dataDir = await newDataDir();
    const port = await findFreePort();

    // A separate Node process starts the server and is then killed without any chance to clean up.
    const child = spawn(
      process.execPath,
      [
        "--import", "tsx", "--input-type=module", "-e",
        `const { startEmbeddedPostgres } = await import(${JSON.stringify(path.join(REPO_ROOT, "lib/db/embedded-postgres.ts"))});
         const server = await startEmbeddedPostgres({ dataDir: process.env.DATA_DIR, port: Number(process.env.PORT), database: "orphan" });
         console.log("READY " + server.url);
         setInterval(() => {}, 1000);`,
      ],
      { cwd: REPO_ROOT, env: { ...process.env, DATA_DIR: dataDir, PORT: String(port) }, stdio: ["ignore", "pipe", "inherit"] },
    );
    const url = await new Promise<string>((resolve, reject) => {
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /READY (\S+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.once("exit", (code) => reject(new Error(`child exited with ${code} before the server was ready: ${output}`)));
    });
    await query(url, "CREATE TABLE note (body text); INSERT INTO note VALUES ('written before the crash')");
    const orphanPid = await postmasterPid(dataDir);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    expect(await isRunning(orphanPid)).toBe(true); // PostgreSQL outlived its parent

    const server = await startEmbeddedPostgres({ dataDir, port, database: "orphan" });
    try {
      expect(await isRunning(orphanPid)).toBe(false);
      expect(await postmasterPid(dataDir)).not.toBe(orphanPid);
      expect(await query(server.url, "SELECT body FROM note")).toEqual([{ body: "written before the crash" }]);
    } finally {
      await server.stop();
    }
  }, 20_000);

  it("restarts a server that dies (kill -9) on the same data and port, keeping committed rows and none of an open transaction's", async () => {
    const dataDir = await newDataDir();
    const port = await findFreePort();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const server = await startEmbeddedPostgres({ dataDir, port, database: "heal" });
    try {
      await query(server.url, "CREATE TABLE note (body text); INSERT INTO note VALUES ('committed')");
      const writer = new pg.Client({ connectionString: server.url });
      writer.on("error", () => {}); // the crash drops this connection
      await writer.connect();
      await writer.query("BEGIN");
      await writer.query("INSERT INTO note VALUES ('never committed')");
      // A backend busy computing does not notice its postmaster's death: it would keep the old
      // shared memory in use, which a new postmaster refuses to start beside.
      const busy = new pg.Client({ connectionString: server.url });
      busy.on("error", () => {});
      await busy.connect();
      await busy.query("SET statement_timeout = '20s'"); // never outlives a failed test for long
      const busyQuery = busy.query("SELECT count(*) FROM generate_series(1, 10000000000)").catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 200));

      const crashedPid = await postmasterPid(dataDir);
      const killedAt = Date.now();
      process.kill(crashedPid, "SIGKILL");

      // Poll until a new connection works; the bound is what "heals itself" means here.
      let rows: { body: string }[] | undefined;
      while (!rows && Date.now() - killedAt < 15_000) {
        rows = await query<{ body: string }>(server.url, "SELECT body FROM note ORDER BY body").catch(() => undefined);
        if (!rows) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const recoveredInMs = Date.now() - killedAt;
      await writer.end().catch(() => {});
      await busyQuery;
      await busy.end().catch(() => {});
      expect(rows).toEqual([{ body: "committed" }]);
      expect(await postmasterPid(dataDir)).not.toBe(crashedPid);
      expect(warn.mock.calls.map((call) => String(call[0])).join("\n")).toMatch(/stopped unexpectedly \(signal SIGKILL\); restart 1/);
      console.log(`embedded PostgreSQL: kill -9 to a working connection in ${recoveredInMs} ms`);
    } finally {
      await server.stop();
      warn.mockRestore();
    }
    await expect(fs.access(path.join(dataDir, "postmaster.pid"))).rejects.toThrow(); // stopped cleanly after the restart
  }, 30_000);

  it("is not blocked by a stale postmaster.pid, whether its pid is dead or reused by another program", async () => {
    const dataDir = await newDataDir();
    const port = await findFreePort();
    await (await startEmbeddedPostgres({ dataDir, port, database: "stale" })).stop();

    const deadPid = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ["-e", ""]);
      child.once("exit", () => resolve(child.pid!));
    });
    // A live process of the server's own user (PostgreSQL itself refuses to start over that pid;
    // a pid it may not signal, it treats as stale).
    const serverUser = os.userInfo().uid === 0 ? { uid: await idOfPostgres("-u"), gid: await idOfPostgres("-g") } : {};
    const unrelated = spawn("sleep", ["60"], serverUser);
    try {
      for (const pid of [deadPid, unrelated.pid!]) {
        await fs.writeFile(path.join(dataDir, "postmaster.pid"), `${pid}\n${dataDir}\n1700000000\n${port}\n\n127.0.0.1\n`);
        const server = await startEmbeddedPostgres({ dataDir, port, database: "stale" });
        try {
          expect(await query(server.url, "SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
        } finally {
          await server.stop();
        }
      }
      expect(isAliveProcess(unrelated.pid!)).toBe(true); // never signalled
    } finally {
      unrelated.kill();
    }
  });

  it("shares a server that a live process already runs on the data dir, and leaves it running", async () => {
    const dataDir = await newDataDir();
    const port = await findFreePort();
    const owner = await startEmbeddedPostgres({ dataDir, port, database: "shared" });
    try {
      const guest = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), database: "guest" });
      expect(guest.url).toContain(`:${port}/guest`); // the running server's port, its own database
      await guest.stop();
      expect(await query(owner.url, "SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
    } finally {
      await owner.stop();
    }
  });

  it("refuses a port used by another program, naming the port, before touching the data dir", async () => {
    const dataDir = await newDataDir();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const error = await expectSetupError(startEmbeddedPostgres({ dataDir, port, database: "x" }));
      expect(error.message).toContain(String(port));
      await expect(fs.access(path.join(dataDir, "PG_VERSION"))).rejects.toThrow(); // nothing initialised
    } finally {
      blocker.close();
    }
  });

  it("refuses a data directory it cannot write, and leaves it as it was", async () => {
    const dataDir = await newDataDir();
    await fs.mkdir(dataDir, { mode: 0o555 });
    await fs.chmod(dataDir, 0o555);

    const error = await expectSetupError(startEmbeddedPostgres({ dataDir, port: await findFreePort(), database: "x" }));
    expect(error.message).toContain(dataDir);
    expect(error.message).toMatch(/not writable/);
    expect(await fs.readdir(dataDir)).toEqual([]);
    expect((await fs.stat(dataDir)).mode & 0o777).toBe(0o555);
  });

  it("refuses a data dir inside a directory PostgreSQL cannot enter, without changing that directory", async () => {
    const dataDir = await newDataDir();
    const closedParent = path.dirname(dataDir);
    await fs.chmod(closedParent, 0o600); // like a 0700 home directory is for the `postgres` user
    try {
      const error = await expectSetupError(startEmbeddedPostgres({ dataDir, port: await findFreePort(), database: "x" }));
      expect(error.message).toContain(`cannot enter ${closedParent}`);
      expect((await fs.stat(closedParent)).mode & 0o777).toBe(0o600);
    } finally {
      await fs.chmod(closedParent, 0o755);
    }
    await expect(fs.access(dataDir)).rejects.toThrow(); // nothing created
  });

  it("refuses data from another PostgreSQL major version, and leaves it as it was", async () => {
    const dataDir = await newDataDir();
    await fs.mkdir(dataDir, { mode: 0o700 });
    await fs.writeFile(path.join(dataDir, "PG_VERSION"), "16\n");
    if (os.userInfo().uid === 0) {
      // As root the server runs as `postgres`, which must own its data directory.
      const [uid, gid] = await Promise.all(["-u", "-g"].map((flag) => idOfPostgres(flag)));
      await fs.chown(dataDir, uid!, gid!);
    }

    const error = await expectSetupError(startEmbeddedPostgres({ dataDir, port: await findFreePort(), database: "x" }));
    expect(error.message).toMatch(/PostgreSQL 16 .*PostgreSQL 18/);
    expect(await fs.readdir(dataDir)).toEqual(["PG_VERSION"]);
  });
});

async function idOfPostgres(flag: string): Promise<number> {
  const { execFile } = await import("node:child_process");
  const { promisify } = await import("node:util");
  return Number.parseInt((await promisify(execFile)("id", [flag, "postgres"])).stdout, 10);
}

describe("ensureDatabase on the embedded database", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("gives a data directory from before the app's role that role, with its grants renewed on every start", async () => {
    vi.stubEnv("DATABASE_URL", "");
    const dataDir = await newDataDir();
    const port = await findFreePort();
    // A data directory as earlier versions left it: migrated, with no role but the superuser.
    const old = await startEmbeddedPostgres({ dataDir, port, database: EMBEDDED_DATABASE_NAME });
    await deployMigrations(old.url);
    expect(await query(old.url, "SELECT 1 FROM pg_roles WHERE rolname = $1", [APP_ROLE])).toEqual([]);
    await old.stop();

    const first = await ensureDatabase({ dataDir, port });
    try {
      expect(decodeURIComponent(new URL(first.appUrl).username)).toBe(APP_ROLE);
      expect(await query(first.appUrl, "SELECT current_user AS role, count(*)::int AS entries FROM audit_entry")).toEqual([{ role: APP_ROLE, entries: 0 }]);
      // Its password is kept in the data directory, readable by its owner only.
      expect((await fs.stat(path.join(dataDir, "app-role-password"))).mode & 0o777).toBe(0o600);
      // A table that a later migration creates, here by hand: the next start grants it too.
      await query(first.url, "CREATE TABLE later_table (id int)");
    } finally {
      await first.stop();
    }

    const second = await ensureDatabase({ dataDir, port });
    try {
      expect(second.appUrl).toBe(first.appUrl);
      await query(second.appUrl, "INSERT INTO later_table VALUES (1)");
      expect(await query(second.appUrl, "SELECT count(*)::int AS n FROM later_table")).toEqual([{ n: 1 }]);
    } finally {
      await second.stop();
    }
  }, 90_000);
});

describe("ensureDatabase with DATABASE_URL", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("explains a DATABASE_URL that is not a URL", async () => {
    vi.stubEnv("DATABASE_URL", "notaurl");
    const error = await expectSetupError(ensureDatabase());
    expect(error.message).toMatch(/DATABASE_URL is not a valid URL/);
  });

  it("explains a DATABASE_URL for another kind of database", async () => {
    vi.stubEnv("DATABASE_URL", "mysql://u:secret@127.0.0.1:3306/x");
    const error = await expectSetupError(ensureDatabase());
    expect(error.message).toMatch(/must start with postgresql:\/\//);
    expect(error.message).not.toContain("secret");
  });

  it("explains an unreachable server without revealing the password", async () => {
    vi.stubEnv("DATABASE_URL", "postgresql://u:secret@127.0.0.1:1/x");
    const error = await expectSetupError(ensureDatabase());
    expect(error.message).toMatch(/^Cannot reach the database at 127\.0\.0\.1:1 \(.*ECONNREFUSED.*\)\. Check DATABASE_URL/);
    expect(error.message).not.toContain("secret");
  });
});
