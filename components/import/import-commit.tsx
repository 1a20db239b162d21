"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ImportPreview } from "@/lib/data/incident-import";

type Props = {
  batchId: string;
  validCount: number;
  existingDuplicateCount: number;
  /** The first rows like stored incidents (the preview's list), each of which the editor may include. */
  existingDuplicates: ImportPreview["existingDuplicates"];
};
type Progress = { done: number; total: number };

const cell = "px-3 py-1.5 align-top";

/**
 * Import the staged rows as drafts or published, with the commit's progress as it streams in; or
 * discard the file. Rows like stored incidents are left out unless the editor includes them, one
 * by one or all at once: re-importing a file adds nothing by default.
 */
export function ImportCommit({ batchId, validCount, existingDuplicateCount, existingDuplicates }: Props) {
  const router = useRouter();
  const [status, setStatus] = useState<"DRAFT" | "PUBLISHED">("DRAFT");
  const [includeAll, setIncludeAll] = useState(false);
  const [included, setIncluded] = useState<ReadonlySet<number>>(new Set());
  const [progress, setProgress] = useState<Progress | null>(null);
  const [outcome, setOutcome] = useState<{ imported: number; leftOut: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const [isRefreshing, startRefresh] = useTransition();
  const leftOut = includeAll ? 0 : existingDuplicateCount - included.size;
  const count = validCount - leftOut;

  async function commit() {
    setBusy(true);
    setError(null);
    setProgress({ done: 0, total: count });
    try {
      const response = await fetch(`/api/import/${batchId}/commit`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ status, includeDuplicates: includeAll ? "all" : [...included] }),
      });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => ({}))) as { error?: string };
        throw new Error(body.error ?? `The import failed (HTTP ${response.status}); nothing was written.`);
      }
      // One JSON object per line: progress, then the outcome.
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffered = "";
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffered += value;
        const lines = buffered.split("\n");
        buffered = lines.pop()!;
        for (const line of lines.filter(Boolean)) {
          const event = JSON.parse(line) as Partial<Progress> & { imported?: number; leftOut?: number; error?: string };
          if (event.error) throw new Error(event.error);
          if (event.imported !== undefined) setOutcome({ imported: event.imported, leftOut: event.leftOut ?? 0 });
          else if (event.done !== undefined && event.total !== undefined) setProgress({ done: event.done, total: event.total });
        }
      }
      // The page then renders the committed batch from the server, replacing this component.
      startRefresh(() => router.refresh());
    } catch (e) {
      setError((e as Error).message);
      setProgress(null);
    } finally {
      setBusy(false);
    }
  }

  async function discard() {
    setBusy(true);
    await fetch(`/api/import/${batchId}`, { method: "DELETE" });
    router.push("/import");
  }

  if (outcome !== null) {
    return (
      <p role="status" className="rounded border border-green-700 bg-green-50 p-3 text-sm" data-testid="import-done">
        <ImportedCounts imported={outcome.imported} leftOut={outcome.leftOut} status={status} />{" "}
        {/* No link while the refresh runs: a navigation started then could be overtaken by the refresh. */}
        {isRefreshing ? null : status === "DRAFT" ? <Link href="/review" className="text-blue-800 underline">Review the drafts</Link> : <Link href="/incidents" className="text-blue-800 underline">See the incidents</Link>}
      </p>
    );
  }
  const toggle = (rowNumber: number, isIncluded: boolean) => {
    const next = new Set(included);
    if (isIncluded) next.add(rowNumber);
    else next.delete(rowNumber);
    setIncluded(next);
  };
  return (
    <>
      <section aria-label="Import" className="space-y-3 rounded border border-stone-300 bg-stone-50 p-3" data-testid="import-commit">
        <fieldset className="flex flex-wrap gap-4 text-sm">
          <legend className="mb-1 font-semibold">Import the valid rows as</legend>
          <label><input type="radio" name="status" checked={status === "DRAFT"} onChange={() => setStatus("DRAFT")} /> drafts, for review</label>
          <label><input type="radio" name="status" checked={status === "PUBLISHED"} onChange={() => setStatus("PUBLISHED")} /> published incidents</label>
        </fieldset>
        {existingDuplicateCount > 0 && (
          <div className="space-y-1 text-sm">
            <p data-testid="import-left-out">
              {leftOut > 0
                ? `${leftOut.toLocaleString("en")} of the ${existingDuplicateCount.toLocaleString("en")} rows that look like incidents already stored are left out.`
                : `All ${existingDuplicateCount.toLocaleString("en")} rows that look like incidents already stored are included.`}
            </p>
            <label className="block">
              <input type="checkbox" checked={includeAll} onChange={(e) => setIncludeAll(e.target.checked)} data-testid="import-include-all" /> Import them all anyway
            </label>
          </div>
        )}
        <div className="flex flex-wrap gap-3">
          <button type="button" onClick={() => void commit()} disabled={isBusy || count === 0} className="rounded bg-green-800 px-3 py-1.5 text-sm text-white disabled:opacity-60" data-testid="import-commit-button">
            Import {count.toLocaleString("en")} rows
          </button>
          <button type="button" onClick={() => void discard()} disabled={isBusy} className="rounded border border-stone-400 px-3 py-1.5 text-sm disabled:opacity-60">
            Discard this file
          </button>
        </div>
        {count === 0 && validCount > 0 && <p className="text-sm text-stone-600">Nothing to import: every valid row looks like a stored incident. Include the ones that are new.</p>}
        {progress && (
          <div role="status" className="space-y-1 text-sm">
            <progress value={progress.done} max={Math.max(progress.total, 1)} className="w-64" />
            <p>{progress.done.toLocaleString("en")} of {progress.total.toLocaleString("en")} rows written (in one transaction: nothing is kept unless all are)</p>
          </div>
        )}
        {error && <p role="alert" className="text-sm text-red-900" data-testid="import-commit-error">{error}</p>}
      </section>

      {existingDuplicates.length > 0 && (
        <section className="space-y-2">
          <h2 className="text-lg font-semibold">Rows like incidents already stored ({existingDuplicateCount.toLocaleString("en")}, left out unless included)</h2>
          <p className="text-sm text-stone-600">Within a day and 10 km, or at the same site, as the form checks. Up to 10 are listed per row, nearest first; one on the row&apos;s own day and point always among them. Tick a row to import it anyway.</p>
          <table className="w-full border-collapse bg-white text-sm" data-testid="import-duplicates">
            <thead><tr className="text-left"><th className={cell}>Import</th><th className={cell}>Row</th><th className={cell}>Row&apos;s date and place</th><th className={cell}>Stored incidents</th></tr></thead>
            <tbody>
              {existingDuplicates.map((d) => (
                <tr key={d.rowNumber} className="border-t border-stone-200">
                  <td className={cell}>
                    <input type="checkbox" aria-label={`Import row ${d.rowNumber} anyway`} checked={includeAll || included.has(d.rowNumber)} disabled={includeAll} onChange={(e) => toggle(d.rowNumber, e.target.checked)} />
                  </td>
                  <td className={cell}>{d.rowNumber}</td>
                  <td className={cell}>{d.incident.occurredOn}, {d.incident.locationName}</td>
                  <td className={cell}>
                    {d.matches.map((m) => (
                      <span key={m.id} className="mr-3 inline-block">
                        <Link href={`/incidents/${m.id}`} className="font-mono text-xs text-blue-800 underline">{m.reference}</Link> {m.occurredOn}, {m.locationName},{" "}
                        {m.sameSite ? "same site" : `${m.distanceKm} km`}
                      </span>
                    ))}
                    {d.hasMore && <span className="text-stone-600">and more</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {existingDuplicateCount > existingDuplicates.length && (
            <p className="text-sm text-stone-600">… and {(existingDuplicateCount - existingDuplicates.length).toLocaleString("en")} more (included only with “Import them all anyway”).</p>
          )}
        </section>
      )}
    </>
  );
}

/** "Imported 3 incidents as drafts; 2 rows like stored incidents were left out." */
export function ImportedCounts({ imported, leftOut, status }: { imported: number; leftOut: number; status: string }) {
  return (
    <>
      Imported {imported.toLocaleString("en")} incidents as {status === "DRAFT" ? "drafts" : "published"}
      {leftOut > 0 ? `; ${leftOut.toLocaleString("en")} rows like incidents already stored were left out.` : "."}
    </>
  );
}
