// Who runs the embedded PostgreSQL, and what can that user reach? PostgreSQL refuses to run as
// root, so as root its programs run as the `postgres` user (created if missing), spawned with that
// uid and gid only: every directory on the way to its programs and its data must let that user in.
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

export type ServerUser = {
  isRoot: boolean;
  name: string;
  /** Unknown as root until ensureServerUser creates the `postgres` user. */
  uid?: number;
  gid?: number;
};

const run = promisify(execFile);

export async function getServerUser(): Promise<ServerUser> {
  const me = os.userInfo();
  if (me.uid !== 0) return { isRoot: false, name: me.username, uid: me.uid, gid: me.gid };
  const [uid, gid] = await Promise.all([idOf("-u"), idOf("-g")]);
  return { isRoot: true, name: "postgres", uid, gid };
}

/** As root: the `postgres` system user, created when missing (the server cannot run as root). */
export async function ensureServerUser(user: ServerUser): Promise<ServerUser> {
  if (!user.isRoot || (user.uid !== undefined && user.gid !== undefined)) return user;
  if ((await run("getent", ["group", "postgres"]).catch(() => undefined)) === undefined) {
    await run("groupadd", ["--system", "postgres"]);
  }
  await run("useradd", ["--system", "--gid", "postgres", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", "postgres"]);
  return getServerUser();
}

async function idOf(flag: "-u" | "-g"): Promise<number | undefined> {
  try {
    const { stdout } = await run("id", [flag, "postgres"]);
    return Number.parseInt(stdout, 10);
  } catch {
    return undefined; // no such user yet
  }
}

type Stat = { uid: number; gid: number; mode: number };

/** Permission bits as PostgreSQL will meet them: spawned with uid/gid only (libuv drops supplementary groups). */
export async function canTraverse(dir: string, stat: Stat, user: ServerUser): Promise<boolean> {
  if (!user.isRoot) return fs.access(dir, fs.constants.X_OK).then(() => true, () => false);
  return hasPermission(stat, user, 0o1);
}

/** Whether the server user has r (4), w (2) or x (1) on a file with this owner, group and mode. */
export function hasPermission(stat: Stat, user: ServerUser, bits: number): boolean {
  if (stat.uid === user.uid) return ((stat.mode >> 6) & bits) === bits;
  if (stat.gid === user.gid) return ((stat.mode >> 3) & bits) === bits;
  return (stat.mode & bits) === bits;
}

/** The first directory on the way to `target` (its existing part) that the server user cannot enter. */
export async function firstUnreachableAncestor(target: string, user: ServerUser): Promise<{ dir: string; mode: string } | undefined> {
  for (const dir of ancestorsOf(await nearestExisting(target))) {
    const stat = await fs.stat(dir);
    if (!stat.isDirectory() || !(await canTraverse(dir, stat, user))) return { dir, mode: modeOf(stat) };
  }
  return undefined;
}

export async function nearestExisting(target: string): Promise<string> {
  let existing = path.resolve(target);
  while (!(await fs.access(existing).then(() => true, () => false))) existing = path.dirname(existing);
  return existing;
}

/** "/", "/a", "/a/b" for "/a/b". */
export function ancestorsOf(dir: string): string[] {
  const dirs = [dir];
  while (path.dirname(dirs[0]!) !== dirs[0]) dirs.unshift(path.dirname(dirs[0]!));
  return dirs;
}

export const modeOf = (stat: { mode: number }) => (stat.mode & 0o7777).toString(8).padStart(4, "0");
