import type { FilterProblem } from "@/lib/filters";

/** Pages are lenient: a bad parameter is ignored, and the page says which and why. */
export function FilterNotices({ problems }: { problems: FilterProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <div role="status" className="rounded border border-amber-400 bg-amber-50 p-3 text-sm" data-testid="filter-notices">
      <p className="font-semibold">Some filters in the address were ignored:</p>
      <ul className="list-disc pl-5">
        {problems.map((p, i) => (
          <li key={i}>{p.message.length > 160 ? `${p.message.slice(0, 160)}…` : p.message}</li>
        ))}
      </ul>
    </div>
  );
}
