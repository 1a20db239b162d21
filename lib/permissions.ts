// Who may do what: the one table every guard, action, route and button reads. Pure (no server
// imports) so the UI can hide what a user cannot do; the server checks again inside each action.

export const ROLES = ["viewer", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "read:incident", //    published incidents: pages, API, map, counts, export
  "read:draft", //       drafts and retracted incidents, the review queue, their history
  "create:incident",
  "update:incident",
  "publish:incident",
  "retract:incident",
  "import:incident",
  "delete:incident",
  "edit:tally", //       add and correct published tallies (audited like incidents)
  "edit:event", //       add and correct the timeline's key events
  "manage:users",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const EDITOR: Permission[] = [
  "read:incident", "read:draft", "create:incident", "update:incident", "publish:incident", "retract:incident", "import:incident",
  "edit:tally", "edit:event",
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  viewer: ["read:incident"],
  editor: EDITOR,
  admin: [...EDITOR, "delete:incident", "manage:users"],
};

/** Anonymous visitors read published incidents unless PUBLIC_ACCESS=false. */
export function anonymousPermissions(publicAccess: boolean): readonly Permission[] {
  return publicAccess ? ["read:incident"] : [];
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** `role` null means signed out. */
export function can(role: Role | null, permission: Permission, publicAccess = true): boolean {
  const granted = role ? ROLE_PERMISSIONS[role] : anonymousPermissions(publicAccess);
  return granted.includes(permission);
}
