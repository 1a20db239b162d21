import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

function runStart(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "lib/cli/start.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: "" },
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
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
});
