import Link from "next/link";
import type { ComponentPropsWithoutRef } from "react";
import Markdown, { type Components, type ExtraProps } from "react-markdown";
import remarkGfm from "remark-gfm";

// Renders one documentation page's Markdown (GitHub's dialect: tables, task lists, autolinks) as
// server-rendered HTML: no script reaches the browser, so the pages work under the CSP as they are.
// Raw HTML in the Markdown is not rendered (react-markdown's default), so a page cannot smuggle in
// a script or a style either.

/** The words of a heading as an anchor id: "Import and export" → "import-and-export". */
export function headingId(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

type MarkdownNode = NonNullable<ExtraProps["node"]> | NonNullable<ExtraProps["node"]>["children"][number];
const textOf = (node: MarkdownNode): string =>
  node.type === "text" ? node.value : "children" in node ? node.children.map(textOf).join("") : "";

type HeadingProps = ComponentPropsWithoutRef<"h2"> & ExtraProps;

/** A heading with an id from its words, and a link to itself for sharing a section. */
function heading(Tag: "h2" | "h3" | "h4", className: string) {
  function DocsHeading({ node, children }: HeadingProps) {
    const id = node ? headingId(textOf(node)) : undefined;
    return (
      <Tag id={id} className={`group scroll-mt-4 ${className}`}>
        {children}
        {id && (
          <a href={`#${id}`} className="ml-2 text-stone-400 no-underline opacity-0 group-hover:opacity-100 focus:opacity-100" aria-label="Link to this section">
            #
          </a>
        )}
      </Tag>
    );
  }
  return DocsHeading;
}

const th = "border-b border-stone-300 px-2 py-1 text-left align-bottom";
const td = "border-b border-stone-200 px-2 py-1 align-top";

const COMPONENTS: Components = {
  h1: ({ children }) => <h1 className="text-2xl font-bold">{children}</h1>,
  h2: heading("h2", "pt-2 text-xl font-semibold"),
  h3: heading("h3", "text-lg font-semibold"),
  h4: heading("h4", "font-semibold"),
  p: ({ children }) => <p>{children}</p>,
  ul: ({ children }) => <ul className="list-disc space-y-1 pl-6">{children}</ul>,
  ol: ({ children }) => <ol className="list-decimal space-y-1 pl-6">{children}</ol>,
  a: ({ href = "", children }) =>
    // Pages of the app go through Next's router; other addresses and anchors are plain links.
    href.startsWith("/") ? <Link href={href} className="text-blue-800 underline">{children}</Link> : <a href={href} className="text-blue-800 underline">{children}</a>,
  // Wide tables and code scroll inside their box, so a phone's page never scrolls sideways; the box
  // takes the focus (tabIndex) so a keyboard can scroll it too.
  table: ({ children }) => (
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Table (scrolls sideways)">
      <table className="w-full text-sm">{children}</table>
    </div>
  ),
  th: ({ children, style }) => <th className={th} style={style}>{children}</th>,
  td: ({ children, style }) => <td className={td} style={style}>{children}</td>,
  pre: ({ children }) => (
    <pre tabIndex={0} className="overflow-x-auto rounded border border-stone-200 bg-white p-3 text-sm leading-relaxed [&_code]:bg-transparent [&_code]:p-0">{children}</pre>
  ),
  code: ({ children }) => <code className="rounded bg-stone-100 px-1 font-mono text-[0.9em]">{children}</code>,
  blockquote: ({ children }) => <blockquote className="space-y-2 border-l-4 border-stone-300 pl-4 text-stone-700">{children}</blockquote>,
};

export function MarkdownDocument({ source }: { source: string }) {
  return (
    <article className="max-w-4xl space-y-4 text-stone-800" data-testid="docs-page">
      <Markdown remarkPlugins={[remarkGfm]} components={COMPONENTS}>
        {source}
      </Markdown>
    </article>
  );
}
