import Link from "next/link";
import { MANUAL_BATCH, type ReviewCounts as Counts } from "@/lib/data/review-queue";

const number = (n: number) => n.toLocaleString("en-US");

/**
 * The whole queue at a glance: how many drafts wait, from which import (or by hand) and by whom.
 * Each line links to the queue filtered to it.
 */
export function ReviewCounts({ counts, hrefFor }: { counts: Counts; hrefFor: (filter: { batch?: string; createdBy?: string }) => string }) {
  if (counts.total === 0) return null;
  return (
    <section aria-labelledby="review-counts-title" className="grid gap-3 rounded border border-stone-300 bg-white p-3 text-sm md:grid-cols-[auto_1fr_1fr]" data-testid="review-counts">
      <h2 id="review-counts-title" className="sr-only">Drafts waiting</h2>
      <p className="text-base">
        <strong className="text-2xl tabular-nums" data-testid="review-total">{number(counts.total)}</strong> {counts.total === 1 ? "draft" : "drafts"} waiting
      </p>
      <CountList
        title="From"
        items={counts.byBatch.map((b) => ({
          key: b.batchId ?? MANUAL_BATCH,
          label: b.batchId ? `Import “${b.fileName ?? "unnamed file"}”${b.committedAt ? `, ${b.committedAt.toISOString().slice(0, 10)}` : ""}` : "Entered by hand",
          href: hrefFor({ batch: b.batchId ?? MANUAL_BATCH }),
          drafts: b.drafts,
        }))}
        testId="review-counts-batch"
      />
      <CountList
        title="Created by"
        items={counts.byCreator.map((c) => ({
          key: c.userId ?? "none",
          label: c.name ?? (c.userId ? "a removed account" : "no account (loaded or generated)"),
          href: c.userId ? hrefFor({ createdBy: c.userId }) : null,
          drafts: c.drafts,
        }))}
        testId="review-counts-creator"
      />
    </section>
  );
}

/** Lists beyond this many lines fold away; the filter's menus still offer every one. */
const SHOWN = 5;

function CountList({ title, items, testId }: { title: string; items: { key: string; label: string; href: string | null; drafts: number }[]; testId: string }) {
  const line = (item: (typeof items)[number]) => (
    <li key={item.key} className="flex justify-between gap-3">
      {item.href ? <Link href={item.href} className="truncate text-blue-800 underline">{item.label}</Link> : <span className="truncate">{item.label}</span>}
      <span className="tabular-nums">{number(item.drafts)}</span>
    </li>
  );
  return (
    <div data-testid={testId}>
      <h3 className="font-semibold text-stone-700">{title}</h3>
      <ul className="space-y-0.5">{items.slice(0, SHOWN).map(line)}</ul>
      {items.length > SHOWN && (
        <details>
          <summary className="cursor-pointer text-stone-600">{items.length - SHOWN} more</summary>
          <ul className="space-y-0.5">{items.slice(SHOWN).map(line)}</ul>
        </details>
      )}
    </div>
  );
}
