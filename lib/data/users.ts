import "server-only";
import { type Actor, assertActorCan } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import type { Role } from "@/lib/permissions";

// User administration: the only code that changes a user's role or deactivates an account. Each
// function takes the acting user first and checks the permission again, whatever called it.

export type UserSummary = {
  id: string;
  email: string;
  name: string;
  role: string;
  isActive: boolean;
  createdAt: Date;
  /** Sessions that could still be used (sign-out and deactivation delete them). */
  openSessions: number;
  /** When the newest of those sessions began: sessions are not refreshed, so this is the last sign-in. */
  lastActiveAt: Date | null;
};

/** The change asked for is not allowed (e.g. the last administrator); the message says why. */
export class UserChangeRefused extends Error {}

export type AccessChange = { role?: Role; isActive?: boolean };

function assertCanManageUsers(actor: Actor): void {
  assertActorCan(actor, "manage:users");
}

export async function listUsers(actor: Actor): Promise<UserSummary[]> {
  assertCanManageUsers(actor);
  const now = new Date();
  const users = await getDb().user.findMany({
    orderBy: { email: "asc" },
    select: {
      id: true, email: true, name: true, role: true, banned: true, createdAt: true,
      sessions: { where: { expiresAt: { gt: now } }, select: { updatedAt: true }, orderBy: { updatedAt: "desc" } },
    },
  });
  return users.map(({ banned, sessions, ...user }) => ({
    ...user,
    isActive: !banned,
    openSessions: sessions.length,
    lastActiveAt: sessions[0]?.updatedAt ?? null,
  }));
}

type Access = { role: string; banned: boolean };

/**
 * Changes a user's role and/or deactivates or reactivates the account, in one transaction with its
 * audit entry. Deactivation deletes the user's sessions too, so their very next request is signed
 * out. Returns false when nothing needed to change (and writes nothing).
 */
export async function updateUserAccess(actor: Actor, userId: string, change: AccessChange, reason?: string): Promise<boolean> {
  assertCanManageUsers(actor);
  return getDb().$transaction(async (tx) => {
    // One user change at a time: two administrators demoting each other at the same moment must
    // not both pass the last-administrator check below.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('attack-tracker:user-access'))`;
    const target = await tx.user.findUnique({ where: { id: userId }, select: { role: true, banned: true } });
    if (!target) throw new UserChangeRefused("This user does not exist (any more). Reload the page.");

    const before: Access = { role: target.role, banned: target.banned === true };
    const after: Access = {
      role: change.role ?? before.role,
      banned: change.isActive === undefined ? before.banned : !change.isActive,
    };
    if (after.role === before.role && after.banned === before.banned) return false;

    const losesAdmin = before.role === "admin" && !before.banned && (after.role !== "admin" || after.banned);
    if (losesAdmin && userId === actor.userId) {
      throw new UserChangeRefused("You cannot demote or deactivate your own account: another administrator has to.");
    }
    if (losesAdmin) {
      const activeAdmins = await tx.user.count({ where: { role: "admin", OR: [{ banned: false }, { banned: null }] } });
      if (activeAdmins <= 1) throw new UserChangeRefused("This is the last active administrator: make another user an administrator first.");
    }

    await tx.user.update({ where: { id: userId }, data: { role: after.role, banned: after.banned } });
    if (after.banned) await tx.session.deleteMany({ where: { userId } });
    await tx.auditEntry.create({
      data: {
        actorId: actor.userId, actorLabel: actor.label, action: "UPDATE",
        entityType: "user", entityId: userId, before, after, reason: reason ?? null,
      },
    });
    return true;
  });
}
