import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as getExport } from "@/app/api/export/route";
import { GET as getGroups } from "@/app/api/groups/route";
import { GET as getIncident } from "@/app/api/incidents/[id]/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { GET as getMap } from "@/app/api/map/route";
import { GET as getSites } from "@/app/api/sites/route";
import { GET as getTimeline } from "@/app/api/stats/timeline/route";
import { upsertUser } from "@/lib/accounts/users";
import { signIn, useAppDatabase } from "../helpers/auth-session";

// PUBLIC_ACCESS=false: every read route answers 401 to a signed-out caller and serves a signed-in
// viewer; unset, anonymous reading works as before. The handlers are called as Next calls them.

const ID = "00000000-0000-4000-8000-000000000000";
const routes: Array<[string, (request: Request) => Promise<Response>]> = [
  ["/api/incidents", getIncidents],
  [`/api/incidents/${ID}`, (request) => getIncident(request, { params: Promise.resolve({ id: ID }) })],
  ["/api/map?bbox=35,29,49,38&zoom=5", getMap],
  ["/api/stats/timeline", getTimeline],
  ["/api/groups", getGroups],
  ["/api/sites", getSites],
  ["/api/export?format=json", getExport],
];
const call = (handler: (request: Request) => Promise<Response>, path: string, cookie?: string) =>
  handler(new Request(`http://localhost${path}`, { headers: cookie ? { cookie } : {} }));

describe("PUBLIC_ACCESS", () => {
  const db = useAppDatabase();
  let viewerCookie: string;
  beforeAll(async () => {
    await upsertUser(db.url, { email: "reader@test.invalid", password: "correct horse battery", role: "viewer" });
    viewerCookie = (await signIn("reader@test.invalid", "correct horse battery")).cookie!;
  });
  afterEach(() => {
    delete process.env.PUBLIC_ACCESS;
  });

  it.each(routes)("false: %s refuses signed-out callers with 401 and serves a signed-in viewer", async (path, handler) => {
    process.env.PUBLIC_ACCESS = "false";
    const anonymous = await call(handler, path);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: "Sign in to use this API." });
    const forged = await call(handler, path, "better-auth.session_token=forged.value");
    expect(forged.status).toBe(401);
    // The incident id names nothing, so a reader who gets through is told 404.
    expect((await call(handler, path, viewerCookie)).status).toBe(path.includes(ID) ? 404 : 200);
  });

  it.each(routes)("unset: %s stays open to signed-out callers", async (path, handler) => {
    expect((await call(handler, path)).status).toBe(path.includes(ID) ? 404 : 200);
  });
});
