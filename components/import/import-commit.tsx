"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

type Props = { batchId: string; validCount: number; existingDuplicateCount: number };
type Progress = { done: number; total: number };

/** Import the staged rows as drafts or published, with the commit's progress as it streams in; or discard the file. */
export function ImportCommit({ batchId, validCount, existingDuplicateCount }: Props) {
  const router = useRouter();
  const [status, setStatus] = useState<"DRAFT" | "PUBLISHED">("DRAFT");
  const [skipDuplicates, setSkipDuplicates] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [imported, setImported] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const [isRefreshing, startRefresh] = useTransition();
  const count = validCount - (skipDuplicates ? existingDuplicateCount : 0);

  async function commit() {
    setBusy(true);
    setError(null);
    setProgress({ done: 0, total: count });
    try {
      const response = await fetch(`/api/import/${batchId}/commit`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ status, skipDuplicates }),
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
          const event = JSON.parse(line) as Partial<Progress> & { imported?: number; error?: string };
          if (event.error) throw new Error(event.error);
          if (event.imported !== undefined) setImported(event.imported);
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

  if (imported !== null) {
    return (
      <p role="status" className="rounded border border-green-700 bg-green-50 p-3 text-sm" data-testid="import-done">
        Imported {imported.toLocaleString("en")} incidents as {status === "DRAFT" ? "drafts" : "published"}.{" "}
        {/* No link while the refresh runs: a navigation started then could be overtaken by the refresh. */}
        {isRefreshing ? null : status === "DRAFT" ? <Link href="/review" className="text-blue-800 underline">Review the drafts</Link> : <Link href="/incidents" className="text-blue-800 underline">See the incidents</Link>}
      </p>
    );
  }
  return (
    <section aria-label="Import" className="space-y-3 rounded border border-stone-300 bg-stone-50 p-3" data-testid="import-commit">
      <fieldset className="flex flex-wrap gap-4 text-sm">
        <legend className="mb-1 font-semibold">Import the valid rows as</legend>
        <label><input type="radio" name="status" checked={status === "DRAFT"} onChange={() => setStatus("DRAFT")} /> drafts, for review</label>
        <label><input type="radio" name="status" checked={status === "PUBLISHED"} onChange={() => setStatus("PUBLISHED")} /> published incidents</label>
      </fieldset>
      {existingDuplicateCount > 0 && (
        <label className="block text-sm">
          <input type="checkbox" checked={skipDuplicates} onChange={(e) => setSkipDuplicates(e.target.checked)} /> Leave out the{" "}
          {existingDuplicateCount.toLocaleString("en")} rows that look like incidents already stored
        </label>
      )}
      <div className="flex flex-wrap gap-3">
        <button type="button" onClick={() => void commit()} disabled={isBusy || count === 0} className="rounded bg-green-800 px-3 py-1.5 text-sm text-white disabled:opacity-60" data-testid="import-commit-button">
          Import {count.toLocaleString("en")} rows
        </button>
        <button type="button" onClick={() => void discard()} disabled={isBusy} className="rounded border border-stone-400 px-3 py-1.5 text-sm disabled:opacity-60">
          Discard this file
        </button>
      </div>
      {progress && (
        <div role="status" className="space-y-1 text-sm">
          <progress value={progress.done} max={Math.max(progress.total, 1)} className="w-64" />
          <p>{progress.done.toLocaleString("en")} of {progress.total.toLocaleString("en")} rows written (in one transaction: nothing is kept unless all are)</p>
        </div>
      )}
      {error && <p role="alert" className="text-sm text-red-900" data-testid="import-commit-error">{error}</p>}
    </section>
  );
}
