import { beforeAll, describe, expect, it } from "vitest";
import { POST as commitRoute } from "@/app/api/import/[batchId]/commit/route";
import { DELETE as discardRoute } from "@/app/api/import/[batchId]/route";
import { POST as uploadRoute } from "@/app/api/import/route";
import { GET as getExport } from "@/app/api/export/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { GET as getMap } from "@/app/api/map/route";
import { GET as getSites } from "@/app/api/sites/route";
import { GET as getTimeline } from "@/app/api/stats/timeline/route";
import { upsertUser } from "@/lib/accounts/users";
import type { Actor } from "@/lib/auth/guards";
import { getPool } from "@/lib/db";
import { encodeCursor } from "@/lib/data/incident-list";
import { commitImport, discardImport, getImportPreview } from "@/lib/data/incident-import";
import { INCIDENT_COLUMNS } from "@/lib/export/columns";
import { seedDatabase } from "@/prisma/seed";
import { configureTestAuth, signIn, TEST_AUTH_URL, useAppDatabase } from "../helpers/auth-session";

// The outside attack test's requests that answered 500, sent again to the real route handlers on a
// seeded database: each is now a 400 naming the parameter (or a 404, or a row listed as invalid),
// and none of them writes anything.

type Handler = (request: Request) => Promise<Response>;
const call = async (handler: Handler, path: string) => {
  const response = await handler(new Request(`http://localhost${path}`));
  return { status: response.status, body: (await response.json()) as { error?: { parameter?: string; message?: string } } };
};

const PASSWORD = "correct horse battery";
const HEADER = INCIDENT_COLUMNS.map((c) => c.name).join(",");

/** A row of our export layout, valid except for `occurredOn`. */
function rowOn(occurredOn: string): string {
  const row: Record<string, string> = {
    occurred_on: occurredOn, date_precision: "DAY", country: "IQ", admin1: "Anbar", location_name: `Hostile row ${occurredOn}`,
    latitude: "33.1", longitude: "42.1", geo_precision: "EXACT", target_type: "MILITARY_BASE", attack_type: "ROCKET",
    outcome: "IMPACT", claim_status: "UNCLAIMED", confidence: "LIKELY", is_synthetic: "false",
  };
  return INCIDENT_COLUMNS.map((c) => row[c.name] ?? "").join(",");
}

describe("hostile input that used to answer 500", () => {
  const db = useAppDatabase();
  let editor: Actor;
  let cookie: string;
  const scalar = async (sql: string) => Object.values((await getPool().query(sql)).rows[0] as object)[0] as number;
  const footprint = async () => ({
    incidents: await scalar("SELECT count(*)::int FROM incident"),
    audit: await scalar("SELECT count(*)::int FROM audit_entry"),
    batches: await scalar("SELECT count(*)::int FROM import_batch"),
  });

  beforeAll(async () => {
    await seedDatabase(db.url, ["--synthetic", "--count", "200", "--seed", "5"]);
    configureTestAuth();
    const account = await upsertUser(db.url, { email: "hostile-importer@test.invalid", password: PASSWORD, role: "editor" });
    editor = { userId: account.id, role: "editor", label: "hostile-importer@test.invalid" };
    cookie = (await signIn("hostile-importer@test.invalid", PASSWORD)).cookie!;
  });

  describe("dates before PostgreSQL's calendar on every read API", () => {
    const routes: Array<[string, Handler, string]> = [
      ["/api/incidents", getIncidents, ""],
      ["/api/stats/timeline", getTimeline, ""],
      ["/api/map", getMap, "&bbox=35,29,49,38&zoom=5"],
      ["/api/sites", getSites, ""],
      ["/api/export", getExport, "&format=csv"],
    ];
    for (const [path, handler, rest] of routes) {
      for (const key of ["from", "to"]) {
        it(`${path}?${key}=0000-01-01 is a 400 naming ${key}`, async () => {
          const { status, body } = await call(handler, `${path}?${key}=0000-01-01${rest}`);
          expect(status).toBe(400);
          expect(body.error).toEqual({ parameter: key, message: `${key} is before 1900-01-01, the earliest date accepted` });
        });
      }
    }
  });

  describe("/api/incidents cursors whose value does not fit the sort", () => {
    const id = "0190a0a0-0000-7000-8000-000000000000";
    const cases: Array<[string, string, string | number]> = [
      ["a text for the date sort", "date_desc", "zzz"],
      ["a number for the date sort", "date_asc", 5],
      ["a date for the casualty sort", "killed_desc", "2024-01-05"],
      ["a count beyond int for the casualty sort", "killed_desc", "99999999999"],
      ["a NUL for the reference sort", "reference_asc", "IQ\u00002024"],
    ];
    it.each(cases)("refuses %s with a 400 naming cursor", async (_what, sort, value) => {
      const { status, body } = await call(getIncidents, `/api/incidents?sort=${sort}&cursor=${encodeCursor({ value, id })}`);
      expect(status).toBe(400);
      expect(body.error?.parameter).toBe("cursor");
    });

    it("still pages every sort with the cursors it hands out", async () => {
      for (const sort of ["date_desc", "date_asc", "killed_desc", "reference_asc"]) {
        const first = await call(getIncidents, `/api/incidents?sort=${sort}&limit=5`);
        const next = (first.body as { nextCursor: string }).nextCursor;
        expect((await call(getIncidents, `/api/incidents?sort=${sort}&limit=5&cursor=${next}`)).status).toBe(200);
      }
    });

    it.each(["constructor", "__proto__", "toString"])("refuses sort=%s with a 400 naming sort", async (sort) => {
      const { status, body } = await call(getIncidents, `/api/incidents?sort=${sort}`);
      expect(status).toBe(400);
      expect(body.error?.parameter).toBe("sort");
    });
  });

  describe("imports", () => {
    const upload = (text: string) =>
      uploadRoute(new Request(`${TEST_AUTH_URL}/api/import?name=hostile.csv`, { method: "POST", body: text, headers: { cookie, Origin: TEST_AUTH_URL } }));

    it("lists rows with impossible dates as invalid, with the date's message, and stages the rest", async () => {
      const impossible = ["2024-13-01", "2024-00-10", "2024-12-32"];
      const response = await upload(`${HEADER}\r\n${[...impossible, "2024-02-10"].map(rowOn).join("\r\n")}\r\n`);
      expect(response.status).toBe(201);
      const { batchId, rowCount, validCount } = (await response.json()) as { batchId: string; rowCount: number; validCount: number };
      expect([rowCount, validCount]).toEqual([4, 1]);
      const preview = (await getImportPreview(editor, batchId))!;
      expect(preview.invalid).toEqual(impossible.map((day, k) => ({
        rowNumber: k + 2,
        problems: [{ column: "occurred_on", value: day, message: "Enter a real date as YYYY-MM-DD." }],
      })));
      expect(await discardImport(editor, batchId)).toBe(true);
    });

    const notUuids = ["000000000000000000000000000000000000", "------------------------------------", "gggggggg-gggg-gggg-gggg-gggggggggggg"];

    it.each(notUuids)("answers batch id %s with a 404 on discard and commit, and no preview, writing nothing", async (batchId) => {
      const before = await footprint();
      const headers = { cookie, Origin: TEST_AUTH_URL };
      const discarded = await discardRoute(new Request(`${TEST_AUTH_URL}/api/import/${batchId}`, { method: "DELETE", headers }), { params: Promise.resolve({ batchId }) });
      expect(discarded.status).toBe(404);
      const committed = await commitRoute(
        new Request(`${TEST_AUTH_URL}/api/import/${batchId}/commit`, { method: "POST", headers, body: JSON.stringify({ status: "DRAFT" }) }),
        { params: Promise.resolve({ batchId }) },
      );
      expect(committed.status).toBe(404);
      expect(await committed.json()).toEqual({ error: expect.stringMatching(/^There is no such import/) });
      // What the preview page reads: null, so the page answers notFound().
      expect(await getImportPreview(editor, batchId)).toBeNull();
      expect(await discardImport(editor, batchId)).toBe(false);
      await expect(commitImport(editor, batchId, { status: "DRAFT" })).rejects.toMatchObject({ status: 404 });
      expect(await footprint()).toEqual(before);
    });
  });
});
