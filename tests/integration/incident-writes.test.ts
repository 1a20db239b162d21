import { beforeAll, describe, expect, it } from "vitest";
import { type Actor, PermissionDenied } from "@/lib/auth/guards";
import { getDb, getPool } from "@/lib/db";
import {
  ConflictError, createIncident, deleteIncident, IncidentInputError, publishIncident, retractIncident, updateIncident,
} from "@/lib/data/incident-writes";
import { listIncidentHistory } from "@/lib/data/incident-history";
import { getIncidentSnapshot, type IncidentSnapshot } from "@/lib/data/incident-snapshot";
import { CreateIncidentSchema, type IncidentInput, UpdateIncidentSchema } from "@/lib/validation/incident";
import { seedDatabase } from "@/prisma/seed";
import { useAppDatabase } from "../helpers/auth-session";

// The incident write path against a real database: drafts, publishing into the dashboard's counts,
// retraction, version conflicts under real concurrency, the audit trail as a replayable history,
// the duplicate guard, and the permission check inside the data layer itself.

const editor: Actor = { userId: "user-editor", role: "editor", label: "editor@test.invalid" };
const otherEditor: Actor = { userId: "user-editor-2", role: "editor", label: "editor2@test.invalid" };
const admin: Actor = { userId: "user-admin", role: "admin", label: "admin@test.invalid" };
const viewer: Actor = { userId: "user-viewer", role: "viewer", label: "viewer@test.invalid" };
const anonymous: Actor = { userId: null, role: null, label: "anonymous" };

/** The form as an editor fills it in: strings, parsed by the same schema as the action uses. */
function formInput(overrides: Record<string, unknown> = {}): IncidentInput {
  return CreateIncidentSchema.parse({
    occurredOn: "2024-01-28", occurredTime: "", datePrecision: "DAY", country: "JO", admin1: "Mafraq",
    locationName: "Remote test outpost", locationNameAr: "", lat: "32.1000", lon: "37.2000", geoPrecision: "EXACT", site: "",
    targetType: "LOGISTICS", attackType: "ONE_WAY_DRONE", outcome: "IMPACT",
    killedMin: "3", killedMax: "3", woundedMin: "30", woundedMax: "47",
    claimStatus: "CLAIMED", attributedTo: "", confidence: "CONFIRMED", notes: 'Test incident: 3 < 5 & "notes"',
    claims: [{ id: "", group: "islamic-resistance-in-iraq", statedOn: "2024-01-28", channel: "Telegram", url: "", text: "" }],
    sources: [{ id: "", url: "https://example.org/a", publisher: "Example", title: "", kind: "MEDIA", publishedOn: "", language: "en" }],
    ...overrides,
  });
}

function updateInput(snapshot: IncidentSnapshot, id: string, overrides: Record<string, unknown> = {}) {
  const s = snapshot;
  const str = (v: unknown) => (v === null ? "" : String(v));
  return UpdateIncidentSchema.parse({
    id, version: String(s.version),
    occurredOn: s.occurredOn, occurredTime: str(s.occurredTime), datePrecision: s.datePrecision, country: s.country, admin1: str(s.admin1),
    locationName: s.locationName, locationNameAr: str(s.locationNameAr), lat: String(s.lat), lon: String(s.lon), geoPrecision: s.geoPrecision,
    site: str(s.site), targetType: s.targetType, attackType: s.attackType, outcome: s.outcome,
    killedMin: str(s.killedMin), killedMax: str(s.killedMax), woundedMin: str(s.woundedMin), woundedMax: str(s.woundedMax),
    claimStatus: s.claimStatus, attributedTo: str(s.attributedTo), confidence: s.confidence, notes: str(s.notes),
    claims: s.claims.map((c) => ({ id: c.id, group: c.group, statedOn: c.statedOn, channel: str(c.channel), url: str(c.url), text: str(c.text) })),
    sources: s.sources.map((x) => ({ id: x.id, url: x.url, publisher: str(x.publisher), title: str(x.title), kind: x.kind, publishedOn: str(x.publishedOn), language: str(x.language) })),
    ...overrides,
  });
}

async function scalar<T>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await getPool().query(sql, params);
  return Object.values(rows[0] as object)[0] as T;
}

const publishedCount = () => scalar<number>("SELECT coalesce(sum(incidents), 0)::int FROM incident_daily_total");
const auditCount = (id: string) => scalar<number>("SELECT count(*)::int FROM audit_entry WHERE entity_id = $1", [id]);

async function create(overrides: Record<string, unknown> = {}): Promise<string> {
  const result = await createIncident(editor, formInput({ confirmDuplicates: "on", ...overrides }));
  if (!result.saved) throw new Error("not saved");
  return result.id;
}

describe("incident writes", () => {
  const db = useAppDatabase();
  beforeAll(async () => {
    await seedDatabase(db.url, ["--synthetic", "--count", "300", "--seed", "11"]);
  });

  it("creates a draft with a reference code, invisible to the published counts, with a full CREATE entry", async () => {
    const before = await publishedCount();
    const id = await create();
    const snapshot = (await getIncidentSnapshot(editor, id))!;
    expect(snapshot.status).toBe("DRAFT");
    expect(snapshot.version).toBe(1);
    expect(snapshot.reference).toMatch(/^JO-2024-\d{4}$/);
    expect(snapshot.notes).toBe('Test incident: 3 < 5 & "notes"');
    expect(await publishedCount()).toBe(before);
    const [entry] = (await getPool().query("SELECT action, actor_id, actor_label, before, after FROM audit_entry WHERE entity_id = $1", [id])).rows;
    expect(entry).toMatchObject({ action: "CREATE", actor_id: "user-editor", actor_label: "editor@test.invalid", before: null });
    expect(entry.after).toEqual(snapshot);
    // The credited claimant comes from the claim, through the database trigger.
    expect(await scalar("SELECT g.slug FROM incident i JOIN armed_group g ON g.id = i.claimant_id WHERE i.id = $1", [id])).toBe("islamic-resistance-in-iraq");
  });

  it("gives a draft's snapshot only to those who may read drafts", async () => {
    const id = await create();
    const viewer: Actor = { userId: "user-viewer", role: "viewer", label: "viewer@test.invalid" };
    const anonymous: Actor = { userId: null, role: null, label: "anonymous" };
    await expect(getIncidentSnapshot(viewer, id)).rejects.toBeInstanceOf(PermissionDenied);
    await expect(getIncidentSnapshot(anonymous, id)).rejects.toBeInstanceOf(PermissionDenied);
    expect((await getIncidentSnapshot(editor, id))?.status).toBe("DRAFT");
  });

  it("hands out consecutive reference numbers per country and year", async () => {
    const a = (await getIncidentSnapshot(editor, await create({ occurredOn: "2025-03-01", lat: "31.0", lon: "36.0" })))!.reference;
    const b = (await getIncidentSnapshot(editor, await create({ occurredOn: "2025-03-02", lat: "31.5", lon: "36.5" })))!.reference;
    expect(Number(b.slice(-4)) - Number(a.slice(-4))).toBe(1);
  });

  it("publishing adds the incident to the dashboard's counts; retracting needs a reason and removes it", async () => {
    const id = await create();
    const before = await publishedCount();
    expect(await publishIncident(editor, id, 1)).toBe(2);
    expect(await publishedCount()).toBe(before + 1);
    await expect(retractIncident(editor, id, 2, null)).rejects.toBeInstanceOf(IncidentInputError);
    expect(await retractIncident(editor, id, 2, "Duplicate of an earlier report")).toBe(3);
    expect(await publishedCount()).toBe(before);
    const snapshot = (await getIncidentSnapshot(editor, id))!;
    expect(snapshot).toMatchObject({ status: "RETRACTED", retractionReason: "Duplicate of an earlier report", version: 3 });
    const actions = (await getPool().query("SELECT action, reason FROM audit_entry WHERE entity_id = $1 ORDER BY id", [id])).rows;
    expect(actions).toEqual([
      { action: "CREATE", reason: null }, { action: "PUBLISH", reason: null }, { action: "RETRACT", reason: "Duplicate of an earlier report" },
    ]);
  });

  it("refuses a save against an old version when both changed the same field, writes nothing, and lists the field's three values", async () => {
    const id = await create();
    const v1 = (await getIncidentSnapshot(editor, id))!;
    await updateIncident(editor, updateInput(v1, id, { killedMax: "5" }));
    const v2 = (await getIncidentSnapshot(editor, id))!;
    const entries = await auditCount(id);

    const stale = updateInput(v1, id, { killedMax: "7", notes: "My edit from the old page" });
    const error = await updateIncident(otherEditor, stale).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).currentVersion).toBe(2);
    expect((error as ConflictError).changedSince).toEqual(["killedMax"]);
    expect((error as ConflictError).conflicts).toEqual([{ field: "killedMax", label: "Killed, at most", base: "3", theirs: "5", mine: "7" }]);
    expect(await getIncidentSnapshot(editor, id)).toEqual(v2);
    expect(await auditCount(id)).toBe(entries);
  });

  describe("merging an edit made from an older version", () => {
    it("applies disjoint edits with no prompt: both survive, and history says it merged", async () => {
      const id = await create();
      const v1 = (await getIncidentSnapshot(editor, id))!;
      // The admin corrects the death toll and the confidence (version 2)…
      await updateIncident(admin, updateInput(v1, id, { killedMin: "4", killedMax: "4", confidence: "LIKELY" }));
      // …while the editor, who opened version 1, changes only the wounded and the notes.
      const result = await updateIncident(editor, updateInput(v1, id, { woundedMin: "31", woundedMax: "50", notes: "Hospital figures" }));
      expect(result).toMatchObject({ saved: true, version: 3 });
      const v3 = (await getIncidentSnapshot(editor, id))!;
      expect(v3).toMatchObject({ killedMin: 4, killedMax: 4, confidence: "LIKELY", woundedMin: 31, woundedMax: 50, notes: "Hospital figures" });
      // Everything neither touched is as it was, claims and sources included.
      expect({ ...v3, version: 1, killedMin: 3, killedMax: 3, confidence: "CONFIRMED", woundedMin: 30, woundedMax: 47, notes: v1.notes }).toEqual(v1);

      const last = (await getPool().query("SELECT actor_id, reason, after FROM audit_entry WHERE entity_id = $1 ORDER BY id DESC LIMIT 1", [id])).rows[0];
      expect(last.actor_id).toBe("user-editor");
      expect(last.reason).toMatch(/^Merged with version 2 \(this edit started from version 1\)/);
      expect(last.reason).toContain("kept from version 2: Confidence, Killed, at least, Killed, at most");
      expect(last.reason).toContain("applied from this edit: Wounded, at least, Wounded, at most, Notes");
      // Only the editor's fields are in the entry: the admin's are not recorded as theirs.
      expect(Object.keys(last.after).sort()).toEqual(["notes", "version", "woundedMax", "woundedMin"]);
      const history = await listIncidentHistory(admin, id);
      expect(history[0]!.reason).toMatch(/Merged with version 2/);
    });

    it("merges over a publish in between: the status stays published", async () => {
      const id = await create();
      const v1 = (await getIncidentSnapshot(editor, id))!;
      await publishIncident(admin, id, 1);
      await updateIncident(editor, updateInput(v1, id, { notes: "Edited while it was published" }));
      expect(await getIncidentSnapshot(editor, id)).toMatchObject({ status: "PUBLISHED", version: 3, notes: "Edited while it was published" });
    });

    it("asks about overlapping edits, then writes exactly the chosen values and nothing the editor did not touch", async () => {
      const id = await create();
      const v1 = (await getIncidentSnapshot(editor, id))!;
      await updateIncident(admin, updateInput(v1, id, { killedMax: "5", confidence: "LIKELY", outcome: "INTERCEPTED" }));
      const mine = updateInput(v1, id, { killedMax: "7", confidence: "DISPUTED", notes: "Mine" });

      const error = (await updateIncident(editor, mine).catch((e: unknown) => e)) as ConflictError;
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.stale).toBe(false);
      expect(error.conflicts).toEqual([
        { field: "confidence", label: "Confidence", base: "Confirmed", theirs: "Likely", mine: "Disputed" },
        { field: "killedMax", label: "Killed, at most", base: "3", theirs: "5", mine: "7" },
      ]);
      expect((await getIncidentSnapshot(editor, id))!.version).toBe(2);

      await updateIncident(editor, mine, { version: 2, choices: { killedMax: "mine", confidence: "theirs" } });
      const v3 = (await getIncidentSnapshot(editor, id))!;
      expect(v3).toMatchObject({ version: 3, killedMax: 7, confidence: "LIKELY", outcome: "INTERCEPTED", notes: "Mine", killedMin: 3 });
      const last = (await getPool().query("SELECT reason, after FROM audit_entry WHERE entity_id = $1 ORDER BY id DESC LIMIT 1", [id])).rows[0];
      expect(Object.keys(last.after).sort()).toEqual(["killedMax", "notes", "version"]);
      expect(last.reason).toContain("Merged with version 2");
      expect(last.reason).toContain("chosen field by field: Confidence (as in version 2), Killed, at most (this editor's)");
    });

    it("can go back to the value both started from", async () => {
      const id = await create();
      const v1 = (await getIncidentSnapshot(editor, id))!;
      await updateIncident(admin, updateInput(v1, id, { outcome: "INTERCEPTED" }));
      const mine = updateInput(v1, id, { outcome: "FAILED" });
      await expect(updateIncident(editor, mine)).rejects.toMatchObject({ conflicts: [{ field: "outcome", base: "Impact", theirs: "Intercepted", mine: "Failed" }] });
      await updateIncident(editor, mine, { version: 2, choices: { outcome: "base" } });
      expect(await getIncidentSnapshot(editor, id)).toMatchObject({ version: 3, outcome: "IMPACT" });
    });

    it("refuses a stale merge (a third save in between) again, with the new values", async () => {
      const id = await create();
      const v1 = (await getIncidentSnapshot(editor, id))!;
      await updateIncident(admin, updateInput(v1, id, { killedMax: "5" }));
      const mine = updateInput(v1, id, { killedMax: "7" });
      await expect(updateIncident(editor, mine)).rejects.toBeInstanceOf(ConflictError);
      // While the editor chooses, someone saves again.
      await updateIncident(otherEditor, updateInput((await getIncidentSnapshot(editor, id))!, id, { killedMax: "9" }));

      const error = (await updateIncident(editor, mine, { version: 2, choices: { killedMax: "mine" } }).catch((e: unknown) => e)) as ConflictError;
      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({ stale: true, currentVersion: 3 });
      expect(error.conflicts).toEqual([{ field: "killedMax", label: "Killed, at most", base: "3", theirs: "9", mine: "7" }]);
      expect((await getIncidentSnapshot(editor, id))!).toMatchObject({ version: 3, killedMax: 9 });

      await updateIncident(editor, mine, { version: 3, choices: { killedMax: "mine" } });
      expect((await getIncidentSnapshot(editor, id))!).toMatchObject({ version: 4, killedMax: 7 });
    });

    it("asks when each edit alone is valid but together they break a rule", async () => {
      const id = await create();
      const v1 = (await getIncidentSnapshot(editor, id))!; // wounded 30–47
      await updateIncident(admin, updateInput(v1, id, { woundedMin: "40" }));
      const mine = updateInput(v1, id, { woundedMax: "35" });
      const error = (await updateIncident(editor, mine).catch((e: unknown) => e)) as ConflictError;
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.problem).toMatch(/break a rule: The highest figure is below the lowest/);
      expect(error.conflicts.map((c) => c.field)).toEqual(["woundedMin", "woundedMax"]);
      await updateIncident(editor, mine, { version: 2, choices: { woundedMin: "base", woundedMax: "mine" } });
      expect(await getIncidentSnapshot(editor, id)).toMatchObject({ woundedMin: 30, woundedMax: 35 });
    });

    it("compares claims and sources as lists without ids: untouched rows take the other save's change", async () => {
      const id = await create();
      const v1 = (await getIncidentSnapshot(editor, id))!;
      const claimId = v1.claims[0]!.id;
      await updateIncident(admin, updateInput(v1, id, {
        claims: [{ id: claimId, group: "islamic-resistance-in-iraq", statedOn: "2024-01-28", channel: "Website", url: "", text: "" }],
      }));
      await updateIncident(editor, updateInput(v1, id, {
        sources: [...v1.sources.map((x) => ({ ...x, publisher: x.publisher ?? "", title: x.title ?? "", publishedOn: x.publishedOn ?? "", language: x.language ?? "" })),
          { id: "", url: "https://example.org/more", publisher: "", title: "", kind: "OSINT", publishedOn: "", language: "" }],
      }));
      const v3 = (await getIncidentSnapshot(editor, id))!;
      expect(v3.claims.map((c) => [c.id, c.channel])).toEqual([[claimId, "Website"]]);
      expect(v3.sources.map((x) => x.url).sort()).toEqual(["https://example.org/a", "https://example.org/more"]);
    });
  });

  it("lets exactly one of two simultaneous saves of the same version win", async () => {
    const id = await create();
    const v1 = (await getIncidentSnapshot(editor, id))!;
    const results = await Promise.allSettled([
      updateIncident(editor, updateInput(v1, id, { notes: "first" })),
      updateIncident(otherEditor, updateInput(v1, id, { notes: "second" })),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.filter((r) => r.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    const winner = (results.find((r) => r.status === "fulfilled") as PromiseFulfilledResult<unknown>) && (await getIncidentSnapshot(editor, id))!;
    expect(winner.version).toBe(2);
    expect(["first", "second"]).toContain(winner.notes);
  });

  it("50 parallel saves leave strictly increasing versions and an audit trail that replays to the current record", async () => {
    const id = await create();
    let saved = 0;
    let conflicts = 0;
    // Each editor reads the record and saves their change, as a browser would; losers are refused.
    await Promise.all(Array.from({ length: 50 }, async (_, n) => {
      const current = (await getIncidentSnapshot(editor, id))!;
      try {
        await updateIncident(n % 2 ? editor : otherEditor, updateInput(current, id, { woundedMax: String(100 + n), notes: `save ${n}` }));
        saved++;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        conflicts++;
      }
    }));
    expect(saved + conflicts).toBe(50);
    expect(saved).toBeGreaterThan(0);

    const entries = (await getPool().query<{ action: string; after: Partial<IncidentSnapshot> }>(
      "SELECT action, after FROM audit_entry WHERE entity_id = $1 ORDER BY id", [id])).rows;
    expect(entries).toHaveLength(1 + saved);
    const versions = entries.map((e) => e.after.version!);
    expect(versions).toEqual(Array.from({ length: 1 + saved }, (_, i) => i + 1));

    // Replay: the CREATE entry's full record, then each entry's changed fields, in order.
    const replayed = entries.reduce<Partial<IncidentSnapshot>>((record, entry) => ({ ...record, ...entry.after }), {});
    expect(replayed).toEqual(await getIncidentSnapshot(editor, id));
  });

  it("keeps claim and source rows by id, removes the dropped ones, and records them as field changes", async () => {
    const id = await create();
    const v1 = (await getIncidentSnapshot(editor, id))!;
    const claimId = v1.claims[0]!.id;
    await updateIncident(editor, updateInput(v1, id, {
      claims: [{ id: claimId, group: "islamic-resistance-in-iraq", statedOn: "2024-01-28", channel: "Website", url: "", text: "" }],
      sources: [{ id: "", url: "https://example.org/b", publisher: "", title: "Second report", kind: "OSINT", publishedOn: "2024-01-29", language: "" }],
    }));
    const v2 = (await getIncidentSnapshot(editor, id))!;
    expect(v2.claims).toHaveLength(1);
    expect(v2.claims[0]).toMatchObject({ id: claimId, channel: "Website" });
    expect(v2.sources.map((s) => s.url)).toEqual(["https://example.org/b"]);
    expect(await scalar("SELECT count(*)::int FROM source WHERE url = 'https://example.org/a' AND incident_id = $1", [id])).toBe(0);
    const last = (await getPool().query("SELECT before, after FROM audit_entry WHERE entity_id = $1 ORDER BY id DESC LIMIT 1", [id])).rows[0];
    expect(Object.keys(last.after).sort()).toEqual(["claims", "sources", "version"]);
  });

  it("refuses a claim or source row that belongs to another incident", async () => {
    const a = await create();
    const b = await create({ lat: "30.2", lon: "35.9" });
    const snapshotA = (await getIncidentSnapshot(editor, a))!;
    const snapshotB = (await getIncidentSnapshot(editor, b))!;
    const foreign = updateInput(snapshotB, b, {
      sources: [{ id: snapshotA.sources[0]!.id, url: "https://example.org/a", publisher: "", title: "", kind: "MEDIA", publishedOn: "", language: "" }],
    });
    await expect(updateIncident(editor, foreign)).rejects.toBeInstanceOf(IncidentInputError);
    expect(await getIncidentSnapshot(editor, b)).toEqual(snapshotB);
  });

  it("shows possible duplicates (same site, ±1 day) and saves only when confirmed", async () => {
    const { rows } = await getPool().query<{ day: string; slug: string }>(
      "SELECT to_char(i.occurred_on, 'YYYY-MM-DD') AS day, s.slug FROM incident i JOIN site s ON s.id = i.site_id WHERE i.status = 'PUBLISHED' LIMIT 1");
    const existing = rows[0]!;
    const nextDay = new Date(Date.parse(`${existing.day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const input = formInput({ site: existing.slug, occurredOn: nextDay, claims: [], claimStatus: "UNCLAIMED" });
    const count = await scalar<number>("SELECT count(*)::int FROM incident");

    const first = await createIncident(editor, input);
    expect(first.saved).toBe(false);
    if (!first.saved) expect(first.duplicates.some((d) => d.sameSite)).toBe(true);
    expect(await scalar<number>("SELECT count(*)::int FROM incident")).toBe(count);

    const confirmed = await createIncident(editor, { ...input, confirmDuplicates: true });
    expect(confirmed.saved).toBe(true);
  });

  it("finds a duplicate within 10 km without a site, and not one 50 km away", async () => {
    await create({ occurredOn: "2024-06-10", lat: "30.0000", lon: "38.0000", claims: [], claimStatus: "UNCLAIMED" });
    const near = await createIncident(editor, formInput({ occurredOn: "2024-06-11", lat: "30.0500", lon: "38.0500", claims: [], claimStatus: "UNCLAIMED" }));
    expect(near.saved).toBe(false);
    const far = await createIncident(editor, formInput({ occurredOn: "2024-06-11", lat: "30.4500", lon: "38.0000", claims: [], claimStatus: "UNCLAIMED" }));
    expect(far.saved).toBe(true);
  });

  it("checks permissions inside the data layer: denied calls change nothing", async () => {
    const id = await create();
    const snapshot = (await getIncidentSnapshot(editor, id))!;
    const incidents = await scalar<number>("SELECT count(*)::int FROM incident");
    const entries = await scalar<number>("SELECT count(*)::int FROM audit_entry");
    for (const actor of [anonymous, viewer]) {
      await expect(createIncident(actor, formInput({ confirmDuplicates: "on" }))).rejects.toBeInstanceOf(PermissionDenied);
      await expect(updateIncident(actor, updateInput(snapshot, id, { notes: "x" }))).rejects.toBeInstanceOf(PermissionDenied);
      await expect(publishIncident(actor, id, 1)).rejects.toBeInstanceOf(PermissionDenied);
      await expect(retractIncident(actor, id, 1, "x")).rejects.toBeInstanceOf(PermissionDenied);
      await expect(deleteIncident(actor, id, 1, "x")).rejects.toBeInstanceOf(PermissionDenied);
    }
    await expect(deleteIncident(editor, id, 1, "x")).rejects.toBeInstanceOf(PermissionDenied);
    expect(await getIncidentSnapshot(editor, id)).toEqual(snapshot);
    expect(await scalar<number>("SELECT count(*)::int FROM incident")).toBe(incidents);
    expect(await scalar<number>("SELECT count(*)::int FROM audit_entry")).toBe(entries);
  });

  it("lets an admin delete with a reason, keeping a full copy in the history and no orphaned claims", async () => {
    const id = await create();
    const snapshot = (await getIncidentSnapshot(editor, id))!;
    await expect(deleteIncident(admin, id, 1, null)).rejects.toBeInstanceOf(IncidentInputError);
    await deleteIncident(admin, id, 1, "Test record entered by mistake");
    expect(await getIncidentSnapshot(editor, id)).toBeNull();
    expect(await scalar<number>("SELECT count(*)::int FROM claim WHERE id = $1", [snapshot.claims[0]!.id])).toBe(0);
    const entry = (await getPool().query("SELECT action, before, after, reason FROM audit_entry WHERE entity_id = $1 ORDER BY id DESC LIMIT 1", [id])).rows[0];
    expect(entry).toMatchObject({ action: "DELETE", after: null, reason: "Test record entered by mistake" });
    expect(entry.before).toEqual(snapshot);
  });

  it("refuses an unknown site or group slug as an input error on that field", async () => {
    await expect(createIncident(editor, formInput({ site: "no-such-site", confirmDuplicates: "on" }))).rejects.toMatchObject({ field: "site" });
    await expect(createIncident(editor, formInput({
      confirmDuplicates: "on", claims: [{ id: "", group: "no-such-group", statedOn: "2024-01-28", channel: "", url: "", text: "" }],
    }))).rejects.toMatchObject({ field: "claims.0.group" });
  });

  it("leaves the Prisma client usable after all of the above", async () => {
    expect(await getDb().incident.count()).toBeGreaterThan(300);
  });
});
