// The app's database role (lib/db/app-role.ts) against a real database: it cannot switch off, go
// around or rewrite the append-only audit trail, while the app's own writes through the data layer
// (with their audit entries and the rollups the triggers keep) work as before.
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/guards";
import { getPool } from "@/lib/db";
import { APP_ROLE, findAuditBypassRisks } from "@/lib/db/app-role";
import { createIncident, publishIncident, retractIncident } from "@/lib/data/incident-writes";
import { CreateIncidentSchema } from "@/lib/validation/incident";
import { loadReferenceData } from "@/prisma/seed";
import { type TestDatabase, withClient } from "../helpers/test-database";
import { useAppDatabase } from "../helpers/auth-session";

const editor: Actor = { userId: "user-editor", role: "editor", label: "editor@test.invalid" };

const incidentForm = () =>
  CreateIncidentSchema.parse({
    occurredOn: "2024-01-28", occurredTime: "", datePrecision: "DAY", country: "JO", admin1: "Mafraq",
    locationName: "Remote test outpost", locationNameAr: "", lat: "32.1000", lon: "37.2000", geoPrecision: "EXACT", site: "",
    targetType: "LOGISTICS", attackType: "ONE_WAY_DRONE", outcome: "IMPACT",
    killedMin: "3", killedMax: "3", woundedMin: "30", woundedMax: "47",
    claimStatus: "CLAIMED", attributedTo: "", confidence: "CONFIRMED", notes: "", confirmDuplicates: "on",
    claims: [{ id: "", group: "islamic-resistance-in-iraq", statedOn: "2024-01-28", channel: "Telegram", url: "", text: "" }],
    sources: [{ id: "", url: "https://example.org/a", publisher: "Example", title: "", kind: "MEDIA", publishedOn: "", language: "en" }],
  });

/** The SQLSTATE a statement fails with, as the app's role; undefined if it succeeds. */
async function errorCodeAsApp(db: Pick<TestDatabase, "appUrl">, sql: string): Promise<string | undefined> {
  return withClient(db.appUrl, (client) =>
    client.query(sql).then(
      () => undefined,
      (error: pg.DatabaseError) => error.code,
    ),
  );
}

const PERMISSION_DENIED = "42501"; // insufficient_privilege, which is also "must be owner"

describe("the app's database role", () => {
  const db = useAppDatabase();
  beforeAll(async () => {
    await withClient(db.url, loadReferenceData);
    // The data layer as the app server runs it: connected as the app's role.
  });

  it("is an ordinary login that owns no table", async () => {
    const [role] = await withClient(db.appUrl, async (client) =>
      (await client.query(
        `SELECT current_user AS name, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls,
                (SELECT count(*)::int FROM pg_tables WHERE tableowner = current_user) AS "ownedTables"
         FROM pg_roles WHERE rolname = current_user`,
      )).rows,
    );
    expect(role).toEqual({ name: APP_ROLE, rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolreplication: false, rolbypassrls: false, ownedTables: 0 });
    expect(await findAuditBypassRisks(db.appUrl)).toEqual([]);
  });

  it("writes through the data layer: the incident, its audit entries and the rollups the triggers keep", async () => {
    const published = () => getPool().query<{ n: number }>("SELECT coalesce(sum(incidents), 0)::int AS n FROM incident_daily_total").then((r) => r.rows[0]!.n);
    const before = await published();
    const result = await createIncident(editor, incidentForm());
    if (!result.saved) throw new Error("not saved");
    expect(await publishIncident(editor, result.id, 1)).toBe(2);
    expect(await published()).toBe(before + 1);
    expect(await retractIncident(editor, result.id, 2, "Duplicate")).toBe(3);
    expect(await published()).toBe(before);

    const { rows } = await getPool().query("SELECT action FROM audit_entry WHERE entity_id = $1 ORDER BY id", [result.id]);
    expect(rows.map((r: { action: string }) => r.action)).toEqual(["CREATE", "PUBLISH", "RETRACT"]);
    // The claim trigger credited the claimant, with the app's rights.
    const { rows: [incident] } = await getPool().query("SELECT g.slug FROM incident i JOIN armed_group g ON g.id = i.claimant_id WHERE i.id = $1", [result.id]);
    expect(incident).toEqual({ slug: "islamic-resistance-in-iraq" });
  });

  it("cannot skip triggers with session_replication_role, for the session or a transaction", async () => {
    expect(await errorCodeAsApp(db, "SET session_replication_role = replica")).toBe(PERMISSION_DENIED);
    expect(await errorCodeAsApp(db, "BEGIN; SET LOCAL session_replication_role = replica; COMMIT")).toBe(PERMISSION_DENIED);
  });

  it("cannot update, delete or truncate the audit trail, nor disable or drop its triggers", async () => {
    const entries = () => withClient(db.url, async (client) => (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_entry")).rows[0]!.n);
    const before = await entries();
    expect(before).toBeGreaterThan(0);
    for (const statement of [
      "UPDATE audit_entry SET reason = 'rewritten'",
      "DELETE FROM audit_entry",
      "TRUNCATE audit_entry",
      "ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update_or_delete",
      "ALTER TABLE audit_entry DISABLE TRIGGER ALL",
      "DROP TRIGGER audit_entry_no_update_or_delete ON audit_entry",
      "CREATE TABLE audit_entry_copy (id int)",
      "SET ROLE postgres",
    ]) {
      expect({ statement, code: await errorCodeAsApp(db, statement) }).toEqual({ statement, code: PERMISSION_DENIED });
    }
    expect(await entries()).toBe(before);
    const { rows } = await withClient(db.url, (client) => client.query("SELECT count(*)::int AS n FROM audit_entry WHERE reason = 'rewritten'"));
    expect(rows).toEqual([{ n: 0 }]);
  });

  it("may ANALYZE the tables an import fills, which PostgreSQL otherwise skips with a warning", async () => {
    const notices = await withClient(db.appUrl, async (client) => {
      const messages: string[] = [];
      client.on("notice", (notice) => messages.push(notice.message ?? ""));
      await client.query("ANALYZE incident, claim, incident_claim, source");
      return messages;
    });
    expect(notices).toEqual([]);
  });

  it("reads but does not write the reference data", async () => {
    expect(await errorCodeAsApp(db, "SELECT count(*) FROM armed_group")).toBeUndefined();
    expect(await errorCodeAsApp(db, "UPDATE armed_group SET name = name")).toBe(PERMISSION_DENIED);
    expect(await errorCodeAsApp(db, "SELECT count(*) FROM _prisma_migrations")).toBe(PERMISSION_DENIED);
  });

  it("names the risk of a superuser, and of a role that owns the audit trail", async () => {
    expect(await findAuditBypassRisks(db.url)).toEqual([expect.stringMatching(/^postgres is a superuser, so it can SET session_replication_role = replica/)]);
    await withClient(db.url, async (client) => {
      await client.query("CREATE ROLE audit_owner_test LOGIN PASSWORD 'owner-test'");
      await client.query("ALTER TABLE audit_entry OWNER TO audit_owner_test");
    });
    try {
      const ownerUrl = new URL(db.url);
      ownerUrl.username = "audit_owner_test";
      ownerUrl.password = "owner-test";
      expect(await findAuditBypassRisks(ownerUrl.href)).toEqual(["audit_owner_test owns audit_entry, so it can disable or drop its append-only triggers"]);
    } finally {
      await withClient(db.url, async (client) => {
        await client.query("ALTER TABLE audit_entry OWNER TO postgres");
        await client.query("DROP ROLE audit_owner_test");
      });
    }
  });
});
