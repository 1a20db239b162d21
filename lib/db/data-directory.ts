// Where the embedded PostgreSQL keeps its data when nobody said (no --data-dir, no
// EMBEDDED_PG_DATA_DIR): <repo>/.data/pg, unless the server's user cannot reach it — a repository
// cloned into root's 0700 home directory, run as root, where the server runs as `postgres`. Then a
// place of its own outside the repository, named after the repository so two clones never share it.
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ancestorsOf, firstUnreachableAncestor, nearestExisting, type ServerUser } from "./server-user";

export type DataDirectoryChoice = {
  dataDir: string;
  /** Set when the data is not in the repository: one line saying where and why, for the console. */
  note?: string;
};

export async function chooseDataDirectory(opts: {
  repoRoot: string;
  user: ServerUser;
  /** Where to look instead of the repository, in order (tests); default /var/lib, then the temp dir. */
  fallbacks?: string[];
}): Promise<DataDirectoryChoice> {
  const preferred = path.join(opts.repoRoot, ".data", "pg");
  if (!opts.user.isRoot) return { dataDir: preferred };
  const closed = await firstUnreachableAncestor(preferred, opts.user);
  if (!closed) return { dataDir: preferred };

  const name = `${path.basename(opts.repoRoot)}-${createHash("sha256").update(await fs.realpath(opts.repoRoot).catch(() => opts.repoRoot)).digest("hex").slice(0, 8)}`;
  const fallbacks = opts.fallbacks ?? ["/var/lib/attack-tracker", path.join(os.tmpdir(), "attack-tracker")];
  for (const base of fallbacks) {
    const dataDir = path.join(base, name, "pg");
    if (await isUsable(dataDir, opts.user)) {
      return {
        dataDir,
        note: `Embedded PostgreSQL data: ${dataDir} (user ${opts.user.name} cannot enter ${closed.dir}, mode ${closed.mode}, so not ${preferred}; set EMBEDDED_PG_DATA_DIR to choose).`,
      };
    }
  }
  return { dataDir: preferred }; // nothing better: the start explains what is wrong with this one
}

/**
 * The server user can reach it, we can create what is missing, and nobody else controls a
 * directory on the way (in a shared temp dir, a directory another user made first is refused).
 */
async function isUsable(dataDir: string, user: ServerUser): Promise<boolean> {
  if (await firstUnreachableAncestor(dataDir, user)) return false;
  const existing = await nearestExisting(dataDir);
  if (existing !== dataDir && !(await fs.access(existing, fs.constants.W_OK | fs.constants.X_OK).then(() => true, () => false))) return false;
  for (const dir of ancestorsOf(existing)) {
    const stat = await fs.lstat(dir);
    const isOurs = stat.uid === 0 || stat.uid === os.userInfo().uid || stat.uid === user.uid;
    if (!stat.isDirectory() || !isOurs) return false;
  }
  return true;
}
