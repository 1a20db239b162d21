import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDemoAccounts } from "@/lib/accounts/users";
import { getPool } from "@/lib/db";
import { signIn, useAppDatabase } from "../helpers/auth-session";

// Accounts made outside the web app: `npm run user:create` and the demo accounts `npm start`
// prints for a new demo database. Both must give accounts that Better Auth's sign-in accepts.

const ROOT = path.resolve(import.meta.dirname, "../..");

function userCreate(databaseUrl: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "lib/cli/user.ts", "create", ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("exit", (code) => resolve({ code, output: output.trim() }));
  });
}

const users = async () => (await getPool().query("SELECT email, role, banned FROM app_user ORDER BY email")).rows;

describe("accounts from the command line", () => {
  const db = useAppDatabase();

  it("user:create makes an account that can sign in, and run again sets a new password and role", async () => {
    const first = await userCreate(db.url, ["--email", "Desk@Example.ORG", "--password", "first-password-123", "--role", "editor"]);
    expect(first).toEqual({ code: 0, output: "Created desk@example.org with role editor." });
    expect((await signIn("desk@example.org", "first-password-123")).status).toBe(200);

    const second = await userCreate(db.url, ["--email", "desk@example.org", "--password", "second-password-456", "--role", "admin"]);
    expect(second).toEqual({ code: 0, output: "Updated desk@example.org with role admin." });
    expect((await signIn("desk@example.org", "first-password-123")).status).toBe(401);
    expect((await signIn("desk@example.org", "second-password-456")).status).toBe(200);
    expect(await users()).toEqual([{ email: "desk@example.org", role: "admin", banned: false }]);
  });

  it("user:create refuses bad input with one sentence and writes nothing", async () => {
    const before = await users();
    const cases: Array<[string[], string]> = [
      [["--email", "x@example.org", "--password", "long-enough-password", "--role", "superuser"], 'The role must be viewer, editor or admin, not "superuser".'],
      [["--email", "not-an-address", "--password", "long-enough-password", "--role", "viewer"], '"not-an-address" is not an e-mail address.'],
      [["--email", "x@example.org", "--password", "short", "--role", "viewer"], "The password must be 12 to 128 characters long."],
    ];
    for (const [args, message] of cases) {
      const result = await userCreate(db.url, args);
      expect(result.code).toBe(1);
      expect(result.output).toBe(`user:create: ${message}`);
    }
    expect(await users()).toEqual(before);
  });

  it("demo accounts: one per role, each with its own random password that signs in", async () => {
    await getPool().query("DELETE FROM auth_rate_limit"); // the earlier sign-ins share one address bucket
    const accounts = await createDemoAccounts(db.url);
    expect(accounts.map((a) => a.role)).toEqual(["admin", "editor", "viewer"]);
    expect(new Set(accounts.map((a) => a.password)).size).toBe(3);
    for (const account of accounts) {
      expect(account.password).toMatch(/^[A-Za-z0-9]{20}$/);
      expect((await signIn(account.email, account.password)).status).toBe(200);
    }
    const again = await createDemoAccounts(db.url);
    expect(again[0]!.password).not.toBe(accounts[0]!.password);
  });
});
