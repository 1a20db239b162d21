import "server-only";
import { getSessionCookie } from "better-auth/cookies";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/lib/db";
import { can, isRole, type Permission, type Role } from "@/lib/permissions";
import { getAuth } from "./auth";

/** Who is acting. Only these guards make one; every data-layer write takes it first. */
export type Actor = {
  /** null when signed out */
  userId: string | null;
  role: Role | null;
  /** Shown in history; kept there even if the account is later renamed or removed. */
  label: string;
};

export const ANONYMOUS: Actor = { userId: null, role: null, label: "anonymous" };

/** PUBLIC_ACCESS=false closes every page and API to signed-out visitors. */
export function isPublicAccess(): boolean {
  return process.env.PUBLIC_ACCESS?.trim().toLowerCase() !== "false";
}

export class PermissionDenied extends Error {
  constructor(readonly actor: Actor, readonly permission: Permission) {
    super(actor.userId ? "Your role does not allow this." : "Sign in to do this.");
  }
}

/** The signed-in user of this request, read from the session table (once per request). */
export const getActor = cache(async (): Promise<Actor> => actorFromHeaders(await headers()));

export async function actorFromHeaders(requestHeaders: Headers): Promise<Actor> {
  // No session cookie, no session: anonymous reads skip the session lookup entirely.
  if (!getSessionCookie(requestHeaders)) return ANONYMOUS;
  const session = await getAuth().api.getSession({ headers: requestHeaders });
  if (!session) return ANONYMOUS;
  // The session row proves who it is; the role and deactivation are read fresh from the user row.
  const user = await getDb().user.findUnique({ where: { id: session.user.id }, select: { email: true, role: true, banned: true } });
  if (!user || user.banned || !isRole(user.role)) return ANONYMOUS;
  return { userId: session.user.id, role: user.role, label: user.email };
}

export function actorCan(actor: Actor, permission: Permission): boolean {
  return can(actor.role, permission, isPublicAccess());
}

/** For the data layer, which re-checks whoever calls it: PermissionDenied unless the actor may. */
export function assertActorCan(actor: Actor, permission: Permission): void {
  if (!actorCan(actor, permission)) throw new PermissionDenied(actor, permission);
}

/** For server actions and data functions: the actor, or PermissionDenied. */
export async function requirePermission(permission: Permission): Promise<Actor> {
  const actor = await getActor();
  if (!actorCan(actor, permission)) throw new PermissionDenied(actor, permission);
  return actor;
}

/** For pages: signed-out visitors go to the sign-in page; signed-in users without the right get 403. */
export async function requirePagePermission(permission: Permission, returnTo: string): Promise<Actor> {
  const actor = await getActor();
  if (actorCan(actor, permission)) return actor;
  if (!actor.userId) redirect(`/login?next=${encodeURIComponent(returnTo)}`);
  forbidden();
}

/** For route handlers: the actor, or a 401/403 JSON response to return as is. */
export async function requireApiPermission(request: Request, permission: Permission): Promise<Actor | Response> {
  const actor = await actorFromHeaders(request.headers);
  if (actorCan(actor, permission)) return actor;
  const status = actor.userId ? 403 : 401;
  return Response.json({ error: status === 401 ? "Sign in to use this API." : "Your role does not allow this." }, { status });
}
