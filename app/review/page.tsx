import type { Metadata } from "next";
import Link from "next/link";
import { FilterNotices } from "@/components/dashboard/filter-notices";
import { ReviewCounts } from "@/components/review/review-counts";
import { ReviewFilterForm } from "@/components/review/review-filter-form";
import { ReviewPager } from "@/components/review/review-pager";
import { ReviewQueue } from "@/components/review/review-queue";
import { actorCan, requirePagePermission } from "@/lib/auth/guards";
import { pagePath } from "@/lib/auth/return-path";
import { BULK_REVIEW_LIMIT } from "@/lib/data/bulk-review";
import { getReviewQueue, readReviewQuery, REVIEW_PAGE_SIZE, type ReviewFilters, type ReviewQuery, reviewSearchParams } from "@/lib/data/review-queue";

export const metadata: Metadata = { title: "Review drafts" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function ReviewPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const raw = await searchParams;
  const actor = await requirePagePermission("read:draft", pagePath("/review", raw));
  const { query, problems } = readReviewQuery(raw);
  const queue = await getReviewQueue(actor, query);
  const shown: ReviewQuery = { ...query, page: queue.page };
  const href = (change: Partial<ReviewQuery>) => {
    const params = reviewSearchParams({ ...shown, page: 1, ...change });
    return params.size ? `/review?${params}` : "/review";
  };
  const filterHref = (filters: ReviewFilters) => href({ filters });
  const isFiltered = Object.keys(query.filters).length > 0;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">Drafts to review</h1>
        <Link href="/incidents/new" className="rounded bg-stone-800 px-3 py-1.5 text-sm text-white">New incident</Link>
      </div>
      {raw.deleted && <p role="status" className="text-sm text-green-900">The incident was deleted; its history keeps a full copy.</p>}
      <p className="text-sm text-stone-600">Drafts are visible only to editors: not on the dashboard, the API or in exports until published.</p>
      <FilterNotices problems={problems} />
      <ReviewCounts counts={queue.counts} hrefFor={filterHref} />
      {queue.counts.total > 0 && <ReviewFilterForm query={query} counts={queue.counts} />}
      {queue.matching > 0 && (
        <p className="text-sm" data-testid="review-matching">
          <strong>{queue.matching.toLocaleString("en-US")}</strong> {queue.matching === 1 ? "draft" : "drafts"}
          {isFiltered ? " match the filter" : " in the queue"}.
        </p>
      )}
      {/* Rendered even when the queue empties, so the confirmation of what emptied it stays. */}
      <ReviewQueue
        rows={queue.rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }))}
        emptyMessage={isFiltered ? "No drafts match this filter." : "No drafts are waiting."}
        matching={queue.matching}
        filter={reviewSearchParams({ ...query, page: 1 }).toString()}
        loadedAt={queue.loadedAt.toISOString()}
        limit={BULK_REVIEW_LIMIT}
        canPublish={actorCan(actor, "publish:incident")}
        canDiscard={actorCan(actor, "delete:incident")}
      />
      <ReviewPager page={queue.page} pageSize={REVIEW_PAGE_SIZE} matching={queue.matching} hrefFor={(page) => href({ page })} />
    </div>
  );
}
