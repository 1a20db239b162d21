import { beforeEach, describe, expect, it } from "vitest";
import { upsertUser } from "@/lib/accounts/users";
import { type Actor, ANONYMOUS, actorFromHeaders, PermissionDenied } from "@/lib/auth/guards";
import { getPool } from "@/lib/db";
import { listUsers, updateUserAccess, UserChangeRefused } from "@/lib/data/users";
import { signIn, useAppDatabase } from "../helpers/auth-session";

// The users data layer on a real database, with sessions made by Better Auth's own sign-in: role
// changes and deactivation act on the next request, every change is audited in the same
// transaction, and what must be refused changes nothing at all.

const PASSWORD = "correct horse battery";
const ACCOUNTS = {
  ada: "admin",
  bo: "admin",
  eve: "editor",
  vic: "viewer",
} as const;
type Name = keyof typeof ACCOUNTS;

describe("users data layer", () => {
  const db = useAppDatabase();
  const ids = {} as Record<Name, string>;
  const actor = (name: Name): Actor => ({ userId: ids[name], role: ACCOUNTS[name], label: `${name}@test.invalid` });

  const sql = async <T,>(text: string, values: unknown[] = []) => (await getPool().query(text, values)).rows as T[];
  const access = async (name: Name) => (await sql<{ role: string; banned: boolean }>("SELECT role, banned FROM app_user WHERE id = $1", [ids[name]]))[0];
  const auditRows = () => sql<{ actor_id: string; actor_label: string; action: string; entity_type: string; entity_id: string; before: unknown; after: unknown; reason: string | null }>(
    "SELECT actor_id, actor_label, action, entity_type, entity_id, before, after, reason FROM audit_entry WHERE id > $1 ORDER BY id",
    [auditStart],
  );
  let auditStart = "0";

  // Every test starts from the same four accounts, all active, and reads only its own history.
  beforeEach(async () => {
    for (const [name, role] of Object.entries(ACCOUNTS) as [Name, (typeof ACCOUNTS)[Name]][]) {
      ids[name] = (await upsertUser(db.url, { email: `${name}@test.invalid`, password: PASSWORD, role })).id;
    }
    await sql("DELETE FROM auth_rate_limit"); // Better Auth allows 5 sign-ins a minute per address; tests sign in more
    auditStart = (await sql<{ last: string }>("SELECT coalesce(max(id), 0)::text AS last FROM audit_entry"))[0]!.last;
  });

  it("lists every account with its role, status and open sessions", async () => {
    await signIn("vic@test.invalid", PASSWORD);
    const users = await listUsers(actor("ada"));
    expect(users.map((u) => [u.email, u.role, u.isActive])).toEqual([
      ["ada@test.invalid", "admin", true],
      ["bo@test.invalid", "admin", true],
      ["eve@test.invalid", "editor", true],
      ["vic@test.invalid", "viewer", true],
    ]);
    const vic = users.find((u) => u.email === "vic@test.invalid")!;
    expect(vic.openSessions).toBe(1);
    expect(vic.lastActiveAt).toBeInstanceOf(Date);
  });

  it("changes a role, which the very next request sees, with an audit entry", async () => {
    const { cookie } = await signIn("vic@test.invalid", PASSWORD);
    const headers = new Headers({ cookie: cookie! });
    expect((await actorFromHeaders(headers)).role).toBe("viewer");

    expect(await updateUserAccess(actor("ada"), ids.vic, { role: "editor" }, "joined the desk")).toBe(true);

    expect(await access("vic")).toEqual({ role: "editor", banned: false });
    expect((await actorFromHeaders(headers)).role).toBe("editor"); // same cookie, new role
    expect(await auditRows()).toEqual([
      {
        actor_id: ids.ada, actor_label: "ada@test.invalid", action: "UPDATE", entity_type: "user", entity_id: ids.vic,
        before: { role: "viewer", banned: false }, after: { role: "editor", banned: false }, reason: "joined the desk",
      },
    ]);
  });

  it("deactivation ends every session at once and refuses sign-in until reactivated", async () => {
    const first = await signIn("eve@test.invalid", PASSWORD);
    const second = await signIn("eve@test.invalid", PASSWORD);
    expect((await actorFromHeaders(new Headers({ cookie: first.cookie! }))).userId).toBe(ids.eve);

    await updateUserAccess(actor("ada"), ids.eve, { isActive: false });

    expect(await access("eve")).toEqual({ role: "editor", banned: true });
    expect(await sql("SELECT 1 FROM auth_session WHERE user_id = $1", [ids.eve])).toEqual([]);
    for (const { cookie } of [first, second]) expect(await actorFromHeaders(new Headers({ cookie: cookie! }))).toEqual(ANONYMOUS);
    expect((await signIn("eve@test.invalid", PASSWORD)).status).toBe(403);
    const [entry] = await auditRows();
    expect(entry).toMatchObject({ before: { role: "editor", banned: false }, after: { role: "editor", banned: true }, reason: null });

    await updateUserAccess(actor("ada"), ids.eve, { isActive: true }, "back from leave");
    expect((await signIn("eve@test.invalid", PASSWORD)).status).toBe(200);
    expect((await auditRows()).map((row) => row.after)).toEqual([{ role: "editor", banned: true }, { role: "editor", banned: false }]);
  });

  it("refuses an administrator demoting or deactivating their own account", async () => {
    for (const change of [{ role: "editor" as const }, { isActive: false }]) {
      await expect(updateUserAccess(actor("ada"), ids.ada, change)).rejects.toThrow(new UserChangeRefused("You cannot demote or deactivate your own account: another administrator has to."));
    }
    expect(await access("ada")).toEqual({ role: "admin", banned: false });
    expect(await auditRows()).toEqual([]);
  });

  it("never removes the last active administrator", async () => {
    await updateUserAccess(actor("ada"), ids.bo, { role: "editor" });
    // Bo's request passed its guard just before Ada demoted Bo: the count inside the transaction decides.
    await expect(updateUserAccess(actor("bo"), ids.ada, { isActive: false })).rejects.toThrow(/last active administrator/);
    expect(await access("ada")).toEqual({ role: "admin", banned: false });
    expect(await auditRows()).toHaveLength(1);
  });

  it("writes nothing when nothing changes", async () => {
    expect(await updateUserAccess(actor("ada"), ids.vic, { role: "viewer", isActive: true })).toBe(false);
    expect(await auditRows()).toEqual([]);
  });

  it("refuses an id that names no user", async () => {
    for (const id of ["00000000-0000-4000-8000-000000000000", "' OR 1=1 --"]) {
      await expect(updateUserAccess(actor("ada"), id, { role: "admin" })).rejects.toThrow(UserChangeRefused);
    }
    expect(await auditRows()).toEqual([]);
  });

  it("refuses editors, viewers and anonymous callers, and changes nothing", async () => {
    const { cookie } = await signIn("vic@test.invalid", PASSWORD);
    for (const caller of [actor("eve"), actor("vic"), ANONYMOUS]) {
      await expect(listUsers(caller)).rejects.toThrow(PermissionDenied);
      await expect(updateUserAccess(caller, ids.ada, { isActive: false })).rejects.toThrow(PermissionDenied);
      await expect(updateUserAccess(caller, caller.userId ?? ids.vic, { role: "admin" })).rejects.toThrow(PermissionDenied);
    }
    expect(await sql("SELECT email, role, banned FROM app_user ORDER BY email")).toEqual(
      (Object.entries(ACCOUNTS) as [Name, string][]).map(([name, role]) => ({ email: `${name}@test.invalid`, role, banned: false })),
    );
    expect((await actorFromHeaders(new Headers({ cookie: cookie! }))).role).toBe("viewer"); // still signed in
    expect(await auditRows()).toEqual([]);
  });
});
