import net from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getEvents } from "@/app/api/events/route";
import { GET as getGroups } from "@/app/api/groups/route";
import { DELETE as discardRoute } from "@/app/api/import/[batchId]/route";
import { POST as commitRoute } from "@/app/api/import/[batchId]/commit/route";
import { POST as uploadRoute } from "@/app/api/import/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { GET as getMap } from "@/app/api/map/route";
import { GET as getSites } from "@/app/api/sites/route";
import { GET as getTimeline } from "@/app/api/stats/timeline/route";
import { GET as getTallies } from "@/app/api/tallies/route";
import { upsertUser } from "@/lib/accounts/users";
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from "@/lib/api/database-unavailable";
import { getPool } from "@/lib/db";
import { configureTestAuth, signIn, TEST_AUTH_URL } from "../helpers/auth-session";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

// PostgreSQL stops while the app runs: the app reaches its database through a TCP relay here, and
// closing the relay drops every open connection and leaves a closed port, as a stopped server
// does. Every route then answers 503 with Retry-After instead of a 500 that blames the server.

const READ_ROUTES: Array<[string, (request: Request) => Promise<Response>]> = [
  ["/api/groups", getGroups],
  ["/api/sites", getSites],
  ["/api/map?bbox=35,29,49,38&zoom=5", getMap],
  ["/api/stats/timeline", getTimeline],
  ["/api/tallies", getTallies],
  ["/api/events", getEvents],
  ["/api/incidents", getIncidents],
];
const BATCH = "00000000-0000-4000-8000-000000000000";

/** A relay from a local port to the database server, which can be cut like a stopped server. */
async function startRelay(target: URL): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

describe("with PostgreSQL down", () => {
  let db: TestDatabase;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let cookie: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    relay = await startRelay(new URL(db.url));
    const url = new URL(db.url);
    url.port = String(relay.port);
    process.env.DATABASE_URL = url.toString();
    configureTestAuth();
    await upsertUser(db.url, { email: "importer@test.invalid", password: "correct horse battery", role: "editor" });
    cookie = (await signIn("importer@test.invalid", "correct horse battery")).cookie!;
    expect((await getGroups(new Request("http://localhost/api/groups"))).status).toBe(200); // up, through the relay
    await relay.close();
  });
  afterAll(async () => {
    await getPool().end();
    await db?.drop();
  });

  it.each(READ_ROUTES)("GET %s answers 503 with Retry-After, signed out and signed in", async (path, handler) => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    // Better Auth logs its own failure to read the session; nothing else may log an error.
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    for (const headers of [{}, { cookie }] as Array<Record<string, string>>) {
      const response = await handler(new Request(`http://localhost${path}`, { headers }));
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe(String(RETRY_AFTER_SECONDS));
      expect(await response.json()).toEqual({ error: { message: "The database is unavailable; try again in a moment." } });
    }
    expect(error.mock.calls.filter((args) => !String(args[0]).includes("Better Auth"))).toEqual([]);
    error.mockRestore();
    warn.mockRestore();
  });

  it("the import routes answer 503 with Retry-After", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const headers = { cookie, Origin: TEST_AUTH_URL };
    const responses = [
      await uploadRoute(new Request(`${TEST_AUTH_URL}/api/import?name=a.csv`, { method: "POST", body: "a,b\n1,2\n", headers })),
      await discardRoute(new Request(`${TEST_AUTH_URL}/api/import/${BATCH}`, { method: "DELETE", headers }), { params: Promise.resolve({ batchId: BATCH }) }),
      await commitRoute(
        new Request(`${TEST_AUTH_URL}/api/import/${BATCH}/commit`, { method: "POST", body: JSON.stringify({ status: "DRAFT" }), headers }),
        { params: Promise.resolve({ batchId: BATCH }) },
      ),
    ];
    for (const response of responses) {
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe(String(RETRY_AFTER_SECONDS));
      expect(await response.json()).toEqual({ error: "The database is unavailable; try again in a moment." });
    }
    expect(error.mock.calls.filter((args) => !String(args[0]).includes("Better Auth"))).toEqual([]);
    error.mockRestore();
    warn.mockRestore();
  });
});

describe("isDatabaseUnavailable", () => {
  it("knows a connection that PostgreSQL ends (57P01 admin_shutdown)", async () => {
    const db = await createTestDatabase();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    client.on("error", () => {});
    const running = client.query("SELECT pg_sleep(10)").then(() => null, (error: unknown) => error);
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(10)'");
    await admin.end();
    const error = await running;
    expect((error as { code?: string }).code).toBe("57P01");
    expect(isDatabaseUnavailable(error)).toBe(true);
    await client.end().catch(() => {});
    await db.drop();
  });

  it("knows the other signs of an unreachable server, and nothing else", () => {
    const coded = (code: string, message = "x") => Object.assign(new Error(message), { code });
    for (const error of [
      coded("ECONNREFUSED"),
      new AggregateError([coded("ECONNREFUSED"), coded("ECONNREFUSED")], "connect"),
      coded("57P03", "the database system is starting up"),
      coded("08006", "connection failure"),
      new Error("timeout exceeded when trying to connect"),
      new Error("Connection terminated due to connection timeout", { cause: new Error("Connection terminated unexpectedly") }),
      Object.assign(new Error("Invalid `prisma.user.findFirst()` invocation"), { code: "P1001" }),
      Object.assign(new Error("Raw query failed"), { code: "P2010", meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } } }),
    ]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(true);
    }
    for (const error of [
      coded("23505", "duplicate key value violates unique constraint"),
      coded("57014", "canceling statement due to statement timeout"),
      coded("P2002", "Unique constraint failed"),
      new Error("DATABASE_URL is not set"),
      new TypeError("Cannot read properties of undefined"),
      null,
      "ECONNREFUSED",
    ]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(false);
    }
  });
});
