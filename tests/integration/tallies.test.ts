import pg from "pg";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getEvents } from "@/app/api/events/route";
import { GET as getTallies } from "@/app/api/tallies/route";
import { createTallyAction, updateTallyAction } from "@/lib/actions/tallies";
import { type Actor, PermissionDenied } from "@/lib/auth/guards";
import { getPool } from "@/lib/db";
import { ConflictError, createIncident, publishIncident } from "@/lib/data/incident-writes";
import { getCumulativeCounts, getReconciliation, createTally, updateTally } from "@/lib/data/tallies";
import { createTimelineEvent, listTimelineEvents, updateTimelineEvent } from "@/lib/data/timeline-events";
import { fieldErrorsOf, CreateIncidentSchema } from "@/lib/validation/incident";
import {
  CreateTallySchema, CreateTimelineEventSchema, UpdateTallySchema, UpdateTimelineEventSchema,
} from "@/lib/validation/tally";
import type { TallyRule } from "@/lib/codes";
import { loadReferenceData } from "@/prisma/seed";
import { useAppDatabase } from "../helpers/auth-session";

// The actions run outside a request here: the session lookup and the cache refresh are stubbed, the
// permission checks of the data layer are the real ones.
const session = vi.hoisted(() => ({ actor: { userId: "user-editor", role: "editor", label: "editor@test.invalid" } as Actor }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("@/lib/auth/guards", async (importOriginal) => {
  const guards = await importOriginal<typeof import("@/lib/auth/guards")>();
  return {
    ...guards,
    requirePermission: async (permission: Parameters<typeof guards.assertActorCan>[1]) => {
      guards.assertActorCan(session.actor, permission);
      return session.actor;
    },
  };
});

// Published tallies against our own count of the same scope: each rule's figure equals the count
// worked out here, independently, from the incidents the test wrote; edits are version-locked,
// audited and allowed to editors only.

const editor: Actor = { userId: "user-editor", role: "editor", label: "editor@test.invalid" };
const otherEditor: Actor = { userId: "user-editor-2", role: "editor", label: "editor2@test.invalid" };
const viewer: Actor = { userId: "user-viewer", role: "viewer", label: "viewer@test.invalid" };

/** The incidents of the test, with what each rule needs to know about them. */
type Fixture = {
  day: string; country: "IQ" | "SY" | "JO"; claimant: string | null; isIri: boolean; status: "PUBLISHED" | "DRAFT"; isSynthetic?: boolean;
  /** Officials confirmed it (confirmedBy is not empty). */
  isOfficial?: boolean;
};
const FIXTURES: Fixture[] = [
  { day: "2023-10-18", country: "IQ", claimant: "islamic-resistance-in-iraq", isIri: true, status: "PUBLISHED", isOfficial: true },
  { day: "2023-10-18", country: "SY", claimant: "kataib-hezbollah", isIri: true, status: "PUBLISHED" }, // a child of the IRI
  { day: "2023-10-20", country: "SY", claimant: null, isIri: false, status: "PUBLISHED" },
  { day: "2024-01-28", country: "JO", claimant: "test-facade", isIri: true, status: "PUBLISHED", isOfficial: true }, // a grandchild
  { day: "2023-11-01", country: "IQ", claimant: "popular-mobilization-forces", isIri: false, status: "PUBLISHED" },
  { day: "2023-11-02", country: "IQ", claimant: "islamic-resistance-in-iraq", isIri: true, status: "PUBLISHED", isSynthetic: true },
  { day: "2023-11-03", country: "SY", claimant: "islamic-resistance-in-iraq", isIri: true, status: "DRAFT" },
  { day: "2023-10-10", country: "IQ", claimant: "islamic-resistance-in-iraq", isIri: true, status: "PUBLISHED" }, // before the campaign
];

/** Each rule as its publisher states it, written apart from the SQL under test. */
function expectedCount(rule: TallyRule, asOf: string, country?: Fixture["country"], officialOnly = false): number {
  return FIXTURES.filter((f) => {
    if (f.status !== "PUBLISHED" || f.isSynthetic || f.day > asOf || (country && f.country !== country)) return false;
    if (officialOnly && !f.isOfficial) return false;
    if (rule === "SOHR") return f.country === "SY" && f.day >= "2023-10-19";
    if (f.day < "2023-10-17") return false;
    if (rule === "WINEP" || rule === "ISW") return f.isIri;
    return true; // PENTAGON (all three countries) and OTHER
  }).length;
}

const COORDINATES = { IQ: { lat: "33.80", lon: "42.44" }, SY: { lat: "33.50", lon: "38.60" }, JO: { lat: "32.10", lon: "37.20" } };

async function createFixture(f: Fixture, i: number): Promise<void> {
  const input = CreateIncidentSchema.parse({
    occurredOn: f.day, occurredTime: "", datePrecision: "DAY", country: f.country, admin1: "", locationName: `Test site ${i}`, locationNameAr: "",
    // Apart from each other, so no duplicate guard is involved.
    lat: String(Number(COORDINATES[f.country].lat) + i * 0.5), lon: COORDINATES[f.country].lon, geoPrecision: "EXACT", site: "",
    targetType: "MILITARY_BASE", attackType: "ONE_WAY_DRONE", outcome: "IMPACT", killedMin: "", killedMax: "", woundedMin: "", woundedMax: "",
    claimStatus: f.claimant ? "CLAIMED" : "UNCLAIMED", attributedTo: "", confidence: "CONFIRMED", notes: "",
    confirmedBy: f.isOfficial ? "Pentagon; CENTCOM" : "",
    claims: f.claimant ? [{ id: "", group: f.claimant, statedOn: f.day, channel: "", url: "", text: "" }] : [],
    sources: [], confirmDuplicates: "on",
  });
  const result = await createIncident(editor, input);
  if (!result.saved) throw new Error("not saved");
  if (f.status === "PUBLISHED") await publishIncident(editor, result.id, 1);
  if (f.isSynthetic) await getPool().query("UPDATE incident SET is_synthetic = true WHERE id = $1", [result.id]);
}

function tallyForm(overrides: Record<string, string> = {}) {
  return {
    key: "test-tally", publisher: "US Department of Defense", asOf: "2024-02-01", count: "170", qualifier: "MORE_THAN",
    countIraq: "", countSyria: "", countJordan: "", scope: "Attacks on US forces in Iraq, Syria and Jordan since 17 Oct 2023",
    rule: "PENTAGON", sourceUrl: "https://www.defense.gov/News/Transcripts/", sourcePublisher: "DoD", publishedOn: "",
    ...overrides,
  };
}

const auditEntries = (id: string) =>
  getPool().query("SELECT action, actor_id, entity_type, before, after FROM audit_entry WHERE entity_id = $1 ORDER BY id", [id]).then((r) => r.rows);

describe("published tallies and key events", () => {
  const db = useAppDatabase();
  beforeAll(async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await loadReferenceData(client);
    await client.query(`INSERT INTO armed_group (slug, name, parent_id) SELECT 'test-facade', 'Test façade', id FROM armed_group WHERE slug = 'kataib-hezbollah'`);
    await client.end();
    for (const [i, f] of FIXTURES.entries()) await createFixture(f, i);
  });

  it("counts ours for every rule as the rule says, from real published incidents only", async () => {
    const cases: Array<{ key: string; rule: TallyRule; asOf: string; splits?: Partial<Record<"countIraq" | "countSyria" | "countJordan", string>> }> = [
      { key: "pentagon-2023-12-31", rule: "PENTAGON", asOf: "2023-12-31", splits: { countIraq: "3", countSyria: "2" } },
      { key: "pentagon-2024-02-01", rule: "PENTAGON", asOf: "2024-02-01", splits: { countJordan: "1" } },
      { key: "winep-2024-02-01", rule: "WINEP", asOf: "2024-02-01" },
      { key: "isw-2023-10-31", rule: "ISW", asOf: "2023-10-31" },
      { key: "sohr-2024-02-01", rule: "SOHR", asOf: "2024-02-01", splits: { countSyria: "4" } },
      { key: "other-2024-02-01", rule: "OTHER", asOf: "2024-02-01" },
    ];
    for (const c of cases) await createTally(editor, CreateTallySchema.parse(tallyForm({ key: c.key, rule: c.rule, asOf: c.asOf, count: "4", ...c.splits })));

    const byKey = new Map((await getReconciliation(viewer)).map((r) => [r.key, r]));
    for (const c of cases) {
      const row = byKey.get(c.key)!;
      expect(row.ours, c.key).toBe(expectedCount(c.rule, c.asOf));
      expect(row.oursConfirmed, c.key).toBe(expectedCount(c.rule, c.asOf, undefined, true));
      expect(row.difference, c.key).toBe(row.ours - 4);
      const splitCountries = Object.keys(c.splits ?? {}).map((k) => ({ countIraq: "IQ", countSyria: "SY", countJordan: "JO" })[k] as "IQ" | "SY" | "JO");
      expect(row.splits.map((s) => s.country).sort(), c.key).toEqual(splitCountries.sort());
      for (const s of row.splits) expect(s.ours, `${c.key} ${s.country}`).toBe(expectedCount(c.rule, c.asOf, s.country));
    }
    // The same figures, spelled out: what a reader of the table would check by hand.
    expect(Object.fromEntries(cases.map((c) => [c.key, byKey.get(c.key)!.ours]))).toEqual({
      "pentagon-2023-12-31": 4, "pentagon-2024-02-01": 5, "winep-2024-02-01": 3, "isw-2023-10-31": 2, "sohr-2024-02-01": 1, "other-2024-02-01": 5,
    });
    expect(byKey.get("pentagon-2023-12-31")!.splits).toEqual([
      { country: "IQ", theirs: 3, ours: 2, difference: -1 }, { country: "SY", theirs: 2, ours: 2, difference: 0 },
    ]);
    const pentagon = byKey.get("pentagon-2024-02-01")!;
    expect(pentagon.theirs).toEqual({ count: 4, qualifier: "MORE_THAN", label: "more than 4" });
    expect(pentagon.why).toMatch(/^Ours is 1 higher: the Pentagon counts attacks on US facilities.*one attack on one site on one local day.*lower bound\. Of ours, 2 were confirmed by officials; 3 rest on claims or other reporting alone\.$/);

    // The API answers the same figures.
    const response = await getTallies(new Request("http://localhost/api/tallies"));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { tallies: Array<{ key: string; ours: number; why: string }> };
    expect(body.tallies.find((t) => t.key === "winep-2024-02-01")).toMatchObject({ ours: 3, why: expect.stringContaining("Islamic Resistance in Iraq") });
    const bad = await getTallies(new Request("http://localhost/api/tallies?rule=x"));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.parameter).toBe("rule");
  });

  it("follows a correction of an incident at once: ours is computed, never stored", async () => {
    const before = (await getReconciliation(viewer)).find((r) => r.key === "other-2024-02-01")!.ours;
    await getPool().query("UPDATE incident SET status = 'RETRACTED', retraction_reason = 'test' WHERE location_name = 'Test site 2'");
    const after = (await getReconciliation(viewer)).find((r) => r.key === "other-2024-02-01")!.ours;
    expect(after).toBe(before - 1);
    await getPool().query("UPDATE incident SET status = 'PUBLISHED', retraction_reason = NULL WHERE location_name = 'Test site 2'");
  });

  it("gives the cumulative count under a filter, from the campaign's first day", async () => {
    expect(await getCumulativeCounts(viewer, {})).toEqual([
      { day: "2023-10-18", total: 2 }, { day: "2023-10-20", total: 3 }, { day: "2023-11-01", total: 4 },
      // the synthetic incident of 2 Nov is a published incident of the dashboard like any other
      { day: "2023-11-02", total: 5 }, { day: "2024-01-28", total: 6 },
    ]);
    expect(await getCumulativeCounts(viewer, { country: ["SY"] })).toEqual([{ day: "2023-10-18", total: 1 }, { day: "2023-10-20", total: 2 }]);
  });

  it("refuses a save against an old version, changes nothing, and names what the other save changed", async () => {
    const created = await createTally(editor, CreateTallySchema.parse(tallyForm({ key: "stale-test" })));
    const { key: _key, ...withoutKey } = tallyForm({ count: "180" });
    await updateTally(otherEditor, UpdateTallySchema.parse({ ...withoutKey, id: created.id, version: "1" }));

    const { key: _k2, ...stale } = tallyForm({ count: "175", publisher: "Someone else" });
    const error = await updateTally(editor, UpdateTallySchema.parse({ ...stale, id: created.id, version: "1" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).currentVersion).toBe(2);
    expect((error as ConflictError).changedSince).toEqual(["count"]);
    const { rows } = await getPool().query("SELECT count, publisher, version, updated_by_id FROM tally WHERE id = $1", [created.id]);
    expect(rows[0]).toEqual({ count: 180, publisher: "US Department of Defense", version: 2, updated_by_id: "user-editor-2" });

    const entries = await auditEntries(created.id);
    expect(entries.map((e) => [e.action, e.actor_id, e.entity_type])).toEqual([["CREATE", "user-editor", "tally"], ["UPDATE", "user-editor-2", "tally"]]);
    expect(entries[0].after).toMatchObject({ key: "stale-test", count: 170, qualifier: "MORE_THAN", asOf: "2024-02-01", version: 1 });
    expect(entries[1].before).toEqual({ count: 170, version: 1 });
    expect(entries[1].after).toEqual({ count: 180, version: 2 });
    // The key is not editable (the public-record file finds tallies by it): the strict schema refuses it.
    expect(fieldErrorsOf(UpdateTallySchema.safeParse({ ...tallyForm(), id: created.id, version: "2" }).error!)).toEqual({ form: ["Unexpected field: key."] });
  });

  it("lets only editors write, and refuses a link that is not http(s) with a field message", async () => {
    const input = CreateTallySchema.parse(tallyForm({ key: "viewer-test" }));
    await expect(createTally(viewer, input)).rejects.toBeInstanceOf(PermissionDenied);
    const { rows } = await getPool().query("SELECT count(*)::int AS n FROM tally WHERE key = 'viewer-test'");
    expect(rows[0].n).toBe(0);

    const parsed = CreateTallySchema.safeParse(tallyForm({ sourceUrl: "javascript:alert(1)" }));
    expect(parsed.success).toBe(false);
    expect(fieldErrorsOf(parsed.error!)).toEqual({ sourceUrl: ["Only http and https addresses are allowed."] });
    const more = CreateTallySchema.safeParse(tallyForm({ key: "Bad Key", count: "-1", asOf: "2024-02-30", publisher: "a\u0007b", role: "admin" } as Record<string, string>));
    expect(Object.keys(fieldErrorsOf(more.error!)).sort()).toEqual(["asOf", "count", "form", "key", "publisher"]);

    await expect(createTally(editor, CreateTallySchema.parse(tallyForm({ key: "pentagon-2023-12-31" })))).rejects.toMatchObject({ field: "key" });
  });

  it("writes, lists and version-locks key events", async () => {
    const form = {
      key: "2024-01-28-tower-22", occurredOn: "2024-01-28", kind: "ATTACK", title: "Tower 22 drone attack", description: "Three US soldiers killed.",
      sources: [{ url: "https://example.org/tower-22", publisher: "Example" }, { url: "", publisher: "" }],
    };
    const input = CreateTimelineEventSchema.parse(form);
    expect(input).toMatchObject({ sourceUrls: ["https://example.org/tower-22"], sourcePublishers: ["Example"] });
    await expect(createTimelineEvent(viewer, input)).rejects.toBeInstanceOf(PermissionDenied);
    const created = await createTimelineEvent(editor, input);
    const ftp = CreateTimelineEventSchema.safeParse({ ...form, sources: [{ url: "ftp://example.org/x", publisher: "Example" }] });
    expect(fieldErrorsOf(ftp.error!)).toEqual({ "sources.0.url": ["Only http and https addresses are allowed."] });

    const { key: _key, ...rest } = form;
    await updateTimelineEvent(editor, UpdateTimelineEventSchema.parse({ ...rest, title: "Tower 22", id: created.id, version: "1" }));
    await expect(updateTimelineEvent(otherEditor, UpdateTimelineEventSchema.parse({ ...rest, id: created.id, version: "1" }))).rejects.toMatchObject({
      changedSince: ["title"],
    });
    expect((await listTimelineEvents(viewer, { from: "2024-01-01", to: "2024-01-31" })).map((e) => [e.key, e.title, e.version])).toEqual([
      ["2024-01-28-tower-22", "Tower 22", 2],
    ]);
    expect(await listTimelineEvents(viewer, { to: "2023-12-31" })).toEqual([]);
    expect((await auditEntries(created.id)).map((e) => [e.action, e.entity_type])).toEqual([["CREATE", "timeline_event"], ["UPDATE", "timeline_event"]]);

    const ok = await getEvents(new Request("http://localhost/api/events?from=2024-01-01"));
    expect((await ok.json()).events).toHaveLength(1);
    for (const [query, parameter] of [["from=2024-02-30", "from"], ["to=yesterday", "to"], ["from=2024-02-01&to=2024-01-01", "from"], ["limit=5", "limit"], ["from=0000-01-01", "from"]]) {
      const bad = await getEvents(new Request(`http://localhost/api/events?${query}`));
      expect(bad.status, query).toBe(400);
      expect((await bad.json()).error.parameter, query).toBe(parameter);
    }
  });

  it("saves a posted form through the actions, and answers field errors, conflicts and refusals as form state", async () => {
    const post = (fields: Record<string, string>) => {
      const data = new FormData();
      for (const [k, v] of Object.entries(fields)) data.append(k, v);
      return data;
    };
    expect(await createTallyAction({ ok: true }, post(tallyForm({ key: "action-test" })))).toEqual({ ok: true, message: "Tally added." });
    const { rows } = await getPool().query("SELECT id::text AS id FROM tally WHERE key = 'action-test'");
    const id = rows[0].id as string;

    const bad = await createTallyAction({ ok: true }, post(tallyForm({ key: "action-test-2", sourceUrl: "file:///etc/passwd", count: "3.5" })));
    expect(bad).toMatchObject({ ok: false, fieldErrors: { sourceUrl: ["Only http and https addresses are allowed."], count: [expect.stringMatching(/whole number/)] } });

    const { key: _key, ...fields } = tallyForm({ scope: "Corrected scope" });
    expect(await updateTallyAction({ ok: true }, post({ ...fields, id, version: "1" }))).toEqual({ ok: true, message: "Tally saved." });
    const stale = await updateTallyAction({ ok: true }, post({ ...fields, publisher: "Late", id, version: "1" }));
    expect(stale).toMatchObject({ ok: false, conflict: { currentVersion: 2, changedFields: ["scope"] }, message: expect.stringContaining("They changed: scope.") });

    session.actor = viewer;
    expect(await createTallyAction({ ok: true }, post(tallyForm({ key: "action-viewer" })))).toEqual({ ok: false, message: "Your role does not allow this." });
    session.actor = editor;
    const { rows: after } = await getPool().query("SELECT key, publisher, scope, version FROM tally WHERE key LIKE 'action-%' ORDER BY key");
    expect(after).toEqual([{ key: "action-test", publisher: "US Department of Defense", scope: "Corrected scope", version: 2 }]);
  });
});
