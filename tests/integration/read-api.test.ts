import { beforeAll, describe, expect, it } from "vitest";
import { GET as getGroups } from "@/app/api/groups/route";
import { GET as getIncident } from "@/app/api/incidents/[id]/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { GET as getMap } from "@/app/api/map/route";
import { GET as getSites } from "@/app/api/sites/route";
import { GET as getTimeline } from "@/app/api/stats/timeline/route";
import { getPool } from "@/lib/db";
import { seedDatabase } from "@/prisma/seed";
import { useAppDatabase } from "../helpers/auth-session";

// The read API called as Next calls it (a Request in, a Response out) on a seeded database:
// valid requests answer with data, every hostile or malformed parameter is a 400 that names it.

const call = async (handler: (r: Request) => Promise<Response>, path: string) => {
  const response = await handler(new Request(`http://localhost${path}`));
  return { status: response.status, body: await response.json() };
};

describe("read API", () => {
  const db = useAppDatabase();
  beforeAll(async () => {
    await seedDatabase(db.url, ["--synthetic", "--count", "500", "--seed", "3"]);
  });

  it("pages through /api/incidents with a cursor and reports the total", async () => {
    const first = await call(getIncidents, "/api/incidents?limit=200&country=IQ");
    expect(first.status).toBe(200);
    const { rows } = await getPool().query("SELECT count(*)::int AS n FROM incident WHERE status = 'PUBLISHED' AND country = 'IQ'");
    expect(first.body.total).toBe(rows[0].n);
    let seen = first.body.items.length;
    let cursor = first.body.nextCursor;
    while (cursor) {
      const next = await call(getIncidents, `/api/incidents?limit=200&country=IQ&cursor=${cursor}`);
      seen += next.body.items.length;
      cursor = next.body.nextCursor;
    }
    expect(seen).toBe(rows[0].n);
  });

  it("serves the timeline, map, groups, sites and one incident", async () => {
    const timeline = await call(getTimeline, "/api/stats/timeline?interval=week&groupBy=type");
    expect(timeline.status).toBe(200);
    expect(timeline.body.interval).toBe("week");
    const map = await call(getMap, "/api/map?bbox=35,29,49,38&zoom=5");
    expect(map.status).toBe(200);
    expect(map.body.type).toBe("FeatureCollection");
    expect(map.body.features.length).toBeLessThanOrEqual(2000);
    expect((await call(getGroups, "/api/groups")).body.items.length).toBeGreaterThan(5);
    expect((await call(getSites, "/api/sites?from=2024-01-01")).body.items.length).toBeGreaterThan(5);

    const [{ id }] = (await call(getIncidents, "/api/incidents?limit=1")).body.items;
    const incident = await getIncident(new Request(`http://localhost/api/incidents/${id}`), { params: Promise.resolve({ id }) });
    expect(incident.status).toBe(200);
    expect((await incident.json()).id).toBe(id);
    for (const bad of ["00000000-0000-4000-8000-000000000000", "not-a-uuid", "' OR 1=1 --"]) {
      const response = await getIncident(new Request("http://localhost/api/incidents/x"), { params: Promise.resolve({ id: bad }) });
      expect(response.status).toBe(404);
    }
  });

  const hostile: Array<[string, (r: Request) => Promise<Response>, string, string]> = [
    ["a box off the globe", getIncidents, "/api/incidents?bbox=-200,-100,200,100", "bbox"],
    ["an impossible date", getIncidents, "/api/incidents?from=2026-13-01", "from"],
    ["February 30th", getIncidents, "/api/incidents?to=2026-02-30", "to"],
    ["a negative limit", getIncidents, "/api/incidents?limit=-1", "limit"],
    ["a huge limit", getIncidents, "/api/incidents?limit=100000", "limit"],
    ["a 5,000-character search with % and _", getIncidents, `/api/incidents?q=${"%_".repeat(2500)}`, "q"],
    ["a repeated single parameter", getIncidents, "/api/incidents?from=2024-01-01&from=2024-02-01", "from"],
    ["an unknown claimant", getIncidents, "/api/incidents?claimant=no-such-group", "claimant"],
    ["an unknown site", getTimeline, "/api/stats/timeline?site=atlantis", "site"],
    ["a forged cursor", getIncidents, "/api/incidents?cursor=eyJhIjoxfQ", "cursor"],
    ["sorting by a column that is not offered", getIncidents, "/api/incidents?sort=password", "sort"],
    ["an unknown attack type", getIncidents, "/api/incidents?type=nuclear", "type"],
    ["from after to", getIncidents, "/api/incidents?from=2024-05-01&to=2024-01-01", "from"],
    ["a fractional minKilled", getIncidents, "/api/incidents?minKilled=1.5", "minKilled"],
    ["a bad interval", getTimeline, "/api/stats/timeline?interval=year", "interval"],
    ["a map without a view", getMap, "/api/map?zoom=5", "bbox"],
    ["a map with a non-numeric zoom", getMap, "/api/map?bbox=35,29,49,38&zoom=abc", "zoom"],
    ["a map area off the globe", getMap, "/api/map?bbox=35,29,49,38&zoom=5&area=0,0,0,95", "area"],
  ];
  it.each(hostile)("refuses %s with a 400 naming the parameter", async (_name, handler, path, parameter) => {
    const { status, body } = await call(handler, path);
    expect(status).toBe(400);
    expect(body.error.parameter).toBe(parameter);
    expect(body.error.message).toMatch(new RegExp(`^${parameter}`));
  });
});
