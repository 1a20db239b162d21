import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DELETE as discardRoute } from "@/app/api/import/[batchId]/route";
import { POST as commitRoute } from "@/app/api/import/[batchId]/commit/route";
import { POST as uploadRoute } from "@/app/api/import/route";
import { upsertUser } from "@/lib/accounts/users";
import { deleteIncidentAction, updateIncidentAction } from "@/lib/actions/incidents";
import { createTallyAction } from "@/lib/actions/tallies";
import { updateUserAccessAction } from "@/lib/actions/users";
import { recordRefusal, REFUSAL_LIMITS } from "@/lib/audit/refusals";
import type { Actor } from "@/lib/auth/guards";
import { getPool } from "@/lib/db";
import { signIn, TEST_AUTH_URL, useAppDatabase } from "../helpers/auth-session";

// Every refused write leaves a row in refused_attempt (who or which address, which action, when,
// why), and a flood of refusals leaves a bounded number of rows. The server actions run outside a
// request: the session lookup, the request's headers and the cache refresh are stubbed; the route
// handlers get real requests with real sessions.
const request = vi.hoisted(() => ({
  actor: { userId: null, role: null, label: "anonymous" } as Actor,
  headers: new Headers(),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("next/headers", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/headers")>()), headers: async () => request.headers }));
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
const BATCH = "00000000-0000-4000-8000-000000000000";
const viewer: Actor = { userId: "user-viewer", role: "viewer", label: "viewer@test.invalid" };
const editor: Actor = { userId: "user-editor", role: "editor", label: "editor@test.invalid" };
const anonymous: Actor = { userId: null, role: null, label: "anonymous" };

function as(actor: Actor, address: string | null) {
  request.actor = actor;
  request.headers = new Headers(address ? { "x-forwarded-for": address } : {});
}

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

type Row = { actor_id: string | null; actor_label: string; address: string | null; action: string; reason: string; extra: number; at: Date };
const rowsOf = (action: string) =>
  getPool().query<Row>("SELECT actor_id, actor_label, address, action, reason, extra, at FROM refused_attempt WHERE action = $1 ORDER BY id", [action]).then((r) => r.rows);

describe("refused writes", () => {
  useAppDatabase();
  let viewerCookie: string;
  beforeAll(async () => {
    await getPool().query(
      `INSERT INTO refused_attempt (at, actor_label, address, action, reason) VALUES (now() - interval '${REFUSAL_LIMITS.keepDays + 1} days', 'anonymous', '192.0.2.9', 'old', 'long ago')`,
    );
    const { id } = await upsertUser(process.env.DATABASE_URL!, { email: "reader@test.invalid", password: PASSWORD, role: "viewer" });
    viewer.userId = id;
    viewerCookie = (await signIn("reader@test.invalid", PASSWORD)).cookie!;
  });
  afterAll(() => as(anonymous, null));

  it("records a refused server action: who, from where, which action, when and why", async () => {
    as(viewer, "203.0.113.5");
    const before = new Date(Date.now() - 1000);
    const state = await updateIncidentAction({ ok: true }, form({ id: "x", version: "1" }));
    expect(state).toEqual({ ok: false, message: "Your role does not allow this." });
    const [row, ...more] = await rowsOf("updateIncidentAction");
    expect(more).toEqual([]);
    expect(row).toMatchObject({ actor_id: viewer.userId, actor_label: "viewer@test.invalid", address: "203.0.113.5", reason: "role viewer lacks update:incident", extra: 0 });
    expect(row!.at.getTime()).toBeGreaterThanOrEqual(before.getTime());

    as(anonymous, "198.51.100.7, 203.0.113.77"); // the last hop is the one the server saw
    expect(await createTallyAction({ ok: true }, form({}))).toEqual({ ok: false, message: "Sign in to do this." });
    expect(await rowsOf("createTallyAction")).toMatchObject([
      { actor_id: null, actor_label: "anonymous", address: "203.0.113.77", reason: "signed out; edit:tally needs a signed-in role" },
    ]);

    as(editor, "203.0.113.6");
    expect(await updateUserAccessAction({ ok: true }, form({ userId: "u", role: "admin" }))).toEqual({ ok: false, message: "Your role does not allow this." });
    expect(await rowsOf("updateUserAccessAction")).toMatchObject([{ actor_id: "user-editor", reason: "role editor lacks manage:users" }]);
  });

  it("writes at most a few rows per caller and action a minute, and counts the rest", async () => {
    as({ ...viewer, userId: "user-flooder", label: "flooder@test.invalid" }, "203.0.113.8");
    for (let i = 0; i < 12; i++) await deleteIncidentAction({ ok: true }, form({}));
    const rows = await rowsOf("deleteIncidentAction");
    expect(rows).toHaveLength(REFUSAL_LIMITS.perCallerPerMinute);
    expect(rows.reduce((sum, row) => sum + row.extra, 0)).toBe(12 - REFUSAL_LIMITS.perCallerPerMinute);

    // Signed-out callers are told apart by their address.
    for (const address of ["192.0.2.1", "192.0.2.2"]) {
      as(anonymous, address);
      for (let i = 0; i < 7; i++) await createTallyAction({ ok: true }, form({}));
    }
    const tallies = (await rowsOf("createTallyAction")).filter((row) => row.address?.startsWith("192.0.2."));
    for (const address of ["192.0.2.1", "192.0.2.2"]) {
      const mine = tallies.filter((row) => row.address === address);
      expect(mine).toHaveLength(REFUSAL_LIMITS.perCallerPerMinute);
      expect(mine.reduce((sum, row) => sum + row.extra, 0)).toBe(7 - REFUSAL_LIMITS.perCallerPerMinute);
    }

    // At once: nobody waits for anybody, and the bound holds.
    as({ ...viewer, userId: "user-burst", label: "burst@test.invalid" }, "203.0.113.9");
    await Promise.all(Array.from({ length: 20 }, () => updateIncidentAction({ ok: true }, form({}))));
    const burst = (await rowsOf("updateIncidentAction")).filter((row) => row.actor_id === "user-burst");
    expect(burst.length).toBeGreaterThanOrEqual(1);
    expect(burst.length).toBeLessThanOrEqual(REFUSAL_LIMITS.perCallerPerMinute);
  });

  it("records the import routes' 401 and 403 answers, and requests from other sites", async () => {
    const post = (url: string, headers: Record<string, string>, body: string) =>
      new Request(url, { method: "POST", body, headers: { Origin: TEST_AUTH_URL, "x-forwarded-for": "203.0.113.20", ...headers } });
    const params = { params: Promise.resolve({ batchId: BATCH }) };

    expect((await uploadRoute(post(`${TEST_AUTH_URL}/api/import?name=a.csv`, {}, "a,b\n1,2\n"))).status).toBe(401);
    expect((await uploadRoute(post(`${TEST_AUTH_URL}/api/import?name=a.csv`, { cookie: viewerCookie }, "a,b\n1,2\n"))).status).toBe(403);
    const foreign = await uploadRoute(post(`${TEST_AUTH_URL}/api/import?name=a.csv`, { cookie: viewerCookie, Origin: "https://evil.example" }, "a,b\n"));
    expect(foreign.status).toBe(403);
    expect(await rowsOf("POST /api/import")).toMatchObject([
      { actor_id: null, actor_label: "anonymous", address: "203.0.113.20", reason: "signed out; import:incident needs a signed-in role" },
      { actor_id: viewer.userId, actor_label: "reader@test.invalid", reason: "role viewer lacks import:incident" },
      { actor_id: null, actor_label: "unidentified", reason: "cross-origin: a request from https://evil.example" },
    ]);

    const discard = new Request(`${TEST_AUTH_URL}/api/import/${BATCH}`, { method: "DELETE", headers: { Origin: TEST_AUTH_URL, cookie: viewerCookie } });
    expect((await discardRoute(discard, params)).status).toBe(403);
    expect(await rowsOf("DELETE /api/import/{batchId}")).toMatchObject([{ actor_id: viewer.userId, reason: "role viewer lacks import:incident" }]);

    const commit = post(`${TEST_AUTH_URL}/api/import/${BATCH}/commit`, {}, JSON.stringify({ status: "DRAFT" }));
    expect((await commitRoute(commit, params)).status).toBe(401);
    expect(await rowsOf("POST /api/import/{batchId}/commit")).toMatchObject([{ actor_id: null, address: "203.0.113.20" }]);
  });

  it("prunes rows past the keeping time", async () => {
    expect(await rowsOf("old")).toEqual([]);
  });

  it("stops adding callers past the ceiling for everyone, so rotating addresses cannot flood the table", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    for (let i = 0; i < REFUSAL_LIMITS.allPerMinute + 20; i++) {
      await recordRefusal({ actor: anonymous, address: `10.0.${i >> 8}.${i & 255}`, action: "flood", reason: "test" });
    }
    const { rows } = await getPool().query<{ n: number }>("SELECT count(*)::int AS n FROM refused_attempt WHERE at > now() - interval '1 minute'");
    expect(rows[0]!.n).toBe(REFUSAL_LIMITS.allPerMinute);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("not recorded this minute"));
    warn.mockRestore();
  });
});
