import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { readDocsFile } from "@/components/docs/docs-file";
import { MarkdownDocument } from "@/components/docs/markdown-document";

// Every Markdown documentation page: /docs is app/docs/README.md, /docs/api is app/docs/api/README.md,
// /docs/decisions/rollups is app/docs/decisions/rollups.md (see components/docs/docs-file.ts); no
// such file is a 404. The data dictionary and the methodology have pages of their own
// (app/docs/data, app/docs/methodology), rendered from live data.

type DocsPageProps = { params: Promise<{ slug?: string[] }> };

export async function generateMetadata({ params }: DocsPageProps): Promise<Metadata> {
  const file = await readDocsFile((await params).slug ?? []);
  return { title: file?.title ?? "Documentation" };
}

export default async function DocsMarkdownPage({ params }: DocsPageProps) {
  const file = await readDocsFile((await params).slug ?? []);
  if (!file) notFound();
  return <MarkdownDocument source={file.source} />;
}
