import "server-only";
import fs from "node:fs/promises";
import path from "node:path";

// Where a documentation page's Markdown lives: /docs is app/docs/README.md, /docs/<topic> is app/docs/<topic>/README.md and
// /docs/<topic>/<page> is app/docs/<topic>/<page>.md, so every page reads as a file in the repository
// too (a folder's README is what a repository browser shows first).

const DOCS_ROOT = path.join(process.cwd(), "app", "docs");
const SEGMENT = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export type DocsFile = { source: string; title: string };

/** The page's Markdown and its title (its first `# ` heading), or null when there is no such page. */
export async function readDocsFile(slug: readonly string[]): Promise<DocsFile | null> {
  // Only plain lower-case names, at most two deep: nothing in the address can leave app/docs.
  if (slug.length > 2 || !slug.every((segment) => SEGMENT.test(segment))) return null;
  const [topic = "", page] = slug;
  const file = path.join(DOCS_ROOT, topic, page ? `${page}.md` : "README.md");
  let source: string;
  try {
    source = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") return null;
    throw error;
  }
  const title = /^#\s+(.+)$/m.exec(source)?.[1]?.trim() ?? "Documentation";
  return { source, title };
}
