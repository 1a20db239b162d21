import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Every environment variable the code reads is documented: the app's and its command-line tools'
// in the README's configuration table (and in depth on /docs/operations), the tests' own on
// /docs/operations. Read from the sources as text, so a new `process.env.X` without a line in the
// docs fails here.

const ROOT = path.resolve(import.meta.dirname, "../..");
const APP_SOURCES = ["lib", "app", "components", "prisma", "proxy.ts", "next.config.ts"];
/** What runs the tests and the benchmark: their settings. (Test files' own variables for child processes are not settings.) */
const TEST_SOURCES = ["playwright.config.ts", "vitest.config.ts", "tests/e2e", "tests/helpers", "tests/bench"];
/** Generated code reads no configuration of ours. */
const SKIPPED = [path.join("lib", "generated")];

/** Set by the tools themselves, not by whoever runs the app. */
const SET_BY_TOOLS: Record<string, string> = {
  NODE_ENV: "set by Next.js (development or production), never by hand",
  VITEST_POOL_ID: "set by vitest for each of its workers",
};

/**
 * Reads through a helper that takes the name as a string: `envInteger("DATABASE_STATEMENT_TIMEOUT_MS", …)`
 * in lib/db.ts. A helper of this kind elsewhere must be added here, or its names go unseen.
 */
const NAME_HELPERS: Record<string, RegExp> = { [path.join("lib", "db.ts")]: /\benvInteger\(\s*"([A-Z][A-Z0-9_]*)"/g };

function sourceFiles(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (SKIPPED.includes(entry)) return [];
  if (fs.statSync(full).isFile()) return /\.(ts|tsx|mts)$/.test(entry) ? [entry] : [];
  return fs.readdirSync(full).flatMap((name) => sourceFiles(path.join(entry, name)));
}

/** The variable names `files` read: `process.env.X`, `env.X` on a passed-in environment, `env["X"]`, and the helpers above. */
function variablesRead(entries: string[]): Map<string, string> {
  const found = new Map<string, string>(); // name → the first file that reads it
  for (const file of entries.flatMap(sourceFiles)) {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    const patterns = [/\benv\.([A-Z][A-Z0-9_]*)/g, /\benv\[\s*["'`]([A-Z][A-Z0-9_]*)["'`]\s*\]/g];
    const helper = NAME_HELPERS[file];
    if (helper) patterns.push(helper);
    // A read by a computed name is only allowed where a helper above says which names it gets.
    else if (/\bprocess\.env\[\s*[a-z]/.test(text)) throw new Error(`${file} reads process.env by a computed name: add its helper to NAME_HELPERS`);
    for (const pattern of patterns) for (const [, name] of text.matchAll(pattern)) if (!found.has(name!)) found.set(name!, file);
  }
  for (const name of Object.keys(SET_BY_TOOLS)) found.delete(name);
  return found;
}

/** The back-quoted names in the first column of the table under `heading` in a Markdown file. */
function tableVariables(file: string, heading: RegExp): Set<string> {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  const start = text.search(heading);
  if (start < 0) throw new Error(`${file} has no section matching ${heading}`);
  const section = text.slice(start).split(/\n(?=#{1,3} )/)[0]!.replace(/^#.*\n/, "");
  const names = section
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .flatMap((line) => [...(line.split("|")[1] ?? "").matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!));
  return new Set(names);
}

const missing = (read: Map<string, string>, documented: Set<string>) =>
  [...read].filter(([name]) => !documented.has(name)).map(([name, file]) => `${name} (read in ${file})`);

describe("configuration documented", () => {
  const readme = tableVariables("README.md", /^## Configuration$/m);
  const operations = tableVariables("app/docs/operations/README.md", /^## Configuration$/m);
  const testOnly = tableVariables("app/docs/operations/README.md", /^### Variables of the tests only$/m);

  it("names in the README's configuration table every variable the app and its command-line tools read", () => {
    const read = variablesRead(APP_SOURCES);
    expect(read.size).toBeGreaterThan(10); // the scan itself works: the app reads DATABASE_URL, PORT, …
    expect(missing(read, readme)).toEqual([]);
  });

  it("describes every one of them on the operations page, and nothing the code does not read", () => {
    const read = variablesRead(APP_SOURCES);
    expect(missing(read, operations)).toEqual([]);
    expect([...readme].filter((name) => !read.has(name))).toEqual([]);
    expect([...operations].filter((name) => !read.has(name))).toEqual([]);
  });

  it("lists on the operations page every variable only the tests read", () => {
    const app = variablesRead(APP_SOURCES);
    const tests = new Map([...variablesRead(TEST_SOURCES)].filter(([name]) => !app.has(name)));
    expect(missing(tests, testOnly)).toEqual([]);
  });
});
