"use client";

import { useState } from "react";
import { FIELD_TITLES } from "@/lib/import/columns";
import { type CodedField, choicesFor, OPTIONAL_CODED_FIELDS, type ReferenceLists } from "@/lib/import/values";

/** A distinct value of a coded column and how many rows hold it. */
export type FoundValue = { value: string; rows: number };
/** Per field: the distinct values found (most frequent first), and whether more were left unlisted. */
export type FoundValues = ReadonlyMap<CodedField, { values: FoundValue[]; isCut: boolean }>;
/** Per field: value as written → code ("" = none); a value absent is not mapped (its rows are reported). */
export type ValueMaps = ReadonlyMap<CodedField, ReadonlyMap<string, string>>;

type Props = { found: FoundValues; maps: ValueMaps; references: ReferenceLists; onChoose: (field: CodedField, value: string, code: string | null) => void };

const PAGE = 20;
/** Distinct values listed per field: a column of unique texts mapped to codes is a wrong mapping, not work to do. */
export const MAX_DISTINCT = 5_000;
const NOT_MAPPED = "\u0000";

/** Step 2: each distinct value of each coded column, with its row count and the code it stands for. */
export function ImportValues({ found, maps, references, onChoose }: Props) {
  if (found.size === 0) return <p className="text-sm text-stone-600">No mapped column holds coded values: nothing to map.</p>;
  return (
    <div className="space-y-4" data-testid="import-values">
      {[...found].map(([field, { values, isCut }]) => (
        <FieldValues key={field} field={field} values={values} isCut={isCut} map={maps.get(field) ?? new Map()} references={references} onChoose={onChoose} />
      ))}
    </div>
  );
}

type FieldProps = { field: CodedField; values: FoundValue[]; isCut: boolean; map: ReadonlyMap<string, string>; references: ReferenceLists; onChoose: Props["onChoose"] };

/** One field's values, a page at a time, with a search: a column of 1,000 names stays one screen. */
function FieldValues({ field, values, isCut, map, references, onChoose }: FieldProps) {
  const [search, setSearch] = useState("");
  const [onlyUnmapped, setOnlyUnmapped] = useState(false);
  const [shown, setShown] = useState(PAGE);
  const choices = choicesFor(field, references);
  const title = FIELD_TITLES[field];
  const unmapped = values.filter((v) => !map.has(v.value));
  const needle = search.trim().toLowerCase();
  const listed = (onlyUnmapped ? unmapped : values).filter((v) => !needle || v.value.toLowerCase().includes(needle));
  return (
    <section className="space-y-2 rounded border border-stone-300 bg-white p-2" data-testid={`import-values-${field}`} aria-label={`Values of ${title}`}>
      <h3 className="font-semibold">
        {title} <span className="font-normal text-stone-600">— {values.length.toLocaleString("en")}{isCut ? "+" : ""} distinct values, {unmapped.length.toLocaleString("en")} not mapped</span>
      </h3>
      {values.length > PAGE && (
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <input type="search" aria-label={`Search the values of ${title}`} placeholder="Search values" value={search} onChange={(e) => { setSearch(e.target.value); setShown(PAGE); }} className="rounded border border-stone-400 px-1 py-0.5" />
          <label><input type="checkbox" checked={onlyUnmapped} onChange={(e) => { setOnlyUnmapped(e.target.checked); setShown(PAGE); }} /> only those not mapped</label>
        </div>
      )}
      <table className="w-full text-sm">
        <thead><tr className="text-left"><th className="px-2 py-1">Value in the file</th><th className="px-2 py-1">Rows</th><th className="px-2 py-1">Stands for</th></tr></thead>
        <tbody>
          {listed.slice(0, shown).map(({ value, rows }) => {
            const code = map.get(value);
            return (
              <tr key={value} className={`border-t border-stone-200 ${code === undefined ? "bg-amber-50" : ""}`}>
                <td className="px-2 py-1 font-mono text-xs">{value}</td>
                <td className="px-2 py-1">{rows.toLocaleString("en")}</td>
                <td className="px-2 py-1">
                  <select
                    aria-label={`${title}: ${value}`}
                    value={code ?? NOT_MAPPED}
                    onChange={(e) => onChoose(field, value, e.target.value === NOT_MAPPED ? null : e.target.value)}
                    className="w-full rounded border border-stone-400 bg-white px-1 py-0.5"
                  >
                    <option value={NOT_MAPPED}>— not mapped: its rows are reported —</option>
                    {OPTIONAL_CODED_FIELDS.has(field) && <option value="">none (leave empty)</option>}
                    {choices.map((c) => <option key={c.code} value={c.code}>{c.label}</option>)}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {listed.length > shown && (
        <button type="button" onClick={() => setShown(shown + PAGE)} className="text-sm text-blue-800 underline">
          Show {Math.min(PAGE, listed.length - shown)} more of {(listed.length - shown).toLocaleString("en")}
        </button>
      )}
      {isCut && <p className="text-sm text-stone-600">Only the first {MAX_DISTINCT.toLocaleString("en")} distinct values found are listed; the others are read as written (a code or a label).</p>}
    </section>
  );
}
