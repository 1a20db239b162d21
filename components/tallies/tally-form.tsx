"use client";

import { useRef } from "react";
import { createTallyAction, updateTallyAction } from "@/lib/actions/tallies";
import type { TallyRecord } from "@/lib/data/tallies";
import { COUNT_QUALIFIER_LABELS, CreateTallySchema, TALLY_RULE_LABELS, UpdateTallySchema } from "@/lib/validation/tally";
import { described, Field, FormMessage, inputClass, useRecordForm } from "./record-form";
import { COUNT_QUALIFIERS, TALLY_RULES } from "@/lib/codes";

/** Add a published tally, or (with `tally`) correct one; the version guards against a lost update. */
export function TallyForm({ tally }: { tally?: TallyRecord }) {
  const formRef = useRef<HTMLFormElement>(null);
  const form = useRecordForm(tally ? updateTallyAction : createTallyAction, tally ? UpdateTallySchema : CreateTallySchema, formRef, { resetOnSave: !tally });
  // Ids unique on a page with one form per tally.
  const id = (name: string) => `tally-${tally?.key ?? "new"}-${name}`;
  const attrs = (name: string) => ({ name, ...described(id(name), form.errorOf(name)) });
  const field = (name: string, label: string, input: React.ReactNode, className?: string) => (
    <Field id={id(name)} label={label} error={form.errorOf(name)} className={className}>{input}</Field>
  );

  return (
    <form ref={formRef} onSubmit={form.onSubmit} noValidate className="space-y-3" data-testid={tally ? `edit-tally-${tally.key}` : "new-tally"}>
      {tally && (
        <>
          <input type="hidden" name="id" value={tally.id} />
          <input type="hidden" name="version" value={tally.version} />
        </>
      )}
      <div className="grid gap-3 md:grid-cols-4">
        {tally
          ? field("key", "Key", <p id={id("key")} className="mt-1 py-1.5 font-mono text-sm">{tally.key}</p>)
          : field("key", "Key (e.g. pentagon-2024-02-04)", <input className={inputClass} {...attrs("key")} />)}
        {field("publisher", "Publisher", <input className={inputClass} defaultValue={tally?.publisher} {...attrs("publisher")} />)}
        {field("asOf", "As of", <input type="date" className={inputClass} defaultValue={tally?.asOf} {...attrs("asOf")} />)}
        {field("rule", "Counting rule", (
          <select className={inputClass} defaultValue={tally?.rule ?? "PENTAGON"} {...attrs("rule")}>
            {TALLY_RULES.map((r) => <option key={r} value={r}>{TALLY_RULE_LABELS[r]}</option>)}
          </select>
        ))}
        {field("qualifier", "Worded as", (
          <select className={inputClass} defaultValue={tally?.qualifier ?? "EXACT"} {...attrs("qualifier")}>
            {COUNT_QUALIFIERS.map((q) => <option key={q} value={q}>{COUNT_QUALIFIER_LABELS[q]}</option>)}
          </select>
        ))}
        {field("count", "Count", <input inputMode="numeric" className={inputClass} defaultValue={tally?.count} {...attrs("count")} />)}
        {field("countIraq", "Of which Iraq (optional)", <input inputMode="numeric" className={inputClass} defaultValue={tally?.countIraq ?? ""} {...attrs("countIraq")} />)}
        {field("countSyria", "Of which Syria (optional)", <input inputMode="numeric" className={inputClass} defaultValue={tally?.countSyria ?? ""} {...attrs("countSyria")} />)}
        {field("countJordan", "Of which Jordan (optional)", <input inputMode="numeric" className={inputClass} defaultValue={tally?.countJordan ?? ""} {...attrs("countJordan")} />)}
        {field("scope", "What is counted, where, from when", <input className={inputClass} defaultValue={tally?.scope} {...attrs("scope")} />, "md:col-span-3")}
        {field("sourceUrl", "Source address", <input type="url" className={inputClass} defaultValue={tally?.sourceUrl} {...attrs("sourceUrl")} />, "md:col-span-2")}
        {field("sourcePublisher", "Source publisher (optional)", <input className={inputClass} defaultValue={tally?.sourcePublisher ?? ""} {...attrs("sourcePublisher")} />)}
        {field("publishedOn", "Published on (optional)", <input type="date" className={inputClass} defaultValue={tally?.publishedOn ?? ""} {...attrs("publishedOn")} />)}
      </div>
      <FormMessage ok={form.ok} message={form.message} />
      {form.errorOf("form") && <p className="text-sm text-red-800">{form.errorOf("form")}</p>}
      <button type="submit" disabled={form.isPending} className="rounded bg-blue-800 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-60">
        {form.isPending ? "Saving…" : tally ? "Save correction" : "Add tally"}
      </button>
    </form>
  );
}
