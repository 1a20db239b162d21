import Link from "next/link";
import { MANUAL_BATCH, REVIEW_SORTS, type ReviewCounts, type ReviewQuery } from "@/lib/data/review-queue";
import { COUNTRY_NAMES } from "@/lib/vocabulary";

const inputClass = "mt-1 block w-full rounded border border-stone-400 bg-white px-2 py-1.5 text-sm";

/**
 * The queue's filter and sort as a plain GET form: applying it is a page load, so the URL always
 * holds the filter (shareable, and what "all matching" acts on), and it works without JavaScript.
 */
export function ReviewFilterForm({ query, counts }: { query: ReviewQuery; counts: ReviewCounts }) {
  const { filters } = query;
  const batches = counts.byBatch.filter((b) => b.batchId);
  const creators = counts.byCreator.filter((c) => c.userId);
  const isKnownBatch = !filters.batch || filters.batch === MANUAL_BATCH || batches.some((b) => b.batchId === filters.batch);
  const isKnownCreator = !filters.createdBy || creators.some((c) => c.userId === filters.createdBy);
  return (
    <form method="get" action="/review" className="grid grid-cols-2 gap-3 rounded border border-stone-300 bg-white p-3 text-sm md:grid-cols-4 xl:grid-cols-8" data-testid="review-filters" aria-label="Filter the drafts">
      <label className="col-span-2">
        <span className="font-semibold">From</span>
        <select name="batch" defaultValue={filters.batch ?? ""} className={inputClass}>
          <option value="">Any import or by hand</option>
          <option value={MANUAL_BATCH}>Entered by hand</option>
          {batches.map((b) => (
            <option key={b.batchId} value={b.batchId!}>Import “{b.fileName}” ({b.drafts})</option>
          ))}
          {!isKnownBatch && <option value={filters.batch}>This import (no drafts left)</option>}
        </select>
      </label>
      <label className="col-span-2">
        <span className="font-semibold">Created by</span>
        <select name="createdBy" defaultValue={filters.createdBy ?? ""} className={inputClass}>
          <option value="">Anyone</option>
          {creators.map((c) => (
            <option key={c.userId} value={c.userId!}>{c.name ?? c.userId} ({c.drafts})</option>
          ))}
          {!isKnownCreator && <option value={filters.createdBy}>This account (no drafts left)</option>}
        </select>
      </label>
      <label>
        <span className="font-semibold">Country</span>
        <select name="country" defaultValue={filters.country?.[0] ?? ""} className={inputClass}>
          <option value="">Any</option>
          {Object.entries(COUNTRY_NAMES).map(([code, name]) => <option key={code} value={code}>{name}</option>)}
        </select>
      </label>
      <label>
        <span className="font-semibold">Incident from</span>
        <input type="date" name="from" defaultValue={filters.from ?? ""} className={inputClass} />
      </label>
      <label>
        <span className="font-semibold">Incident to</span>
        <input type="date" name="to" defaultValue={filters.to ?? ""} className={inputClass} />
      </label>
      <label>
        <span className="font-semibold">Words</span>
        <input type="search" name="q" defaultValue={filters.q ?? ""} placeholder="Place, notes, source" className={inputClass} />
      </label>
      <label className="col-span-2">
        <span className="font-semibold">Sort</span>
        <select name="sort" defaultValue={query.sort} className={inputClass}>
          {Object.entries(REVIEW_SORTS).map(([value, sort]) => <option key={value} value={value}>{sort.label}</option>)}
        </select>
      </label>
      <div className="col-span-2 flex items-end gap-3">
        <button type="submit" className="rounded bg-stone-800 px-3 py-1.5 text-white">Apply</button>
        <Link href="/review" className="py-1.5 text-blue-800 underline">Clear</Link>
      </div>
    </form>
  );
}
