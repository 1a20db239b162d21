import { beforeAll, describe, expect, it } from "vitest";
import { GET as getIncident } from "@/app/api/incidents/[id]/route";
import { ANONYMOUS, type Actor } from "@/lib/auth/guards";
import { getPool } from "@/lib/db";
import { getIncidentForActor } from "@/lib/data/incident-detail";
import { seedDatabase } from "@/prisma/seed";
import { useAppDatabase } from "../helpers/auth-session";

// What one incident tells whoever asks: the public answer (API and page) carries no staff user ids,
// and a claim's "this statement claims N incidents" counts only the incidents the caller may see —
// published ones, unless the actor reads drafts.

const editor: Actor = { userId: "user-editor", role: "editor", label: "editor@test.invalid" };
const viewer: Actor = { userId: "user-viewer", role: "viewer", label: "viewer@test.invalid" };
const STAFF_IDS = ["staff-creator-0001", "staff-updater-0002"];

describe("one incident, as each caller may see it", () => {
  const db = useAppDatabase();
  let publishedId: string;
  let claimId: string;
  beforeAll(async () => {
    await seedDatabase(db.url, ["--synthetic", "--count", "60", "--seed", "5"]);
    const pool = getPool();
    const ids = (await pool.query<{ id: string }>("SELECT id FROM incident WHERE status = 'PUBLISHED' ORDER BY occurred_on DESC, id LIMIT 3")).rows.map((r) => r.id);
    const [published, draft, retracted] = ids as [string, string, string];
    publishedId = published;
    await pool.query("UPDATE incident SET created_by_id = $2, updated_by_id = $3 WHERE id = $1", [published, ...STAFF_IDS]);
    await pool.query("UPDATE incident SET status = 'DRAFT' WHERE id = $1", [draft]);
    await pool.query("UPDATE incident SET status = 'RETRACTED', retraction_reason = 'Duplicate of another report' WHERE id = $1", [retracted]);
    // One statement that claims all three: a published incident, a draft and a retracted one.
    claimId = (
      await pool.query<{ id: string }>(
        "INSERT INTO claim (group_id, stated_at, channel) SELECT id, '2024-01-29T10:00:00Z', 'Telegram' FROM armed_group ORDER BY slug LIMIT 1 RETURNING id",
      )
    ).rows[0]!.id;
    for (const id of ids) await pool.query("INSERT INTO incident_claim (incident_id, claim_id) VALUES ($1, $2)", [id, claimId]);
  });

  const claimOf = (claims: Array<{ id: string; incidentCount: number }>) => claims.find((c) => c.id === claimId);

  it("GET /api/incidents/{id} carries no staff ids and counts only published incidents", async () => {
    const response = await getIncident(new Request(`http://localhost/api/incidents/${publishedId}`), { params: Promise.resolve({ id: publishedId }) });
    expect(response.status).toBe(200);
    const text = await response.text();
    for (const staffId of STAFF_IDS) expect(text).not.toContain(staffId);
    const body = JSON.parse(text) as Record<string, unknown> & { claims: Array<{ id: string; incidentCount: number }> };
    expect(body).not.toHaveProperty("createdById");
    expect(body).not.toHaveProperty("updatedById");
    expect(body.id).toBe(publishedId);
    expect(claimOf(body.claims)?.incidentCount).toBe(1);
  });

  it("the incident page's data counts published incidents for readers, every incident for editors", async () => {
    for (const actor of [ANONYMOUS, viewer]) {
      const incident = await getIncidentForActor(actor, publishedId);
      expect(incident).not.toBeNull();
      expect(incident).not.toHaveProperty("createdById");
      expect(incident).not.toHaveProperty("updatedById");
      expect(claimOf(incident!.claims)?.incidentCount).toBe(1);
    }
    const forEditor = await getIncidentForActor(editor, publishedId);
    expect(claimOf(forEditor!.claims)?.incidentCount).toBe(3);
  });
});
