"use client";

import { type FormEvent, useId } from "react";
import type { GroupSummary, SiteSummary } from "@/lib/dashboard/types";
import { ATTACK_TYPES, CLAIM_LEDGER_STATUSES, CLAIM_STATUSES, CONFIDENCES, CONFIRMATIONS, OUTCOMES, readIncidentFilters } from "@/lib/filters";
import {
  ATTACK_TYPE_LABELS, CLAIM_STATEMENT_STATUS_LABELS, CLAIM_STATUS_LABELS, CONFIDENCE_LABELS, CONFIRMATION_LABELS, COUNTRY_NAMES, label,
  OUTCOME_LABELS,
} from "@/lib/vocabulary";
import { useFilterNavigation } from "./use-filter-navigation";

/**
 * The dashboard's filter form. It holds no state of its own: its fields start from the URL and
 * submitting navigates to the new URL. Without JavaScript it is a plain GET form that does the same.
 */
export function FilterBar({ groups, sites }: { groups: GroupSummary[]; sites: SiteSummary[] }) {
  const { filters, update, replaceAll, isPending } = useFilterNavigation();
  const id = useId();
  // Remount the fields whenever the URL's filter changes, so they always show what is applied.
  const formKey = JSON.stringify(filters);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const params = new URLSearchParams();
    for (const [key, value] of data.entries()) if (typeof value === "string" && value !== "") params.append(key, value);
    const { filters: next } = readIncidentFilters(params);
    replaceAll(next);
  }

  const field = "block w-full rounded border border-stone-300 bg-white px-2 py-1 text-sm";
  const caption = "mb-1 block text-xs font-semibold text-stone-600";
  const multi = (name: string, values: readonly string[], labelOf: (v: string) => string, selected: readonly string[] = []) => (
    <select id={`${id}-${name}`} name={name} multiple defaultValue={selected as string[]} className={`${field} h-24`}>
      {values.map((v) => (
        <option key={v} value={v}>
          {labelOf(v)}
        </option>
      ))}
    </select>
  );

  return (
    <form key={formKey} onSubmit={onSubmit} method="get" aria-label="Filters" className="rounded border border-stone-300 bg-white p-3" data-testid="filter-bar">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-6">
        <div>
          <label htmlFor={`${id}-from`} className={caption}>From (event date)</label>
          <input id={`${id}-from`} name="from" type="date" defaultValue={filters.from ?? ""} className={field} />
        </div>
        <div>
          <label htmlFor={`${id}-to`} className={caption}>To</label>
          <input id={`${id}-to`} name="to" type="date" defaultValue={filters.to ?? ""} className={field} />
        </div>
        <div className="col-span-2">
          <label htmlFor={`${id}-q`} className={caption}>Search (place, notes, sources, groups; Arabic too)</label>
          <input id={`${id}-q`} name="q" type="search" maxLength={200} defaultValue={filters.q ?? ""} className={field} />
        </div>
        <div>
          <label htmlFor={`${id}-country`} className={caption}>Country</label>
          <select id={`${id}-country`} name="country" defaultValue={filters.country?.[0] ?? ""} className={field}>
            <option value="">All</option>
            {Object.entries(COUNTRY_NAMES).map(([code, name]) => (
              <option key={code} value={code}>{name}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-minKilled`} className={caption}>At least killed</label>
          <input id={`${id}-minKilled`} name="minKilled" type="number" min={0} step={1} defaultValue={filters.minKilled ?? ""} className={field} />
        </div>
        <div className="col-span-2">
          <label htmlFor={`${id}-claimant`} className={caption}>Claimant (a parent includes its façade groups)</label>
          {multi("claimant", groups.map((g) => g.slug), (slug) => {
            const g = groups.find((x) => x.slug === slug)!;
            return g.parentSlug ? `— ${g.name}` : g.name;
          }, filters.claimant)}
        </div>
        <div>
          <label htmlFor={`${id}-type`} className={caption}>Attack type</label>
          {multi("type", ATTACK_TYPES, (v) => label(ATTACK_TYPE_LABELS, v), filters.type)}
        </div>
        <div>
          <label htmlFor={`${id}-outcome`} className={caption}>Outcome</label>
          {multi("outcome", OUTCOMES, (v) => label(OUTCOME_LABELS, v), filters.outcome)}
        </div>
        <div>
          <label htmlFor={`${id}-confidence`} className={caption}>Confidence</label>
          {multi("confidence", CONFIDENCES, (v) => label(CONFIDENCE_LABELS, v), filters.confidence)}
        </div>
        <div>
          <label htmlFor={`${id}-claimStatus`} className={caption}>Claim status</label>
          {multi("claimStatus", CLAIM_STATUSES, (v) => label(CLAIM_STATUS_LABELS, v), filters.claimStatus)}
        </div>
        <div>
          <label htmlFor={`${id}-confirmation`} className={caption}>Confirmation</label>
          {multi("confirmation", CONFIRMATIONS, (v) => label(CONFIRMATION_LABELS, v), filters.confirmation)}
        </div>
        <div>
          <label htmlFor={`${id}-claimLedger`} className={caption}>Has a claim that is</label>
          {multi("claimLedger", CLAIM_LEDGER_STATUSES, (v) => label(CLAIM_STATEMENT_STATUS_LABELS, v), filters.claimLedger)}
        </div>
        <div className="col-span-2">
          <label htmlFor={`${id}-site`} className={caption}>Target site</label>
          {multi("site", sites.map((s) => s.slug), (slug) => sites.find((s) => s.slug === slug)!.name, filters.site)}
        </div>
        <div>
          <label htmlFor={`${id}-admin1`} className={caption}>Province</label>
          <input id={`${id}-admin1`} name="admin1" defaultValue={filters.admin1?.join(", ") ?? ""} className={field} />
        </div>
      </div>
      {filters.bbox && <input type="hidden" name="bbox" value={filters.bbox.join(",")} />}
      <div className="mt-3 flex items-center gap-3">
        <button type="submit" className="rounded bg-stone-800 px-3 py-1.5 text-sm font-semibold text-white">
          Apply filters
        </button>
        <button type="button" onClick={() => replaceAll({})} className="rounded border border-stone-400 px-3 py-1.5 text-sm">
          Clear all
        </button>
        {filters.bbox && (
          <button type="button" onClick={() => update({ bbox: undefined })} className="rounded border border-stone-400 px-3 py-1.5 text-sm">
            Clear map area
          </button>
        )}
        {isPending && <span role="status" className="text-sm text-stone-600">Updating…</span>}
      </div>
    </form>
  );
}
