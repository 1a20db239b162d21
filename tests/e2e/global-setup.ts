import fs from "node:fs";
import path from "node:path";

/** Fail early, in one sentence, when the browser or the production build is missing. */
export default function globalSetup() {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!fs.existsSync(chromium)) {
    throw new Error(
      `No Chromium at ${chromium}: install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary.`,
    );
  }
  if (!fs.existsSync(path.join(import.meta.dirname, "../../.next/BUILD_ID"))) {
    throw new Error("No production build: run `npx next build` first (npm test does this for you).");
  }
}
