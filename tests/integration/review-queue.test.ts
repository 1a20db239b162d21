import { beforeAll, describe, expect, it, vi } from "vitest";
import { upsertUser } from "@/lib/accounts/users";
import { discardDraftsAction, publishDraftsAction } from "@/lib/actions/review";
import type { Actor } from "@/lib/auth/guards";
import { getPool } from "@/lib/db";
import { BULK_REVIEW_LIMIT, BulkLimitError, discardDrafts, publishDrafts } from "@/lib/data/bulk-review";
import { commitImport, stageImport } from "@/lib/data/incident-import";
import { createIncident, updateIncident } from "@/lib/data/incident-writes";
import { getIncidentSnapshot } from "@/lib/data/incident-snapshot";
import { getReviewQueue, readReviewQuery, REVIEW_PAGE_SIZE, type ReviewFilters, type ReviewQuery } from "@/lib/data/review-queue";
import { INCIDENT_COLUMNS } from "@/lib/export/columns";
import { CreateIncidentSchema, UpdateIncidentSchema } from "@/lib/validation/incident";
import { seedDatabase } from "@/prisma/seed";
import { useAppDatabase } from "../helpers/auth-session";

// The review queue against a real database: its counts and filters, and the bulk publish and
// discard, which go through the single-incident writes (one audit entry and one version check per
// draft), leave a draft changed since the page was loaded alone, refuse roles without the
// permission (recorded, nothing written) and more than BULK_REVIEW_LIMIT drafts at once.
// The actions run outside a request: the session lookup, the request's headers and the cache
// refresh are stubbed, as in refused-attempts.test.ts.
const request = vi.hoisted(() => ({ actor: { userId: null, role: null, label: "anonymous" } as Actor }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("next/headers", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/headers")>()), headers: async () => new Headers() }));
vi.mock("@/lib/auth/guards", async (importOriginal) => {
  const guards = await importOriginal<typeof import("@/lib/auth/guards")>();
  return {
    ...guards,
    requirePermission: async (permission: Parameters<typeof guards.assertActorCan>[1]) => {
      guards.assertActorCan(request.actor, permission);
      return request.actor;
    },
  };
});

const PASSWORD = "correct horse battery";
let importer: Actor;
let otherEditor: Actor;
const admin: Actor = { userId: "user-admin", role: "admin", label: "admin@test.invalid" };
const viewer: Actor = { userId: "user-viewer", role: "viewer", label: "viewer@test.invalid" };

const RUN = Date.now().toString(36);
let counter = 0;
let imports = 0;

/** A hand-made draft by `actor`, findable by its place name. */
async function handDraft(actor: Actor, overrides: Record<string, string> = {}): Promise<{ id: string; version: number; reference: string; place: string }> {
  const place = overrides.locationName ?? `Review ${RUN} hand ${++counter}`;
  const result = await createIncident(actor, CreateIncidentSchema.parse({
    occurredOn: "2024-02-10", occurredTime: "", datePrecision: "DAY", country: "SY", admin1: "Deir ez-Zor", locationName: place, locationNameAr: "",
    lat: "35.3", lon: "40.1", geoPrecision: "NEAR", site: "", targetType: "MILITARY_BASE", attackType: "ROCKET", outcome: "UNKNOWN",
    killedMin: "", killedMax: "", woundedMin: "", woundedMax: "", claimStatus: "UNCLAIMED", attributedTo: "", confidence: "UNVERIFIED", notes: "",
    claims: [], sources: [{ id: "", url: "https://example.org/r", publisher: "", title: "", kind: "MEDIA", publishedOn: "", language: "" }],
    confirmDuplicates: "on", ...overrides,
  }));
  if (!result.saved) throw new Error("not saved");
  const snapshot = (await getIncidentSnapshot(admin, result.id))!;
  return { id: result.id, version: snapshot.version, reference: snapshot.reference, place };
}

/** Imports `rows` drafts in the export's layout as `actor`; the batch's id. */
async function importDrafts(actor: Actor, rows: number, country = "JO"): Promise<string> {
  // Each file a degree of longitude from the last, so no row looks like a duplicate of another file's.
  const lon = 35 + ++imports;
  const line = (k: number) => {
    const values: Record<string, string> = {
      occurred_on: `2023-${String(11 + (k % 2)).padStart(2, "0")}-${String(1 + (k % 28)).padStart(2, "0")}`, date_precision: "DAY", country,
      location_name: `Review ${RUN} import ${k}`, latitude: String(30 + k / 1000), longitude: String(lon + k / 1000), geo_precision: "NEAR",
      target_type: "LOGISTICS", attack_type: "ONE_WAY_DRONE", outcome: "UNKNOWN", claim_status: "UNCLAIMED", confidence: "UNVERIFIED",
      source_urls: "https://example.org/import", is_synthetic: "false",
    };
    return INCIDENT_COLUMNS.map((c) => values[c.name] ?? "").join(",");
  };
  const csv = [INCIDENT_COLUMNS.map((c) => c.name).join(","), ...Array.from({ length: rows }, (_, k) => line(k))].join("\r\n");
  const { batchId } = await stageImport(actor, { fileName: `review-${RUN}-${rows}.csv`, bytes: new TextEncoder().encode(csv), layout: null, mapping: null });
  await commitImport(actor, batchId, { status: "DRAFT" });
  return batchId;
}

const queue = (filters: ReviewFilters = {}, change: Partial<ReviewQuery> = {}) => getReviewQueue(importer, { filters, sort: "created_desc", page: 1, ...change });

async function statusOf(ids: string[]): Promise<Record<string, { status: string; version: number } | undefined>> {
  const { rows } = await getPool().query<{ id: string; status: string; version: number }>("SELECT id::text, status::text, version FROM incident WHERE id = ANY($1::uuid[])", [ids]);
  return Object.fromEntries(ids.map((id) => [id, rows.find((r) => r.id === id) && { status: rows.find((r) => r.id === id)!.status, version: rows.find((r) => r.id === id)!.version }]));
}

const entriesOf = async (ids: string[], action: string) =>
  (await getPool().query<{ entity_id: string; actor_id: string; actor_label: string; reason: string | null; before: { version?: number } | null; after: { version?: number; status?: string } | null }>(
    "SELECT entity_id, actor_id, actor_label, reason, before, after FROM audit_entry WHERE entity_id = ANY($1::text[]) AND action = $2::\"AuditAction\" ORDER BY entity_id",
    [ids, action],
  )).rows;

/** What a denied call must leave untouched: every incident's status and version, and the trail. */
const fingerprint = async () =>
  (await getPool().query<{ f: string }>(
    "SELECT concat_ws('|', (SELECT count(*) FROM incident), (SELECT sum(version) FROM incident), (SELECT count(*) FROM incident WHERE status = 'DRAFT'), (SELECT count(*) FROM audit_entry)) AS f",
  )).rows[0]!.f;

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

describe("review queue", () => {
  const db = useAppDatabase({ connectAs: "owner" }); // the pool connects as the owner
  beforeAll(async () => {
    await seedDatabase(db.url, ["--synthetic", "--count", "300", "--seed", "5"]);
    const a = await upsertUser(db.url, { email: "importer@test.invalid", password: PASSWORD, role: "editor" });
    const b = await upsertUser(db.url, { email: "second@test.invalid", password: PASSWORD, role: "editor" });
    importer = { userId: a.id, role: "editor", label: "importer@test.invalid" };
    otherEditor = { userId: b.id, role: "editor", label: "second@test.invalid" };
  });

  it("counts the drafts by import batch and by creator, and filters by batch, creator, country, date and words", async () => {
    const before = await queue();
    const batchId = await importDrafts(importer, 4, "IQ");
    const mine = [await handDraft(importer), await handDraft(importer, { occurredOn: "2024-05-20" })];
    const theirs = [await handDraft(otherEditor, { country: "JO", admin1: "", lat: "31.9", lon: "36.9" }), await handDraft(otherEditor)];

    const after = await queue();
    expect(after.counts.total).toBe(before.counts.total + 8);
    const batchCount = (page: typeof after, id: string | null) => page.counts.byBatch.find((b) => b.batchId === id)?.drafts ?? 0;
    expect(batchCount(after, batchId)).toBe(4);
    expect(after.counts.byBatch.find((b) => b.batchId === batchId)?.fileName).toBe(`review-${RUN}-4.csv`);
    expect(batchCount(after, null)).toBe(batchCount(before, null) + 4);
    const creatorCount = (page: typeof after, id: string | null) => page.counts.byCreator.find((c) => c.userId === id)?.drafts ?? 0;
    expect(creatorCount(after, importer.userId)).toBe(6);
    expect(creatorCount(after, otherEditor.userId)).toBe(2);
    expect(after.counts.byCreator.find((c) => c.userId === otherEditor.userId)?.name).toBe("second");

    const places = (page: typeof after) => page.rows.map((r) => r.locationName).sort();
    const byBatch = await queue({ batch: batchId });
    expect(byBatch.matching).toBe(4);
    expect(places(byBatch)).toEqual([0, 1, 2, 3].map((k) => `Review ${RUN} import ${k}`));
    expect(byBatch.rows.every((r) => r.batchFile === `review-${RUN}-4.csv` && r.createdBy === "importer")).toBe(true);
    const manual = await queue({ batch: "manual", createdBy: importer.userId! });
    expect(places(manual)).toEqual(mine.map((d) => d.place).sort());
    expect(places(await queue({ createdBy: otherEditor.userId! }))).toEqual(theirs.map((d) => d.place).sort());
    expect(places(await queue({ createdBy: otherEditor.userId!, country: ["JO"] }))).toEqual([theirs[0]!.place]);
    expect(places(await queue({ createdBy: importer.userId!, from: "2024-05-01", to: "2024-05-31" }))).toEqual([mine[1]!.place]);
    expect(places(await queue({ q: RUN, batch: "manual", createdBy: otherEditor.userId! }))).toEqual(theirs.map((d) => d.place).sort());

    const byReference = await queue({ createdBy: importer.userId! }, { sort: "reference_asc" });
    expect(byReference.rows.map((r) => r.reference)).toEqual(byReference.rows.map((r) => r.reference).sort());
    const oldestFirst = await queue({}, { sort: "created_asc" });
    const times = oldestFirst.rows.map((r) => r.createdAt.getTime());
    expect(times).toEqual([...times].sort((x, y) => x - y));
  });

  it("pages by offset, showing the last page for a page past the end, and reads a bad address leniently", async () => {
    await importDrafts(importer, REVIEW_PAGE_SIZE + 10);
    const all = await queue();
    expect(all.matching).toBeGreaterThan(REVIEW_PAGE_SIZE + 10);
    const second = await queue({}, { page: 2 });
    expect(second.page).toBe(2);
    expect(second.rows.length).toBe(Math.min(REVIEW_PAGE_SIZE, all.matching - REVIEW_PAGE_SIZE));
    expect(second.rows.some((r) => all.rows.some((s) => s.id === r.id))).toBe(false);
    const past = await queue({}, { page: 9999 });
    expect(past.page).toBe(Math.ceil(all.matching / REVIEW_PAGE_SIZE));

    const { query, problems } = readReviewQuery({ batch: "nope", createdBy: "a b", sort: "hack", page: "-1", country: "Iraq", from: "2024-13-01", q: "ok" });
    expect(query).toEqual({ filters: { q: "ok" }, sort: "created_desc", page: 1 });
    expect(problems.map((p) => p.parameter).sort()).toEqual(["batch", "country", "createdBy", "from", "page", "sort"]);
  });

  it("publishes ticked drafts through the single-incident path: one attributed PUBLISH entry and a version bump each", async () => {
    const ticked = [await handDraft(otherEditor), await handDraft(otherEditor), await handDraft(importer)];
    const outcome = await publishDrafts(importer, { kind: "listed", drafts: ticked.map(({ id, version }) => ({ id, version })) });
    expect(outcome.done.map((d) => d.id).sort()).toEqual(ticked.map((d) => d.id).sort());
    expect(outcome).toMatchObject({ changed: [], gone: 0 });
    const now = await statusOf(ticked.map((d) => d.id));
    for (const d of ticked) expect(now[d.id]).toEqual({ status: "PUBLISHED", version: d.version + 1 });
    const entries = await entriesOf(ticked.map((d) => d.id), "PUBLISH");
    expect(entries).toHaveLength(3);
    for (const entry of entries) {
      expect(entry).toMatchObject({ actor_id: importer.userId, actor_label: "importer@test.invalid", before: { version: 1 }, after: { version: 2, status: "PUBLISHED" } });
    }
  });

  it("leaves a draft changed since the page was loaded unpublished and reports it, while the others go through", async () => {
    const ticked = [await handDraft(importer), await handDraft(importer), await handDraft(importer)];
    const edited = ticked[1]!;
    // Someone else saves the second draft after the reviewer's page showed version 1.
    const snapshot = (await getIncidentSnapshot(admin, edited.id))!;
    await updateIncident(otherEditor, UpdateIncidentSchema.parse({
      id: edited.id, version: "1", occurredOn: snapshot.occurredOn, occurredTime: "", datePrecision: "DAY", country: "SY", admin1: "Deir ez-Zor",
      locationName: edited.place, locationNameAr: "", lat: "35.3", lon: "40.1", geoPrecision: "NEAR", site: "", targetType: "MILITARY_BASE",
      attackType: "ROCKET", outcome: "UNKNOWN", killedMin: "", killedMax: "", woundedMin: "", woundedMax: "", claimStatus: "UNCLAIMED",
      attributedTo: "", confidence: "UNVERIFIED", notes: "Checked the source again", claims: [],
      sources: snapshot.sources.map((x) => ({ id: x.id, url: x.url, publisher: "", title: "", kind: x.kind, publishedOn: "", language: "" })),
    }));
    const outcome = await publishDrafts(importer, { kind: "listed", drafts: ticked.map(({ id, version }) => ({ id, version })) });
    expect(outcome.changed).toEqual([{ id: edited.id, reference: edited.reference }]);
    expect(outcome.done.map((d) => d.id).sort()).toEqual([ticked[0]!.id, ticked[2]!.id].sort());
    const now = await statusOf(ticked.map((d) => d.id));
    expect(now[edited.id]).toEqual({ status: "DRAFT", version: 2 });
    expect(await entriesOf([edited.id], "PUBLISH")).toEqual([]);
  });

  it("with all matching the filter: publishes what the reviewer saw, leaves a draft added since alone, and counts those gone", async () => {
    const reviewer = (await upsertUser(db.url, { email: "third@test.invalid", password: PASSWORD, role: "editor" })).id;
    const author: Actor = { userId: reviewer, role: "editor", label: "third@test.invalid" };
    const seen = [await handDraft(author), await handDraft(author), await handDraft(author)];
    const page = await queue({ createdBy: reviewer });
    expect(page.matching).toBe(3);
    // Meanwhile: one more draft by the same author, and someone publishes one of the three alone.
    const added = await handDraft(author);
    await publishDrafts(otherEditor, { kind: "listed", drafts: [{ id: seen[0]!.id, version: seen[0]!.version }] });

    const outcome = await publishDrafts(importer, { kind: "matching", filters: { createdBy: reviewer }, loadedAt: page.loadedAt, expected: page.matching });
    expect(outcome.done.map((d) => d.id).sort()).toEqual([seen[1]!.id, seen[2]!.id].sort());
    expect(outcome.changed).toEqual([{ id: added.id, reference: added.reference }]);
    expect(outcome.gone).toBe(1);
    expect((await statusOf([added.id]))[added.id]).toEqual({ status: "DRAFT", version: 1 });
  });

  it("discards (deletes with a reason) for an admin only, each with its own DELETE entry keeping the draft", async () => {
    const ticked = [await handDraft(importer), await handDraft(importer)];
    const selection = { kind: "listed" as const, drafts: ticked.map(({ id, version }) => ({ id, version })) };
    await expect(discardDrafts(admin, selection, null)).rejects.toThrow("Say why");
    await expect(discardDrafts(importer, selection, "not wanted")).rejects.toThrow("Your role does not allow this.");
    expect(Object.values(await statusOf(ticked.map((d) => d.id))).every((s) => s?.status === "DRAFT")).toBe(true);

    const outcome = await discardDrafts(admin, selection, "Test rows of a trial import");
    expect(outcome.done).toHaveLength(2);
    expect(Object.values(await statusOf(ticked.map((d) => d.id)))).toEqual([undefined, undefined]);
    const entries = await entriesOf(ticked.map((d) => d.id), "DELETE");
    expect(entries.map((e) => [e.actor_id, e.reason, e.before?.version])).toEqual([
      ["user-admin", "Test rows of a trial import", 1], ["user-admin", "Test rows of a trial import", 1],
    ]);
  });

  it("refuses a viewer's publish and an editor's discard on the server, records both, and changes nothing", async () => {
    const target = await handDraft(importer);
    const fields = { scope: "listed", drafts: `${target.id}:${target.version}`, reason: "no" };
    const before = await fingerprint();

    request.actor = viewer;
    expect(await publishDraftsAction({ ok: true }, form(fields))).toEqual({ ok: false, message: "Your role does not allow this." });
    request.actor = { userId: null, role: null, label: "anonymous" };
    expect(await publishDraftsAction({ ok: true }, form(fields))).toEqual({ ok: false, message: "Sign in to do this." });
    request.actor = importer;
    expect(await discardDraftsAction({ ok: true }, form(fields))).toEqual({ ok: false, message: "Your role does not allow this." });
    // The data layer checks again, whoever calls it.
    await expect(publishDrafts(viewer, { kind: "listed", drafts: [{ id: target.id, version: 1 }] })).rejects.toThrow("Your role does not allow this.");

    expect(await fingerprint()).toBe(before);
    const { rows } = await getPool().query("SELECT actor_id, action, reason FROM refused_attempt WHERE action IN ('publishDraftsAction', 'discardDraftsAction') ORDER BY id");
    expect(rows).toEqual([
      { actor_id: viewer.userId, action: "publishDraftsAction", reason: "role viewer lacks publish:incident" },
      { actor_id: null, action: "publishDraftsAction", reason: "signed out; publish:incident needs a signed-in role" },
      { actor_id: importer.userId, action: "discardDraftsAction", reason: "role editor lacks delete:incident" },
    ]);
  });

  it("through the action: publishes, and answers bad input with a message naming what is wrong, writing nothing", async () => {
    request.actor = importer;
    const target = await handDraft(importer);
    const state = await publishDraftsAction({ ok: true }, form({ scope: "listed", drafts: `${target.id}:${target.version}`, reason: "" }));
    expect(state).toEqual({ ok: true, outcome: { verb: "published", done: [{ id: target.id, reference: target.reference }], changed: [], gone: 0 } });

    const before = await fingerprint();
    const bad = [
      [{ scope: "listed", drafts: "not-a-draft" }, "A chosen draft is not one of the queue's; reload the page."],
      [{ scope: "listed", drafts: "" }, "Choose at least one draft."],
      [{ scope: "everything" }, "Choose the drafts, or all that match the filter."],
      [{ scope: "matching", filter: "batch=x", loadedAt: new Date().toISOString(), expected: "3" }, `The filter was not accepted: batch must be an import's id or "manual".`],
      [{ scope: "matching", filter: "", loadedAt: "yesterday", expected: "3" }, "The page's time is missing; reload the page."],
      [{ scope: "listed", drafts: `${target.id}:1`, role: "admin" }, undefined],
    ] as const;
    for (const [fields, message] of bad) {
      const answer = await publishDraftsAction({ ok: true }, form(fields));
      expect(answer.ok).toBe(false);
      if (message) expect(answer.message).toBe(message);
      else expect(answer.fieldErrors?.form?.[0]).toMatch(/Unexpected field/);
    }
    const discard = await discardDraftsAction({ ok: true }, form({ scope: "listed", drafts: `${target.id}:2`, reason: "  " }));
    request.actor = { userId: "x", role: "admin", label: "admin" };
    const discardNoReason = await discardDraftsAction({ ok: true }, form({ scope: "listed", drafts: `${target.id}:2`, reason: "  " }));
    expect(discard.message).toBe("Your role does not allow this.");
    expect(discardNoReason.fieldErrors?.reason).toEqual(["Say why the drafts are discarded; their history keeps your reason."]);
    expect(await fingerprint()).toBe(before);
  });

  it(`changes at most ${BULK_REVIEW_LIMIT} drafts in one request: exactly that many go through, one more is refused with nothing changed`, async () => {
    const atLimit = await importDrafts(importer, BULK_REVIEW_LIMIT);
    const overLimit = await importDrafts(importer, BULK_REVIEW_LIMIT + 1);
    const before = await fingerprint();
    const page = await queue({ batch: overLimit });
    await expect(publishDrafts(importer, { kind: "matching", filters: { batch: overLimit }, loadedAt: page.loadedAt, expected: page.matching }))
      .rejects.toThrow(new BulkLimitError(BULK_REVIEW_LIMIT + 1).message);
    const many = Array.from({ length: BULK_REVIEW_LIMIT + 1 }, (_, k) => ({ id: `00000000-0000-4000-8000-${String(k).padStart(12, "0")}`, version: 1 }));
    await expect(publishDrafts(importer, { kind: "listed", drafts: many })).rejects.toBeInstanceOf(BulkLimitError);
    request.actor = importer;
    const state = await publishDraftsAction({ ok: true }, form({ scope: "matching", filter: `batch=${overLimit}`, loadedAt: page.loadedAt.toISOString(), expected: String(page.matching) }));
    expect(state).toEqual({ ok: false, message: `501 drafts were chosen; at most ${BULK_REVIEW_LIMIT} can be changed at once. Narrow the filter (a batch, a date range) and try again; nothing was changed.` });
    expect(await fingerprint()).toBe(before);

    const full = await queue({ batch: atLimit });
    const started = performance.now();
    const outcome = await publishDrafts(importer, { kind: "matching", filters: { batch: atLimit }, loadedAt: full.loadedAt, expected: full.matching });
    const seconds = (performance.now() - started) / 1000;
    console.info(`published ${outcome.done.length} drafts in ${seconds.toFixed(1)} s`);
    expect(outcome.done).toHaveLength(BULK_REVIEW_LIMIT);
    expect(await entriesOf(outcome.done.map((d) => d.id), "PUBLISH")).toHaveLength(BULK_REVIEW_LIMIT);
    expect((await queue({ batch: atLimit })).matching).toBe(0);
  }, 180_000);
});
