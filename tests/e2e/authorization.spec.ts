import { type APIRequestContext, request as playwrightRequest } from "@playwright/test";
import { buildActions, callAction, databaseFingerprint, incidentByMarker, incidentForm } from "./actions";
import { createAccount, E2E_BASE_URL, expect, type Role, signedInAs, test } from "./auth";
import { query } from "./database";

// The authorisation matrix: every server action of the build, called directly over HTTP (never
// through the UI) by an anonymous visitor, a viewer, an editor and an admin. Allowed calls must
// take effect; denied ones must say why and leave the database exactly as it was.

type Caller = Role | "anonymous";
const CALLERS: Caller[] = ["anonymous", "viewer", "editor", "admin"];

/** The policy the tests enforce (the closing note of issue #4 prints this table). */
const POLICY: Record<string, Caller[]> = {
  createIncidentAction: ["editor", "admin"],
  updateIncidentAction: ["editor", "admin"],
  publishIncidentAction: ["editor", "admin"],
  retractIncidentAction: ["editor", "admin"],
  deleteIncidentAction: ["admin"],
  publishDraftsAction: ["editor", "admin"],
  discardDraftsAction: ["admin"],
  updateUserAccessAction: ["admin"],
  createTallyAction: ["editor", "admin"],
  updateTallyAction: ["editor", "admin"],
  createTimelineEventAction: ["editor", "admin"],
  updateTimelineEventAction: ["editor", "admin"],
  saveImportMappingAction: ["editor", "admin"],
};

/** A tally form as an editor fills it. */
const tallyForm = (key: string, publisher = "US Department of Defense") => ({
  key, publisher, asOf: "2024-01-09", count: "127", qualifier: "EXACT", countIraq: "", countSyria: "", countJordan: "",
  scope: "Attacks on US forces in Iraq and Syria since 17 Oct 2023", rule: "PENTAGON",
  sourceUrl: "https://www.defense.gov/News/Transcripts/", sourcePublisher: "", publishedOn: "",
});
/** A key-event form as an editor fills it. */
const eventForm = (key: string, title = "Matrix event") => ({
  key, occurredOn: "2024-01-09", kind: "OTHER", title, description: "Written by the authorisation matrix.",
  "sources.0.url": "https://www.defense.gov/News/", "sources.0.publisher": "US Department of Defense",
});

type Case = { fields: Record<string, string>; args?: unknown[]; incidentId?: string; tookEffect: () => Promise<boolean> };

let counter = 0;
const marker = (name: string) => `authz ${name} ${Date.now()}-${++counter}`;

test.describe("authorisation matrix", () => {
  const contexts = new Map<Caller, APIRequestContext>();
  const actions = buildActions();

  test.beforeAll(async () => {
    for (const caller of CALLERS) {
      contexts.set(caller, await playwrightRequest.newContext({
        baseURL: E2E_BASE_URL,
        storageState: caller === "anonymous" ? undefined : await signedInAs(caller),
      }));
    }
  });
  test.afterAll(async () => {
    for (const context of contexts.values()) await context.dispose();
  });

  test("the policy table covers every server action in the build", () => {
    expect([...actions.keys()].sort()).toEqual(Object.keys(POLICY).sort());
  });

  /** A draft made by the editor through the create action itself; published if asked. */
  async function draft(publish = false): Promise<{ id: string; version: number }> {
    const editor = contexts.get("editor")!;
    const name = marker("target");
    await callAction(editor, actions.get("createIncidentAction")!, incidentForm(name));
    const created = await incidentByMarker(name);
    if (!created) throw new Error("the editor could not create a target incident");
    if (!publish) return created;
    await callAction(editor, actions.get("publishIncidentAction")!, { id: created.id, version: "1" }, created.id);
    return { id: created.id, version: 2 };
  }

  const CASES: Record<string, () => Promise<Case>> = {
    createIncidentAction: async () => {
      const name = marker("create");
      return { fields: incidentForm(name), tookEffect: async () => !!(await incidentByMarker(name)) };
    },
    updateIncidentAction: async () => {
      const { id } = await draft();
      const [row] = await query<{ location_name: string }>("SELECT location_name FROM incident WHERE id = $1", [id]);
      return {
        incidentId: id,
        fields: { ...incidentForm(row!.location_name, { notes: "edited by the matrix" }), id, version: "1" },
        tookEffect: async () => (await query("SELECT 1 FROM incident WHERE id = $1 AND version = 2", [id])).length === 1,
      };
    },
    publishIncidentAction: async () => {
      const { id } = await draft();
      return { incidentId: id, fields: { id, version: "1" }, tookEffect: async () => (await query("SELECT 1 FROM incident WHERE id = $1 AND status = 'PUBLISHED'", [id])).length === 1 };
    },
    retractIncidentAction: async () => {
      const { id } = await draft(true);
      return { incidentId: id, fields: { id, version: "2", reason: "matrix" }, tookEffect: async () => (await query("SELECT 1 FROM incident WHERE id = $1 AND status = 'RETRACTED'", [id])).length === 1 };
    },
    deleteIncidentAction: async () => {
      const { id } = await draft();
      return { incidentId: id, fields: { id, version: "1", reason: "matrix" }, tookEffect: async () => (await query("SELECT 1 FROM incident WHERE id = $1", [id])).length === 0 };
    },
    publishDraftsAction: async () => {
      const { id } = await draft();
      return { fields: { scope: "listed", drafts: `${id}:1`, reason: "" }, tookEffect: async () => (await query("SELECT 1 FROM incident WHERE id = $1 AND status = 'PUBLISHED'", [id])).length === 1 };
    },
    discardDraftsAction: async () => {
      const { id } = await draft();
      return { fields: { scope: "listed", drafts: `${id}:1`, reason: "matrix" }, tookEffect: async () => (await query("SELECT 1 FROM incident WHERE id = $1", [id])).length === 0 };
    },
    createTallyAction: async () => {
      const key = marker("tally").toLowerCase().replace(/[^a-z0-9-]/g, "-");
      return { fields: tallyForm(key), tookEffect: async () => (await query("SELECT 1 FROM tally WHERE key = $1", [key])).length === 1 };
    },
    updateTallyAction: async () => {
      const key = marker("tally").toLowerCase().replace(/[^a-z0-9-]/g, "-");
      const [row] = await query<{ id: string }>(
        `INSERT INTO tally (key, publisher, as_of, count, scope, rule, source_url) VALUES ($1, 'Matrix', '2024-01-09', 1, 'matrix', 'OTHER', 'https://example.org/') RETURNING id`, [key]);
      const { key: _key, ...fields } = tallyForm(key, "Corrected by the matrix");
      return {
        fields: { ...fields, id: row!.id, version: "1" },
        tookEffect: async () => (await query("SELECT 1 FROM tally WHERE id = $1 AND version = 2", [row!.id])).length === 1,
      };
    },
    createTimelineEventAction: async () => {
      const key = marker("event").toLowerCase().replace(/[^a-z0-9-]/g, "-");
      return { fields: eventForm(key), tookEffect: async () => (await query("SELECT 1 FROM timeline_event WHERE key = $1", [key])).length === 1 };
    },
    updateTimelineEventAction: async () => {
      const key = marker("event").toLowerCase().replace(/[^a-z0-9-]/g, "-");
      const [row] = await query<{ id: string }>(
        `INSERT INTO timeline_event (key, occurred_on, kind, title, description, source_urls) VALUES ($1, '2024-01-09', 'OTHER', 'Matrix', 'matrix', '{https://example.org/}') RETURNING id`, [key]);
      const { key: _key, ...fields } = eventForm(key, "Corrected by the matrix");
      return {
        fields: { ...fields, id: row!.id, version: "1" },
        tookEffect: async () => (await query("SELECT 1 FROM timeline_event WHERE id = $1 AND version = 2", [row!.id])).length === 1,
      };
    },
    saveImportMappingAction: async () => {
      const name = marker("mapping");
      const choices = { mapping: [["Date", "occurred_on"]], constants: [["date_precision", "DAY"]], values: [] };
      return { fields: {}, args: [{ name, header: ["Date"], choices }], tookEffect: async () => (await query("SELECT 1 FROM import_mapping WHERE name = $1", [name])).length === 1 };
    },
    updateUserAccessAction: async () => {
      const account = await createAccount("viewer", "matrix");
      return {
        fields: { userId: account.id, intent: "role", role: "editor" },
        tookEffect: async () => (await query("SELECT 1 FROM app_user WHERE id = $1 AND role = 'editor'", [account.id])).length === 1,
      };
    },
  };

  for (const [name, allowed] of Object.entries(POLICY)) {
    for (const caller of CALLERS) {
      const verdict = allowed.includes(caller) ? "allowed" : "denied";
      test(`${name} by ${caller} is ${verdict}`, async () => {
        const action = actions.get(name);
        expect(action, `${name} is in the build`).toBeDefined();
        const testCase = await CASES[name]!();
        const before = await databaseFingerprint();
        const response = await callAction(contexts.get(caller)!, action!, testCase.fields, testCase.incidentId, testCase.args);
        expect(response.status, response.text.slice(0, 300)).toBeLessThan(500);
        if (verdict === "allowed") {
          expect(await testCase.tookEffect()).toBe(true);
        } else {
          expect(response.text).toContain(caller === "anonymous" ? "Sign in to do this." : "Your role does not allow this.");
          expect(await testCase.tookEffect()).toBe(false);
          expect(await databaseFingerprint()).toBe(before);
        }
      });
    }
  }
});
