import fs from "node:fs";

/** The throwaway database's folder goes once Playwright has stopped the server that uses it. */
export default function globalTeardown() {
  const dir = process.env.E2E_DATA_DIR;
  if (dir) process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
}
