import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { upsertUser } from "@/lib/accounts/users";
import { getAuth } from "@/lib/auth/auth";
import { getPool } from "@/lib/db";
import { signIn, TEST_AUTH_URL, useAppDatabase } from "../helpers/auth-session";

// Better Auth's update-user endpoint, which any signed-in user can call: the display name is
// bounded and printable, nothing else (the image, roles, unknown keys) can be set, and every change
// is audited like the administrators' changes.

const EMAIL = "profile@test.invalid";
const PASSWORD = "profile-password-123";

describe("update-user", () => {
  const db = useAppDatabase();
  let id = "";
  let cookie = "";
  let auditStart = "0";

  const update = (body: unknown) => getAuth().handler(new Request(`${TEST_AUTH_URL}/api/auth/update-user`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: TEST_AUTH_URL, Cookie: cookie },
    body: JSON.stringify(body),
  }));
  const user = async () =>
    (await getPool().query("SELECT name, image, role FROM app_user WHERE id = $1", [id])).rows[0] as { name: string; image: string | null; role: string };
  const audit = async () => (await getPool().query(
    "SELECT actor_id, actor_label, action, entity_type, entity_id, before, after FROM audit_entry WHERE id > $1 ORDER BY id",
    [auditStart],
  )).rows;

  beforeAll(async () => {
    ({ id } = await upsertUser(db.url, { email: EMAIL, password: PASSWORD, role: "viewer", name: "Pat" }));
    cookie = (await signIn(EMAIL, PASSWORD)).cookie!;
  });
  beforeEach(async () => {
    await getPool().query("UPDATE app_user SET name = 'Pat', image = NULL WHERE id = $1", [id]);
    auditStart = (await getPool().query("SELECT coalesce(max(id), 0)::text AS last FROM audit_entry")).rows[0].last;
  });

  it.each([
    ["a 5,000,000-character name", { name: "x".repeat(5_000_000) }],
    ["a 101-character name", { name: "x".repeat(101) }],
    ["a name with NUL characters", { name: "\u0000".repeat(500) }],
    ["a name with a control character", { name: "Pat\u0007" }],
    ["a name that reverses the text around it", { name: "Pat\u202Egnp.exe" }],
    ["an empty name", { name: "   " }],
    ["a name that is not text", { name: 42 }],
    ["a javascript: image", { image: "javascript:alert(1)" }],
    ["an https image", { image: "https://example.org/me.png" }],
    ["a name with an image", { name: "Pat B", image: "javascript:alert(1)" }],
    ["a role", { name: "Pat B", role: "admin" }],
    ["an unknown key", { name: "Pat B", nickname: "pb" }],
  ])("refuses %s and changes nothing", async (_name, body) => {
    const response = await update(body);
    expect(response.status).toBe(400);
    expect(await user()).toEqual({ name: "Pat", image: null, role: "viewer" });
    expect(await audit()).toEqual([]);
  });

  it("sets a bounded, printable name (trimmed) and audits the change", async () => {
    const name = `  Patricia O'Brien-Ç ${"é".repeat(50)}  `;
    const response = await update({ name });
    expect(response.status).toBe(200);
    expect(await user()).toEqual({ name: name.trim(), image: null, role: "viewer" });
    expect(await audit()).toEqual([
      { actor_id: id, actor_label: EMAIL, action: "UPDATE", entity_type: "user", entity_id: id, before: { name: "Pat" }, after: { name: name.trim() } },
    ]);
  });

  it("refuses signed-out callers", async () => {
    const response = await getAuth().handler(new Request(`${TEST_AUTH_URL}/api/auth/update-user`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: TEST_AUTH_URL },
      body: JSON.stringify({ name: "Mallory" }),
    }));
    expect(response.status).toBe(401);
    expect((await user()).name).toBe("Pat");
  });
});
