import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, findFreePort, type TestDatabase, withClient } from "../helpers/test-database";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Runs `npm start` until it exits, or until its output matches `stopAt` (then it gets SIGTERM). */
function runStart(args: string[], opts: { databaseUrl?: string; stopAt?: RegExp } = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "lib/cli/start.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: opts.databaseUrl ?? "" },
    });
    let output = "";
    const collect = (d: Buffer) => {
      output += d.toString();
      if (opts.stopAt?.test(output)) child.kill("SIGTERM");
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("npm start", () => {
  it("stops with one clear sentence when the app's port is taken, before touching any database", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const { code, output } = await runStart(["--no-build", "--host", "127.0.0.1", "--port", String(port), "--data-dir", "/nonexistent/never-created"]);
      expect(code).toBe(1);
      expect(output.trim()).toBe(`npm start: Port ${port} is already in use: stop the program using it, or start on another port with PORT=${port + 1} npm start.`);
    } finally {
      blocker.close();
    }
  });

  it("refuses an unknown option or a port that is not a port", async () => {
    expect((await runStart(["--no-build", "--port", "70000"])).output).toContain("The port must be a number from 1 to 65535");
    expect((await runStart(["--bogus"])).output).toContain("Unknown option --bogus.");
  });

  describe("with DATABASE_URL", () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(() => db?.drop());
    /** Up to the line that announces the app, which comes after the database checks; then stopped. */
    const startWith = async (databaseUrl: string) =>
      (await runStart(["--no-build", "--host", "127.0.0.1", "--port", String(await findFreePort())], { databaseUrl, stopAt: /Attack Tracker: |npm start: / })).output;
    const WARNING = "Warning: DATABASE_URL's role can rewrite the audit trail";

    it("warns when the role is a superuser, who could switch the audit trail's triggers off", async () => {
      const output = await startWith(db.url);
      expect(output).toContain(`${WARNING}: postgres is a superuser, so it can SET session_replication_role = replica and skip every trigger.`);
      expect(output).toContain("Attack Tracker: ");
    }, 60_000);

    it("starts without a warning as a role with the documented grants, and explains a role that cannot read the migrations", async () => {
      const refused = await startWith(db.appUrl);
      expect(refused).toMatch(/npm start: DATABASE_URL's role may not apply migrations \(permission denied for table _prisma_migrations\)/);
      await withClient(db.url, (client) => client.query("GRANT SELECT ON _prisma_migrations TO attack_tracker_app"));
      const output = await startWith(db.appUrl);
      expect(output).toContain("Attack Tracker: ");
      expect(output).not.toContain(WARNING);
    }, 60_000);
  });
});
