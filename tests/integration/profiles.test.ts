import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANONYMOUS, type Actor } from "@/lib/auth/guards";
import { countIncidents } from "@/lib/data/dashboard";
import { getGroupProfile } from "@/lib/data/group-profile";
import { getIncidentForActor } from "@/lib/data/incident-detail";
import { decodeCursor, listIncidents } from "@/lib/data/incident-list";
import { getSiteProfile } from "@/lib/data/site-profile";
import { getPool } from "@/lib/db";
import { seedDatabase } from "@/prisma/seed";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

// The group and site pages' data, the table's paging both ways and the incident permalink by
// reference code, on the reference groups and sites with synthetic incidents. Every figure is
// checked against SQL written here from the rule, and against the dashboard filter it links to.

const viewer: Actor = { userId: "user-viewer", role: "viewer", label: "viewer@test.invalid" };
const count = async (sql: string, params: unknown[] = []) => Number((await getPool().query<{ n: string }>(sql, params)).rows[0]!.n);

// One database for the file: the app's pool is one per process, as in the server.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDatabase(db.url, ["--synthetic", "--count", "400", "--seed", "11"]);
  process.env.DATABASE_URL = db.appUrl; // the app's pool connects as the app role, as in production
});
afterAll(async () => {
  delete process.env.PUBLIC_ACCESS;
  await getPool().end();
  await db?.drop();
});

describe("group and site profiles", () => {
  /** The parent group whose façades are credited with the most incidents. */
  let parentSlug: string;
  beforeAll(async () => {
    const { rows } = await getPool().query<{ slug: string }>(
      `SELECT p.slug FROM armed_group p JOIN armed_group c ON c.parent_id = p.id JOIN incident i ON i.claimant_id = c.id
       WHERE i.status = 'PUBLISHED' GROUP BY p.slug ORDER BY count(*) DESC LIMIT 1`,
    );
    parentSlug = rows[0]!.slug;
  });

  it("credits a group with its own incidents and its façades', the same number its dashboard filter counts", async () => {
    const profile = await getGroupProfile(ANONYMOUS, parentSlug);
    expect(profile).not.toBeNull();
    const { creditedTotal, counts, members } = profile!;
    // The rule, written out: published incidents whose credited claimant is the group or one of its children.
    const expected = await count(
      `SELECT count(*) AS n FROM incident i JOIN armed_group g ON g.id = i.claimant_id
       WHERE i.status = 'PUBLISHED' AND (g.slug = $1 OR g.parent_id = (SELECT id FROM armed_group WHERE slug = $1))`,
      [parentSlug],
    );
    const ownOnly = await count(
      "SELECT count(*) AS n FROM incident i JOIN armed_group g ON g.id = i.claimant_id WHERE i.status = 'PUBLISHED' AND g.slug = $1",
      [parentSlug],
    );
    expect(creditedTotal).toBe(expected);
    expect(creditedTotal).toBeGreaterThan(ownOnly); // the façades add something: the test would see them missing
    expect(creditedTotal).toBe(await countIncidents({ claimant: [parentSlug] }));
    expect(counts[0]).toMatchObject({ slug: parentSlug, depth: 0, credited: ownOnly });
    expect(members.length).toBeGreaterThan(0);
    for (const member of counts.filter((c) => c.depth > 0)) {
      expect(member.creditedWithBelow).toBe(await countIncidents({ claimant: [member.slug] }));
    }
    // Every credited incident is in exactly one month's bars.
    const barSum = profile!.months.reduce((n, m) => n + Object.values(m.credited).reduce((a, b) => a + b, 0), 0);
    expect(barSum).toBe(creditedTotal);
  });

  it("answers null for an unknown or malformed slug, and for a reader when the record is closed", async () => {
    for (const slug of ["no-such-group", "../etc/passwd", "Kataib Hezbollah", "", "x".repeat(200), "a\u0000b"]) {
      expect(await getGroupProfile(viewer, slug)).toBeNull();
      expect(await getSiteProfile(viewer, slug)).toBeNull();
    }
    process.env.PUBLIC_ACCESS = "false";
    try {
      expect(await getGroupProfile(ANONYMOUS, parentSlug)).toBeNull();
      expect(await getGroupProfile(viewer, parentSlug)).not.toBeNull();
    } finally {
      delete process.env.PUBLIC_ACCESS;
    }
  });

  it("leaves drafts out of the figures, the ledger and the sources", async () => {
    const before = (await getGroupProfile(ANONYMOUS, parentSlug))!;
    // A statement of the group that claims one published incident alone; the incident then becomes a draft.
    const pool = getPool();
    const { rows } = await pool.query<{ id: string }>(
      `SELECT i.id FROM incident i JOIN armed_group g ON g.id = i.claimant_id
       WHERE i.status = 'PUBLISHED' AND g.slug = $1 ORDER BY i.occurred_on DESC LIMIT 1`,
      [parentSlug],
    );
    const incidentId = rows[0]!.id;
    const claimId = (
      await pool.query<{ id: string }>(
        `INSERT INTO claim (group_id, stated_at, text) SELECT id, now(), 'A statement about a draft only' FROM armed_group WHERE slug = $1 RETURNING id`,
        [parentSlug],
      )
    ).rows[0]!.id;
    await pool.query("INSERT INTO incident_claim (incident_id, claim_id) VALUES ($1, $2)", [incidentId, claimId]);
    const withClaim = (await getGroupProfile(ANONYMOUS, parentSlug))!;
    expect(withClaim.ledger.total).toBe(before.ledger.total + 1);
    expect(withClaim.ledger.statements[0]?.id).toBe(claimId); // newest first

    const sourcesOfIncident = await count("SELECT count(*) AS n FROM source WHERE incident_id = $1", [incidentId]);
    // The group's statements (ours and the incident's own) that claim no other published incident.
    const statementsOfIncidentAlone = await count(
      `SELECT count(*) AS n FROM incident_claim ic JOIN claim c ON c.id = ic.claim_id JOIN armed_group g ON g.id = c.group_id
       WHERE ic.incident_id = $1 AND (g.slug = $2 OR g.parent_id = (SELECT id FROM armed_group WHERE slug = $2))
         AND NOT EXISTS (SELECT 1 FROM incident_claim o JOIN incident i ON i.id = o.incident_id
                         WHERE o.claim_id = c.id AND o.incident_id <> $1 AND i.status = 'PUBLISHED')`,
      [incidentId, parentSlug],
    );
    expect(statementsOfIncidentAlone).toBeGreaterThanOrEqual(1);
    await pool.query("UPDATE incident SET status = 'DRAFT' WHERE id = $1", [incidentId]);
    const after = (await getGroupProfile(ANONYMOUS, parentSlug))!;
    expect(after.creditedTotal).toBe(before.creditedTotal - 1);
    expect(after.ledger.total).toBe(withClaim.ledger.total - statementsOfIncidentAlone);
    expect(after.ledger.statements.map((s) => s.id)).not.toContain(claimId);
    expect(after.ledger.statements.flatMap((s) => s.incidents.map((i) => i.id))).not.toContain(incidentId);
    expect(after.sources.sourceCount).toBe(before.sources.sourceCount - sourcesOfIncident);
    await pool.query("UPDATE incident SET status = 'PUBLISHED' WHERE id = $1", [incidentId]);
  });

  it("counts a site's attacks as the dashboard filter does and lists its latest incidents", async () => {
    const { rows } = await getPool().query<{ slug: string }>(
      "SELECT s.slug FROM site s JOIN incident i ON i.site_id = s.id WHERE i.status = 'PUBLISHED' GROUP BY s.slug ORDER BY count(*) DESC LIMIT 1",
    );
    const slug = rows[0]!.slug;
    const profile = (await getSiteProfile(ANONYMOUS, slug))!;
    const expected = await count("SELECT count(*) AS n FROM incident i JOIN site s ON s.id = i.site_id WHERE s.slug = $1 AND i.status = 'PUBLISHED'", [slug]);
    expect(profile.incidents).toBe(expected);
    expect(profile.incidents).toBe(await countIncidents({ site: [slug] }));
    expect(profile.byClaimant.buckets.reduce((n, b) => n + b.total, 0)).toBe(expected);
    expect(profile.latest.length).toBe(Math.min(10, expected));
    expect(profile.latest.every((row) => row.site === slug)).toBe(true);
  });
});

describe("the table's pages, both ways", () => {

  for (const sort of ["date_desc", "killed_desc", "reference_asc"] as const) {
    it(`walks forward and back by ${sort} to the same rows, numbering them`, async () => {
      const total = await countIncidents({});
      const pages: string[][] = [];
      let page = await listIncidents({}, { sort, limit: 50, withPosition: true });
      expect(page.previousCursor).toBeNull();
      expect(page.firstRowNumber).toBe(1);
      pages.push(page.items.map((r) => r.id));
      while (page.nextCursor) {
        page = await listIncidents({}, { sort, limit: 50, cursor: decodeCursor(page.nextCursor, sort), withPosition: true });
        expect(page.firstRowNumber).toBe(pages.length * 50 + 1);
        pages.push(page.items.map((r) => r.id));
      }
      expect(pages.flat().length).toBe(total);
      expect(new Set(pages.flat()).size).toBe(total);
      // And back again from the last page.
      for (let index = pages.length - 2; index >= 0; index--) {
        expect(page.previousCursor).not.toBeNull();
        page = await listIncidents({}, { sort, limit: 50, cursor: decodeCursor(page.previousCursor!, sort), withPosition: true });
        expect(page.items.map((r) => r.id)).toEqual(pages[index]);
        expect(page.firstRowNumber).toBe(index * 50 + 1);
      }
      expect(page.previousCursor).toBeNull();
    });
  }

  it("carries a short details text: the notes' start, and a claim's wording when one is recorded", async () => {
    const page = await listIncidents({}, { sort: "date_desc", limit: 100 });
    const withNotes = page.items.filter((r) => r.notesExcerpt);
    expect(withNotes.length).toBeGreaterThan(0);
    for (const row of withNotes) expect(row.notesExcerpt!.length).toBeLessThanOrEqual(141);
    const { rows } = await getPool().query<{ id: string; text: string }>(
      `SELECT DISTINCT ON (ic.incident_id) ic.incident_id AS id, c.text FROM incident_claim ic JOIN claim c ON c.id = ic.claim_id
       WHERE c.status = 'ISSUED' AND c.text IS NOT NULL AND ic.incident_id = ANY($1::uuid[]) ORDER BY ic.incident_id, c.stated_at, c.id`,
      [page.items.map((r) => r.id)],
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const { id, text } of rows) expect(page.items.find((r) => r.id === id)?.claimExcerpt).toBe(text); // short statements are carried whole
  });

  it("opens an incident by its reference code in any letter case; a malformed code is not found", async () => {
    const { rows } = await getPool().query<{ id: string; reference: string }>("SELECT id, reference FROM incident WHERE status = 'PUBLISHED' LIMIT 1");
    const { id, reference } = rows[0]!;
    expect((await getIncidentForActor(ANONYMOUS, reference))?.id).toBe(id);
    expect((await getIncidentForActor(ANONYMOUS, reference.toLowerCase()))?.id).toBe(id);
    for (const bad of [`${reference}x`, "IQ-24-0001", "IQ-2024-", "'; DROP TABLE incident; --", "ZZ-2024-0001"]) {
      expect(await getIncidentForActor(ANONYMOUS, bad)).toBeNull();
    }
    const draft = (await getPool().query<{ reference: string }>("UPDATE incident SET status = 'DRAFT' WHERE id = $1 RETURNING reference", [id])).rows[0]!;
    expect(await getIncidentForActor(ANONYMOUS, draft.reference)).toBeNull();
    await getPool().query("UPDATE incident SET status = 'PUBLISHED' WHERE id = $1", [id]);
  });
});
