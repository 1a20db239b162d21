// The database role the app server connects as. Migrations, seeding, the public-record loader and
// the CLI run as the owner of the tables (the embedded cluster's superuser); the app runs as
// attack_tracker_app, which owns nothing and holds only the grants below. So the app cannot switch
// off the audit trail's append-only triggers (ALTER TABLE … DISABLE TRIGGER needs the owner,
// SET session_replication_role a superuser), nor UPDATE, DELETE or TRUNCATE audit_entry.
//
// The embedded database sets the role up on every start, after migrating (ensureAppRole): created
// if missing (so data directories from before this role existed upgrade themselves), its grants
// re-applied to every table so that tables of later migrations are covered. Servers given by
// DATABASE_URL manage their own roles; `npm start` warns when theirs could bypass the audit trail
// (findAuditBypassRisks).
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { DatabaseSetupError } from "./setup-error";

export const APP_ROLE = "attack_tracker_app";

/** The app's rights on every table not named in TABLE_PRIVILEGES: the ones it keeps (incidents, accounts, imports, rollups, …). */
const DEFAULT_TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE";

/**
 * The exceptions, table by table (null: no access at all). No table grants TRUNCATE, REFERENCES or
 * TRIGGER, and none is owned by the app.
 */
const TABLE_PRIVILEGES: Record<string, string | null> = {
  // Append-only: an entry is written once, in the same transaction as the change it records.
  audit_entry: "SELECT, INSERT",
  // Reference data: migrations, the seed and the public-record loader write it, as the owner.
  armed_group: "SELECT",
  site: "SELECT",
  public_record_row: "SELECT",
  public_record_load: "SELECT",
  // An import ends with ANALYZE of the tables it filled (lib/data/incident-import.ts), which needs
  // MAINTAIN (PostgreSQL 17+) from a role that does not own them.
  incident: `${DEFAULT_TABLE_PRIVILEGES}, MAINTAIN`,
  claim: `${DEFAULT_TABLE_PRIVILEGES}, MAINTAIN`,
  incident_claim: `${DEFAULT_TABLE_PRIVILEGES}, MAINTAIN`,
  source: `${DEFAULT_TABLE_PRIVILEGES}, MAINTAIN`,
  // The migrations' own bookkeeping.
  _prisma_migrations: null,
};

/**
 * The grants, as SQL, for the tables that exist now. Database and schema: connect, and create
 * temporary tables (the import stages its rows in them). Sequences: nextval for the BIGSERIAL ids,
 * not setval. Functions: the derived-data functions that the triggers and the import call; they run
 * with the app's own rights (none is SECURITY DEFINER), which the table grants cover.
 */
function appGrantStatements(database: string, tables: string[]): string[] {
  const role = APP_ROLE;
  const id = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const tableGrants = tables.flatMap((table) => {
    const privileges = table in TABLE_PRIVILEGES ? TABLE_PRIVILEGES[table] : DEFAULT_TABLE_PRIVILEGES;
    const revoke = `REVOKE ALL ON TABLE ${id(table)} FROM ${id(role)}`;
    return privileges ? [revoke, `GRANT ${privileges} ON TABLE ${id(table)} TO ${id(role)}`] : [revoke];
  });
  return [
    `GRANT CONNECT, TEMPORARY ON DATABASE ${id(database)} TO ${id(role)}`,
    `GRANT USAGE ON SCHEMA public TO ${id(role)}`,
    ...tableGrants,
    `GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${id(role)}`,
    `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${id(role)}`,
  ];
}

/**
 * Creates the app's role if missing (or takes back any attribute it should not have), applies its
 * grants in the owner URL's database, and returns the URL the app server connects with.
 */
export async function ensureAppRole(ownerUrl: string, password: string): Promise<string> {
  const appUrl = withLogin(ownerUrl, APP_ROLE, password);
  const client = new pg.Client({ connectionString: ownerUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const role = client.escapeIdentifier(APP_ROLE);
    const attributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";
    const { rows } = await client.query<{ isAsExpected: boolean }>(
      `SELECT rolcanlogin AND NOT (rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls) AS "isAsExpected"
       FROM pg_roles WHERE rolname = $1`,
      [APP_ROLE],
    );
    if (rows.length === 0) {
      await client.query(`CREATE ROLE ${role} ${attributes} PASSWORD ${client.escapeLiteral(password)}`).catch((error: { code?: string }) => {
        if (error.code !== "42710") throw error; // created meanwhile by a concurrent start, with the same password
      });
    } else if (!rows[0]!.isAsExpected) {
      await client.query(`ALTER ROLE ${role} ${attributes}`);
    }

    const { rows: tables } = await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    await client.query("BEGIN");
    // Concurrent starts on one database would otherwise race on the same catalog rows.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('attack-tracker:app-role'))");
    for (const statement of appGrantStatements(client.database!, tables.map((t) => t.name))) await client.query(statement);
    await client.query("COMMIT");

    // A password file made anew (the old one deleted) for a role that already existed.
    if (!(await canLogIn(appUrl))) await client.query(`ALTER ROLE ${role} PASSWORD ${client.escapeLiteral(password)}`);
  } finally {
    await client.end();
  }
  return appUrl;
}

const PASSWORD_FILE = "app-role-password";

/**
 * The app role's password for the embedded cluster in dataDir: random, made once and kept in the
 * data directory (mode 0600) beside the data it opens, so every process sharing the server uses
 * the same one. The cluster only listens on 127.0.0.1 and asks every login for a password.
 */
export async function appRolePassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, PASSWORD_FILE);
  try {
    await fs.writeFile(file, `${randomBytes(24).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
    // As root, the file goes to the data directory's owner (`postgres`), like the files around it,
    // so that tools reading the data directory as that user can read it too.
    const owner = await fs.stat(dataDir);
    if (process.getuid?.() === 0) await fs.chown(file, owner.uid, owner.gid);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EEXIST") throw new DatabaseSetupError(`Cannot write ${file} (${code ?? String(error)}); fix the data directory's permissions.`);
  }
  return (await fs.readFile(file, "utf8")).trim();
}

async function canLogIn(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "28P01") return false; // wrong password
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}

function withLogin(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/**
 * Why the role of `url` could rewrite the audit trail despite its triggers, as phrases for a
 * warning (empty: it cannot). A superuser may SET session_replication_role = replica, which skips
 * triggers; the owner of audit_entry (or a member of the owner's role) may disable or drop them.
 */
export async function findAuditBypassRisks(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ role: string; isSuperuser: boolean; ownsAuditTrail: boolean; canSetReplicationRole: boolean }>(
      `SELECT current_user AS role, r.rolsuper AS "isSuperuser",
              coalesce(pg_has_role(current_user, c.relowner, 'USAGE'), false) AS "ownsAuditTrail",
              has_parameter_privilege('session_replication_role', 'SET') AS "canSetReplicationRole"
       FROM pg_roles r LEFT JOIN pg_class c ON c.oid = to_regclass('public.audit_entry')
       WHERE r.rolname = current_user`,
    );
    const row = rows[0]!;
    if (row.isSuperuser) return [`${row.role} is a superuser, so it can SET session_replication_role = replica and skip every trigger`];
    return [
      ...(row.ownsAuditTrail ? [`${row.role} owns audit_entry, so it can disable or drop its append-only triggers`] : []),
      ...(row.canSetReplicationRole ? [`${row.role} may SET session_replication_role, which skips every trigger`] : []),
    ];
  } finally {
    await client.end();
  }
}
