"use client";

import Link from "next/link";
import { useActionState, useEffect, useRef, useState } from "react";
import { Field, controlProps } from "@/components/ui/field";
import { discardDraftsAction, publishDraftsAction, type ReviewActionState } from "@/lib/actions/review";
import { ATTACK_TYPE_LABELS, COUNTRY_NAMES, label } from "@/lib/vocabulary";

// The queue's rows with their checkboxes and the bulk actions. The reviewer ticks drafts on this
// page (each sent with the version it shows, so a draft changed meanwhile is not overwritten) or
// chooses all that match the filter, confirms, and reads what happened in the panel that takes
// the focus. The server decides who may do what; the buttons only follow the same rules.

export type QueueRow = {
  id: string; reference: string; version: number; occurredOn: string; datePrecision: string; country: string; admin1: string | null;
  locationName: string; attackType: string; claimantName: string | null; createdAt: string; createdBy: string | null; batchFile: string | null;
};

type Props = {
  rows: QueueRow[];
  /** Shown instead of the table when no draft matches. */
  emptyMessage: string;
  /** Drafts matching the filter, on every page. */
  matching: number;
  /** The filter as URL parameters, and the moment the page was read: what "all matching" acts on. */
  filter: string;
  loadedAt: string;
  /** Most drafts one request may change. */
  limit: number;
  canPublish: boolean;
  canDiscard: boolean;
};

type Intent = "publish" | "discard";
const INITIAL: ReviewActionState = { ok: true };
const number = (n: number) => n.toLocaleString("en-US");
const drafts = (n: number) => `${number(n)} ${n === 1 ? "draft" : "drafts"}`;

export function ReviewQueue({ rows, emptyMessage, matching, filter, loadedAt, limit, canPublish, canDiscard }: Props) {
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const [isAllMatching, setAllMatching] = useState(false);
  const [confirming, setConfirming] = useState<Intent | null>(null);
  const [state, formAction, isPending] = useActionState(async (previous: ReviewActionState, formData: FormData) => {
    const intent = formData.get("intent");
    formData.delete("intent");
    const result = await (intent === "discard" ? discardDraftsAction : publishDraftsAction)(previous, formData);
    if (result.outcome) {
      setTicked(new Set());
      setAllMatching(false);
      setConfirming(null);
    }
    return result;
  }, INITIAL);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state !== INITIAL) resultRef.current?.focus();
  }, [state]);

  // A ticked draft that left the page (published, or changed: its version moved on) is no longer ticked.
  const key = (row: QueueRow) => `${row.id}:${row.version}`;
  const tickedRows = rows.filter((row) => ticked.has(key(row)));
  const isPageTicked = rows.length > 0 && tickedRows.length === rows.length;
  const chosen = isAllMatching ? matching : tickedRows.length;
  const isOverLimit = chosen > limit;

  const toggle = (row: QueueRow) => {
    setAllMatching(false);
    setConfirming(null);
    setTicked((current) => {
      const next = new Set(current);
      if (next.has(key(row))) next.delete(key(row));
      else next.add(key(row));
      return next;
    });
  };
  const togglePage = () => {
    setAllMatching(false);
    setConfirming(null);
    setTicked(isPageTicked ? new Set() : new Set(rows.map(key)));
  };
  // Ticked drafts go straight to the action; "all matching" and discarding ask once more.
  const start = (intent: Intent) => (event: React.MouseEvent<HTMLButtonElement>) => {
    if (isAllMatching || intent === "discard") {
      event.preventDefault();
      setConfirming(intent);
    }
  };
  const reasonError = state.fieldErrors?.reason?.[0];

  return (
    <div className="space-y-3">
      <ReviewResult state={state} resultRef={resultRef} />
      {(canPublish || canDiscard) && rows.length > 0 && (
        <form action={formAction} className="space-y-2 rounded border border-stone-300 bg-stone-50 p-3 text-sm" data-testid="review-bulk">
          {isAllMatching ? (
            <>
              <input type="hidden" name="scope" value="matching" />
              <input type="hidden" name="filter" value={filter} />
              <input type="hidden" name="loadedAt" value={loadedAt} />
              <input type="hidden" name="expected" value={matching} />
            </>
          ) : (
            <>
              <input type="hidden" name="scope" value="listed" />
              <input type="hidden" name="drafts" value={tickedRows.map(key).join(",")} />
            </>
          )}
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
            <p aria-live="polite" data-testid="review-chosen">
              {chosen === 0 ? "No drafts chosen." : isAllMatching ? `All ${drafts(matching)} matching the filter are chosen.` : `${drafts(chosen)} chosen on this page.`}
            </p>
            {isPageTicked && !isAllMatching && matching > rows.length && (
              <button type="button" className="text-blue-800 underline" onClick={() => { setAllMatching(true); setConfirming(null); }}>
                Choose all {drafts(matching)} matching the filter
              </button>
            )}
            {isAllMatching && (
              <button type="button" className="text-blue-800 underline" onClick={() => { setAllMatching(false); setConfirming(null); }}>
                Only the {drafts(tickedRows.length)} on this page
              </button>
            )}
          </div>
          {isOverLimit && (
            <p className="text-red-800" role="alert">At most {number(limit)} drafts can be changed at once; narrow the filter (a batch, a date range) first.</p>
          )}
          <div className="flex flex-wrap items-end gap-3">
            {canPublish && (
              <button type="submit" name="intent" value="publish" onClick={start("publish")} disabled={chosen === 0 || isOverLimit || isPending}
                className="rounded bg-green-800 px-3 py-1.5 text-white disabled:opacity-50">
                {isPending ? "Working…" : `Publish ${chosen ? drafts(chosen) : ""}`.trim()}
              </button>
            )}
            {canDiscard && (
              <>
                <div className="min-w-64 flex-1">
                  <Field label="Reason for discarding" name="reason" error={reasonError}>
                    <input type="text" {...controlProps("reason", reasonError)} maxLength={1000} className="mt-1 block w-full rounded border border-stone-400 bg-white px-2 py-1.5" />
                  </Field>
                </div>
                <button type="submit" name="intent" value="discard" onClick={start("discard")} disabled={chosen === 0 || isOverLimit || isPending}
                  className="rounded border border-red-800 px-3 py-1.5 text-red-800 disabled:opacity-50">
                  {`Discard ${chosen ? drafts(chosen) : ""}`.trim()}
                </button>
              </>
            )}
          </div>
          {confirming && (
            <div role="group" aria-labelledby="review-confirm-text" className="rounded border border-amber-500 bg-amber-50 p-3" data-testid="review-confirm">
              <p id="review-confirm-text" className="font-semibold">
                {confirming === "publish" ? "Publish" : "Discard"} {isAllMatching ? `all ${drafts(chosen)} that match the filter` : drafts(chosen)}
                {isAllMatching && chosen > rows.length ? `, including ${number(chosen - rows.length)} not shown on this page` : ""}?
                {confirming === "publish" ? " They will appear on the dashboard, in the API and in exports." : " They will be deleted; each one's history keeps a full copy and your reason."}
              </p>
              <div className="mt-2 flex gap-3">
                <button type="submit" name="intent" value={confirming} disabled={isPending} autoFocus
                  className={confirming === "publish" ? "rounded bg-green-800 px-3 py-1.5 text-white" : "rounded bg-red-800 px-3 py-1.5 text-white"}>
                  Yes, {confirming} {drafts(chosen)}
                </button>
                <button type="button" onClick={() => setConfirming(null)} className="underline">Cancel</button>
              </div>
            </div>
          )}
        </form>
      )}
      {rows.length === 0 ? (
        <p data-testid="no-drafts">{emptyMessage}</p>
      ) : (
        <div className="rounded border border-stone-300 bg-white">
          <table className="w-full text-left text-sm max-md:block" data-testid="drafts-table">
            <caption className="sr-only">Drafts matching the filter</caption>
            <thead className="bg-stone-100 text-stone-700 max-md:sr-only">
              <tr>
                <th scope="col" className="w-8 px-3 py-2">
                  {(canPublish || canDiscard) && (
                    <input type="checkbox" checked={isPageTicked} onChange={togglePage} aria-label="Choose every draft on this page" data-testid="review-tick-page" />
                  )}
                </th>
                <th scope="col" className="px-3 py-2">Reference</th>
                <th scope="col" className="px-3 py-2">Date</th>
                <th scope="col" className="px-3 py-2">Place</th>
                <th scope="col" className="px-3 py-2">Claimed by</th>
                <th scope="col" className="px-3 py-2">Type</th>
                <th scope="col" className="px-3 py-2">Created</th>
              </tr>
            </thead>
            <tbody className="max-md:block">
              {rows.map((row) => (
                <tr key={row.id} data-incident-id={row.id}
                  className="border-t border-stone-200 max-md:grid max-md:grid-cols-[2rem_1fr] max-md:gap-x-2 max-md:px-2 max-md:py-2 [&>td]:max-md:col-start-2 [&>td]:max-md:p-0">
                  <td className="px-3 py-2 max-md:col-start-1! max-md:row-span-6">
                    {(canPublish || canDiscard) && (
                      <input type="checkbox" checked={ticked.has(key(row))} onChange={() => toggle(row)} aria-label={`Choose ${row.reference}`} className="max-md:h-5 max-md:w-5" />
                    )}
                  </td>
                  <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">
                    <Link href={`/incidents/${row.id}`} className="text-blue-800 underline">{row.reference}</Link>
                  </td>
                  <td className="whitespace-nowrap px-3 py-2">
                    {row.occurredOn}{row.datePrecision !== "DAY" && <span className="text-stone-500"> ({row.datePrecision.toLowerCase()})</span>}
                  </td>
                  <td className="px-3 py-2 max-md:font-semibold">{row.locationName}</td>
                  <td className="px-3 py-2 max-md:text-stone-600">
                    {row.claimantName ?? <span className="text-stone-500">—<span className="md:hidden"> no claimant</span></span>}
                  </td>
                  <td className="px-3 py-2 max-md:text-stone-600">
                    {label(ATTACK_TYPE_LABELS, row.attackType)}
                    <span className="text-stone-500">, {row.admin1 ? `${row.admin1}, ` : ""}{COUNTRY_NAMES[row.country] ?? row.country}</span>
                  </td>
                  <td className="px-3 py-2 text-stone-600 max-md:text-xs">
                    {row.createdBy ?? "no account"}, {row.createdAt.slice(0, 16).replace("T", " ")} UTC
                    {row.batchFile && <span className="block text-xs text-stone-500">import “{row.batchFile}”</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** What the last action did, in words, with links to what it published. Takes the focus when it appears. */
function ReviewResult({ state, resultRef }: { state: ReviewActionState; resultRef: React.RefObject<HTMLDivElement | null> }) {
  if (state === INITIAL) return null;
  const { outcome } = state;
  const isProblem = !outcome || outcome.done.length === 0;
  return (
    <div ref={resultRef} tabIndex={-1} role={isProblem ? "alert" : "status"} data-testid="review-result"
      className={`space-y-1 rounded border p-3 text-sm ${isProblem ? "border-red-300 bg-red-50" : "border-green-300 bg-green-50"}`}>
      {!outcome ? (
        <p>{state.message}</p>
      ) : (
        <>
          <p className="font-semibold">
            {outcome.done.length === 0 ? `No drafts were ${outcome.verb}.` : `${outcome.verb === "published" ? "Published" : "Discarded"} ${drafts(outcome.done.length)}.`}
          </p>
          {outcome.verb === "published" && outcome.done.length > 0 && (
            <p>
              {outcome.done.slice(0, 10).map((d, i) => (
                <span key={d.id}>{i > 0 && ", "}<Link href={`/incidents/${d.id}`} className="font-mono text-xs text-blue-800 underline">{d.reference}</Link></span>
              ))}
              {outcome.done.length > 10 && ` and ${number(outcome.done.length - 10)} more`}
              {" · "}<Link href="/incidents" className="text-blue-800 underline">See the published incidents</Link>
            </p>
          )}
          {outcome.changed.length > 0 && (
            <p data-testid="review-result-changed">
              {drafts(outcome.changed.length)} not {outcome.verb}: {outcome.changed.length === 1 ? "it was" : "they were"} changed or added since you loaded the page
              ({outcome.changed.slice(0, 10).map((d) => d.reference).join(", ")}{outcome.changed.length > 10 ? ", …" : ""}). Review {outcome.changed.length === 1 ? "it" : "them"} again below.
            </p>
          )}
          {outcome.gone > 0 && <p>{drafts(outcome.gone)} had already been published or discarded by someone else.</p>}
        </>
      )}
    </div>
  );
}
