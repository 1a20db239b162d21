// A repository that the server's user cannot reach: cloned into root's home (mode 0700) and run as
// root, where PostgreSQL runs as `postgres`. Its data and its programs must then live somewhere
// that user can reach, chosen (and printed) without anyone having to say where.
import { execFile, spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { chooseDataDirectory } from "@/lib/db/data-directory";
import { REPO_ROOT } from "@/lib/db/migrations";
import { findPostgresBinaries, packagedBinariesDir } from "@/lib/db/postgres-binaries";
import { ensureServerUser, firstUnreachableAncestor, getServerUser } from "@/lib/db/server-user";
import { createTempDir, findFreePort } from "../helpers/test-database";

const isRoot = os.userInfo().uid === 0;
const tempDirs: string[] = [];
afterAll(async () => {
  for (const dir of tempDirs) await fs.rm(dir, { recursive: true, force: true });
});

/** A reachable temp dir holding `home/`, closed (0700) like root's home directory. */
async function closedHome(): Promise<{ temp: string; home: string }> {
  const temp = await createTempDir("closed-home");
  tempDirs.push(temp);
  const home = path.join(temp, "home");
  await fs.mkdir(home, { mode: 0o700 });
  await fs.chmod(home, 0o700);
  return { temp, home };
}

/** Runs `program --version` as the server user, as PostgreSQL's programs are run. */
function runAsServerUser(program: string, uid?: number, gid?: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, ["--version"], { ...(uid === undefined ? {} : { uid, gid }), cwd: "/" });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`exit ${code}`))));
  });
}

describe("chooseDataDirectory", () => {
  it("keeps the data in <repo>/.data/pg when the server's user can reach it", async () => {
    const repoRoot = path.join(await createTempDir("open-repo"), "repo");
    tempDirs.push(path.dirname(repoRoot));
    expect(await chooseDataDirectory({ repoRoot, user: await getServerUser() })).toEqual({ dataDir: path.join(repoRoot, ".data", "pg") });
  });

  it.runIf(isRoot)("as root, puts it where `postgres` can reach when the repository is inside a 0700 directory, and says so", async () => {
    const { temp, home } = await closedHome();
    const repoRoot = path.join(home, "attack-tracker");
    await fs.mkdir(repoRoot);
    const user = await ensureServerUser(await getServerUser());
    const fallbacks = [path.join(temp, "var-lib")];

    const choice = await chooseDataDirectory({ repoRoot, user, fallbacks });
    expect(choice.dataDir.startsWith(path.join(temp, "var-lib", "attack-tracker-"))).toBe(true);
    expect(await firstUnreachableAncestor(choice.dataDir, user)).toBeUndefined();
    expect(choice.note).toContain(choice.dataDir);
    expect(choice.note).toContain(`cannot enter ${home}`);
    // Stable (the same data on every start) and distinct per repository.
    expect((await chooseDataDirectory({ repoRoot, user, fallbacks })).dataDir).toBe(choice.dataDir);
    const other = path.join(home, "other-clone");
    await fs.mkdir(other);
    expect((await chooseDataDirectory({ repoRoot: other, user, fallbacks })).dataDir).not.toBe(choice.dataDir);
  });
});

describe("findPostgresBinaries", () => {
  it("uses the packaged programs when the server's user can reach them", async () => {
    const binaries = await findPostgresBinaries(await getServerUser());
    expect(binaries.dir).toBe(packagedBinariesDir());
    expect(binaries.copiedBecause).toBeUndefined();
  });

  it.runIf(isRoot)("as root, runs a reachable copy when node_modules is inside a 0700 directory", async () => {
    const { temp, home } = await closedHome();
    const sourceDir = path.join(home, "native");
    await promisify(execFile)("cp", ["-al", packagedBinariesDir(), sourceDir]); // hard links: instant
    const user = await ensureServerUser(await getServerUser());
    // The failure this prevents: `postgres` cannot even start a program in there.
    await expect(runAsServerUser(path.join(sourceDir, "bin", "initdb"), user.uid, user.gid)).rejects.toThrow(/EACCES/);

    const cacheDir = path.join(temp, "cache");
    const binaries = await findPostgresBinaries(user, { sourceDir, cacheDir });
    expect(binaries.dir.startsWith(cacheDir)).toBe(true);
    expect(binaries.copiedBecause).toContain(`cannot enter ${home}`);
    expect(await runAsServerUser(binaries.initdb, user.uid, user.gid)).toMatch(/^initdb \(PostgreSQL\) 18\./);
    expect(await runAsServerUser(binaries.postgres, user.uid, user.gid)).toMatch(/^postgres \(PostgreSQL\) 18\./);
    // Made once, then reused; nobody but root may write where the programs are.
    expect((await findPostgresBinaries(user, { sourceDir, cacheDir })).dir).toBe(binaries.dir);
    expect((await fs.stat(cacheDir)).mode & 0o022).toBe(0);
    expect((await fs.stat(binaries.dir)).uid).toBe(0);
  });

  it.runIf(isRoot)("refuses a cache directory that someone else could have prepared", async () => {
    const { temp, home } = await closedHome();
    const sourceDir = path.join(home, "native");
    await promisify(execFile)("cp", ["-al", packagedBinariesDir(), sourceDir]);
    const cacheDir = path.join(temp, "shared-cache");
    await fs.mkdir(cacheDir, { mode: 0o777 });
    await fs.chmod(cacheDir, 0o777);
    await expect(findPostgresBinaries(await ensureServerUser(await getServerUser()), { sourceDir, cacheDir })).rejects.toThrow(/nobody else can write/);
  });
});

describe("a clone inside a 0700 home directory, run as root", () => {
  it.runIf(isRoot)("migrates its embedded database with no configuration, printing where the data and programs went", async () => {
    const { home } = await closedHome();
    const clone = path.join(home, "attack-tracker");
    await fs.mkdir(clone);
    // A clone made of hard links (instant), without the build, the data or git.
    for (const entry of await fs.readdir(REPO_ROOT)) {
      if ([".git", ".next", ".data"].includes(entry)) continue;
      await promisify(execFile)("cp", ["-al", path.join(REPO_ROOT, entry), path.join(clone, entry)]);
    }
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: "", EMBEDDED_PG_PORT: String(await findFreePort()) };
    delete env.EMBEDDED_PG_DATA_DIR;
    const result = await promisify(execFile)(process.execPath, ["--import", "tsx", "lib/cli/db.ts", "migrate"], { cwd: clone, env }).catch(
      (error: { stdout: string; stderr: string }) => ({ stdout: error.stdout, stderr: error.stderr, failed: true }),
    );
    const output = `${result.stdout}${result.stderr}`;
    const dataDir = /Embedded PostgreSQL data: (\S+) /.exec(output)?.[1];
    try {
      expect(output).not.toMatch(/EACCES|Error/);
      expect(dataDir).toBeDefined();
      expect(output).toMatch(/Embedded PostgreSQL runs from \S+ \(user postgres cannot enter/);
      expect("failed" in result).toBe(false);
      await expect(fs.access(path.join(dataDir!, "PG_VERSION"))).resolves.toBeUndefined();
      await expect(fs.access(path.join(dataDir!, "postmaster.pid"))).rejects.toThrow(); // stopped cleanly
    } finally {
      if (dataDir) await fs.rm(path.dirname(dataDir), { recursive: true, force: true });
    }
  }, 60_000);
});
