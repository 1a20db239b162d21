"use client";

import { type FormEvent, useId, useRef, useSyncExternalStore } from "react";
import { MultiSelect } from "@/components/ui/multi-select";
import type { GroupSummary, SiteSummary } from "@/lib/dashboard/types";
import { CONFIRMATIONS, readIncidentFilters } from "@/lib/filters";
import {
  ATTACK_TYPE_LABELS, CLAIM_STATEMENT_STATUS_LABELS, CLAIM_STATUS_LABELS, CONFIDENCE_LABELS, CONFIRMATION_LABELS, COUNTRY_NAMES, label,
  OUTCOME_LABELS,
} from "@/lib/vocabulary";
import { filterChips } from "./filter-chips";
import { claimantOptions, codeOptions, siteOptions } from "./filter-options";
import { localToday, quickRanges } from "./quick-ranges";
import { useFilterNavigation } from "./use-filter-navigation";
import { ATTACK_TYPES, CLAIM_STATEMENT_STATUSES, CLAIM_STATUSES, CONFIDENCES, OUTCOMES } from "@/lib/codes";

type FilterSite = Pick<SiteSummary, "slug" | "name" | "nameAr" | "country">;

/** Where the form sits inline; below it, in a drawer. Matches the `md` breakpoint of the classes below. */
const INLINE_FORM_QUERY = "(width >= 48rem)";

function subscribeToWidth(onChange: () => void) {
  const query = window.matchMedia(INLINE_FORM_QUERY);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

/**
 * The filter form. From a tablet up it sits above the results; on a phone it is a drawer (a modal
 * dialog, so focus stays inside and Escape closes it) behind a "Filters (n)" button, which leaves
 * the first screen to the summary and the map. The form holds no state of its own: its fields start
 * from the URL and applying navigates to the new URL. Without JavaScript it is a plain GET form.
 */
export function FilterBar({ groups, sites }: { groups: GroupSummary[]; sites: FilterSite[] }) {
  const { filters } = useFilterNavigation();
  // The server renders the inline form (hidden on a phone by CSS); on a phone the drawer takes over once hydrated.
  const isInline = useSyncExternalStore(subscribeToWidth, () => window.matchMedia(INLINE_FORM_QUERY).matches, () => true);
  const drawer = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const headingId = useId();
  const applied = filterChips(filters, { groups: [], sites: [] }).length;
  // Remounted whenever the URL's filter changes, so the fields always show what is applied.
  const form = <FilterForm key={JSON.stringify(filters)} groups={groups} sites={sites} onApply={() => drawer.current?.close()} />;

  return (
    <>
      <button
        ref={opener}
        type="button"
        aria-haspopup="dialog"
        onClick={() => drawer.current?.showModal()}
        className="min-h-11 rounded border border-stone-400 bg-white px-4 text-sm font-semibold md:hidden"
      >
        Filters{applied > 0 ? ` (${applied})` : ""}
      </button>
      {isInline ? (
        <div className="hidden md:block">{form}</div>
      ) : (
        <dialog ref={drawer} aria-labelledby={headingId} className="filter-drawer" onClose={() => opener.current?.focus()}>
          <div className="mb-3 flex items-center justify-between">
            <h2 id={headingId} className="text-lg font-semibold">Filters</h2>
            <button type="button" onClick={() => drawer.current?.close()} className="min-h-11 rounded border border-stone-400 px-4 text-sm">
              Close
            </button>
          </div>
          {form}
        </dialog>
      )}
    </>
  );
}

function FilterForm({ groups, sites, onApply }: { groups: GroupSummary[]; sites: FilterSite[]; onApply: () => void }) {
  const { filters, replaceAll, isPending } = useFilterNavigation();
  const id = useId();
  const from = useRef<HTMLInputElement>(null);
  const to = useRef<HTMLInputElement>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const params = new URLSearchParams();
    for (const [key, value] of data.entries()) if (typeof value === "string" && value !== "") params.append(key, value);
    replaceAll(readIncidentFilters(params).filters);
    onApply();
  }

  /** Sets the dates and applies the form, with whatever else was changed in it. */
  function applyRange(range: { from: string; to?: string }) {
    from.current!.value = range.from;
    to.current!.value = range.to ?? "";
    from.current!.form!.requestSubmit();
  }

  const field = "block w-full rounded border border-stone-300 bg-white px-2 py-1 text-sm pointer-coarse:py-2.5";
  const caption = "mb-1 block text-xs font-semibold text-stone-600";
  const button = "min-h-8 rounded border border-stone-400 px-3 py-1 text-sm pointer-coarse:min-h-11";
  const codes = (values: readonly string[], labels: Record<string, string>) => codeOptions(values, (v) => label(labels, v));

  return (
    <form onSubmit={onSubmit} method="get" aria-label="Filters" className="rounded border border-stone-300 bg-white p-3" data-testid="filter-bar">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 md:grid-cols-4 lg:grid-cols-6">
        <div>
          <label htmlFor={`${id}-from`} className={caption}>From (event date)</label>
          <input ref={from} id={`${id}-from`} name="from" type="date" defaultValue={filters.from ?? ""} className={field} />
        </div>
        <div>
          <label htmlFor={`${id}-to`} className={caption}>To</label>
          <input ref={to} id={`${id}-to`} name="to" type="date" defaultValue={filters.to ?? ""} className={field} />
        </div>
        <div role="group" aria-labelledby={`${id}-ranges`} className="sm:col-span-2">
          <span id={`${id}-ranges`} className={caption}>Quick ranges</span>
          <div className="flex flex-wrap gap-1.5">
            {quickRanges(localToday()).map((range, index) => (
              // Today is read again on click: a page left open overnight must not apply yesterday's week.
              <button key={range.label} type="button" onClick={() => applyRange(quickRanges(localToday())[index]!)} className={button}>
                {range.label}
              </button>
            ))}
          </div>
        </div>
        <div className="sm:col-span-2">
          <label htmlFor={`${id}-q`} className={caption}>Search (place, notes, sources, groups; Arabic too)</label>
          <input id={`${id}-q`} name="q" type="search" maxLength={200} defaultValue={filters.q ?? ""} className={field} />
        </div>
        <div className="sm:col-span-2">
          <MultiSelect label="Claimant (a parent includes its façade groups)" name="claimant" options={claimantOptions(groups)} defaultValue={filters.claimant} />
        </div>
        <MultiSelect label="Country" name="country" options={codes(Object.keys(COUNTRY_NAMES), COUNTRY_NAMES)} defaultValue={filters.country} />
        <MultiSelect label="Attack type" name="type" options={codes(ATTACK_TYPES, ATTACK_TYPE_LABELS)} defaultValue={filters.type} />
        <MultiSelect label="Outcome" name="outcome" options={codes(OUTCOMES, OUTCOME_LABELS)} defaultValue={filters.outcome} />
        <div>
          <label htmlFor={`${id}-minKilled`} className={caption}>At least killed</label>
          <input id={`${id}-minKilled`} name="minKilled" type="number" min={0} step={1} defaultValue={filters.minKilled ?? ""} className={field} />
        </div>
        <MultiSelect label="Confidence" name="confidence" options={codes(CONFIDENCES, CONFIDENCE_LABELS)} defaultValue={filters.confidence} />
        <MultiSelect label="Claim status" name="claimStatus" options={codes(CLAIM_STATUSES, CLAIM_STATUS_LABELS)} defaultValue={filters.claimStatus} />
        <MultiSelect label="Confirmation" name="confirmation" options={codes(CONFIRMATIONS, CONFIRMATION_LABELS)} defaultValue={filters.confirmation} />
        <MultiSelect label="Has a claim that is" name="claimLedger" options={codes(CLAIM_STATEMENT_STATUSES, CLAIM_STATEMENT_STATUS_LABELS)} defaultValue={filters.claimLedger} />
        <div className="sm:col-span-2">
          <MultiSelect label="Target site" name="site" options={siteOptions(sites)} defaultValue={filters.site} />
        </div>
        <div>
          <label htmlFor={`${id}-admin1`} className={caption}>Province</label>
          <input id={`${id}-admin1`} name="admin1" defaultValue={filters.admin1?.join(", ") ?? ""} className={field} />
        </div>
      </div>
      {filters.bbox && <input type="hidden" name="bbox" value={filters.bbox.join(",")} />}
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button type="submit" className="min-h-8 rounded bg-stone-800 px-3 py-1.5 text-sm font-semibold text-white pointer-coarse:min-h-11">
          Apply filters
        </button>
        {isPending && <span role="status" className="text-sm text-stone-600">Updating…</span>}
      </div>
    </form>
  );
}
