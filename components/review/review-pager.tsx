import Link from "next/link";

const number = (n: number) => n.toLocaleString("en-US");

/** "51–100 of 1,234" with links to the neighbouring pages; `hrefFor` keeps the filter and sort. */
export function ReviewPager({ page, pageSize, matching, hrefFor }: { page: number; pageSize: number; matching: number; hrefFor: (page: number) => string }) {
  if (matching === 0) return null;
  const first = (page - 1) * pageSize + 1;
  const last = Math.min(page * pageSize, matching);
  const lastPage = Math.ceil(matching / pageSize);
  return (
    <nav aria-label="Pages of drafts" className="flex flex-wrap items-center gap-4 text-sm">
      <p data-testid="review-range">{number(first)}–{number(last)} of {number(matching)}</p>
      {page > 1 && <Link href={hrefFor(1)} className="text-blue-800 underline">First</Link>}
      {page > 1 && <Link href={hrefFor(page - 1)} rel="prev" className="text-blue-800 underline">Previous {pageSize}</Link>}
      {page < lastPage && <Link href={hrefFor(page + 1)} rel="next" className="text-blue-800 underline">Next {pageSize}</Link>}
      {page < lastPage && <Link href={hrefFor(lastPage)} className="text-blue-800 underline">Last</Link>}
    </nav>
  );
}
