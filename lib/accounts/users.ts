// Creating accounts outside a web request: `npm run user:create`, the demo accounts of `npm start`
// and test fixtures. Plain pg (no server-only Prisma client) so command-line scripts can use it;
// the password is hashed with Better Auth's own scrypt so its sign-in accepts it.
import { randomBytes, randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import pg from "pg";
import { isRole, type Role } from "../permissions";

export class UserInputError extends Error {}

export type NewUser = { email: string; password: string; role: Role; name?: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// The display name's rule of lib/auth/profile.ts (which a CLI cannot import): one line of at most
// 100 characters, no controls (NUL would fail the insert: PostgreSQL text cannot hold it) and no
// direction overrides, which would garble the admin page and the history around the name.
const MAX_NAME_LENGTH = 100;
const CONTROL_CHARS = /\p{Cc}/u;
const UNPRINTABLE = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

export function checkNewUser(input: { email?: string; password?: string; role?: string; name?: string }): NewUser {
  const email = input.email?.trim().toLowerCase() ?? "";
  // The e-mail is checked for control characters too: \S lets NUL through.
  if (!EMAIL.test(email) || CONTROL_CHARS.test(email)) throw new UserInputError(`"${input.email ?? ""}" is not an e-mail address.`);
  const password = input.password ?? "";
  if (password.length < 12 || password.length > 128) throw new UserInputError("The password must be 12 to 128 characters long.");
  if (!isRole(input.role)) throw new UserInputError(`The role must be viewer, editor or admin, not "${input.role ?? ""}".`);
  if (input.name === undefined) return { email, password, role: input.role };
  const name = input.name.trim();
  if (UNPRINTABLE.test(name)) throw new UserInputError("The name must be plain text on one line (no control or direction-override characters).");
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) throw new UserInputError(`The name must be 1 to ${MAX_NAME_LENGTH} characters long.`);
  return { email, password, role: input.role, name };
}

/**
 * Creates the user, or updates the password and role of an existing one (and reactivates it).
 * Returns whether the account is new.
 */
export async function upsertUser(databaseUrl: string, input: NewUser): Promise<{ id: string; created: boolean }> {
  const user = checkNewUser(input);
  const hash = await hashPassword(user.password);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{ id: string; created: boolean }>(
      `INSERT INTO app_user (id, name, email, email_verified, role, banned, updated_at)
       VALUES ($1, $2, $3, true, $4, false, now())
       ON CONFLICT (email) DO UPDATE SET role = EXCLUDED.role, banned = false, updated_at = now()
       RETURNING id, (xmax = 0) AS created`,
      [randomUUID(), user.name ?? user.email.split("@")[0], user.email, user.role],
    );
    const { id, created } = rows[0]!;
    // One credential account per user; its id is the user id, as Better Auth's sign-up makes it.
    await client.query("DELETE FROM auth_account WHERE user_id = $1 AND provider_id = 'credential'", [id]);
    await client.query(
      `INSERT INTO auth_account (id, account_id, provider_id, user_id, password, updated_at)
       VALUES ($1, $2, 'credential', $2, $3, now())`,
      [randomUUID(), id, hash],
    );
    // A new password ends every existing session of the account, and lifts the per-account
    // sign-in wait (lib/auth/account-throttle.ts) that strangers may have run up.
    await client.query("DELETE FROM auth_session WHERE user_id = $1", [id]);
    await client.query("DELETE FROM auth_rate_limit WHERE key = $1", [`account|${user.email}`]);
    await client.query("COMMIT");
    return { id, created };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

/** 20 characters from an alphabet without look-alikes: about 115 bits. */
export function randomPassword(): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return [...randomBytes(20)].map((byte) => alphabet[byte % alphabet.length]).join("");
}

/** Demo accounts for a new embedded demo database, one per role; returns their credentials to print once. */
export async function createDemoAccounts(databaseUrl: string): Promise<NewUser[]> {
  const accounts: NewUser[] = (["admin", "editor", "viewer"] as const).map((role) => ({
    email: `${role}@demo.invalid`, password: randomPassword(), role, name: `Demo ${role}`,
  }));
  for (const account of accounts) await upsertUser(databaseUrl, account);
  return accounts;
}
