import type { Reconciliation } from "@/lib/data/tallies";
import { TALLY_RULE_LABELS } from "@/lib/validation/tally";
import { COUNTRY_NAMES } from "@/lib/vocabulary";

// Each published tally beside our count of the same scope on the same date. No hooks: the tallies
// page renders it on the server, and the dashboard's client chart reuses its pieces.

/** "+3", "−12" (a true minus sign), "0". */
export function signed(n: number): string {
  return n > 0 ? `+${n.toLocaleString("en-US")}` : n < 0 ? `−${Math.abs(n).toLocaleString("en-US")}` : "0";
}

export function formatDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return `${d} ${["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][m - 1]} ${y}`;
}

const cell = "border-t border-stone-200 px-2 py-2 align-top";

type Props = {
  tallies: Reconciliation[];
  /** Rendered under a tally's row, e.g. its edit form; nothing when absent. */
  below?: (tally: Reconciliation) => React.ReactNode;
};

export function ReconciliationTable({ tallies, below }: Props) {
  if (tallies.length === 0) return <p className="text-stone-600">No published tallies yet.</p>;
  return (
    <div className="overflow-x-auto rounded border border-stone-300 bg-white">
      <table className="w-full text-sm" data-testid="reconciliation-table">
        <thead className="bg-stone-50 text-left">
          <tr>
            <th className="px-2 py-2">As of</th>
            <th className="px-2 py-2">Publisher</th>
            <th className="px-2 py-2 text-right">Their count</th>
            <th className="px-2 py-2">Scope</th>
            <th className="px-2 py-2 text-right">Ours</th>
            <th className="px-2 py-2 text-right">Difference</th>
            <th className="px-2 py-2">Why</th>
            <th className="px-2 py-2">Source</th>
          </tr>
        </thead>
        {tallies.map((t) => (
          <tbody key={t.id} data-testid={`tally-${t.key}`}>
            <tr>
              <td className={`${cell} whitespace-nowrap`}>{formatDay(t.asOf)}</td>
              <td className={cell}>
                {t.publisher}
                <div className="text-xs text-stone-500">{TALLY_RULE_LABELS[t.rule]}</div>
              </td>
              <td className={`${cell} text-right tabular-nums`}>
                <span className="font-semibold">{t.theirs.label}</span>
                {t.splits.map((s) => <div key={s.country} className="text-xs text-stone-500">{COUNTRY_NAMES[s.country]} {s.theirs}</div>)}
              </td>
              <td className={cell}>
                {t.scope}
                <div className="text-xs text-stone-500">Ours: {t.ourScope}</div>
              </td>
              <td className={`${cell} text-right tabular-nums`}>
                <span className="font-semibold">{t.ours.toLocaleString("en-US")}</span>
                <div className="text-xs text-stone-500">{t.oursConfirmed.toLocaleString("en-US")} confirmed by officials</div>
                {t.splits.map((s) => <div key={s.country} className="text-xs text-stone-500">{COUNTRY_NAMES[s.country]} {s.ours}</div>)}
              </td>
              <td className={`${cell} text-right tabular-nums`}>
                {signed(t.difference)}
                {t.splits.map((s) => <div key={s.country} className="text-xs text-stone-500">{signed(s.difference)}</div>)}
              </td>
              <td className={`${cell} min-w-64 text-stone-700`}>{t.why}</td>
              <td className={cell}>
                <a href={t.sourceUrl} rel="noopener noreferrer nofollow" target="_blank" className="text-blue-800 underline">
                  {t.sourcePublisher ?? "Source"}
                </a>
                {t.publishedOn && <div className="text-xs text-stone-500">{formatDay(t.publishedOn)}</div>}
              </td>
            </tr>
            {below && (
              <tr>
                <td colSpan={8} className="px-2 pb-2">{below(t)}</td>
              </tr>
            )}
          </tbody>
        ))}
      </table>
    </div>
  );
}
