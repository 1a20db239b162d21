"use client";

import { FIELD_TITLES, MAPPABLE_COLUMNS, REQUIRED_COLUMNS } from "@/lib/import/columns";
import { CLAIM_STATUS_FROM_CLAIMANTS, choicesFor, isCodedField, LIST_FIELDS, type ReferenceLists } from "@/lib/import/values";

/** For each field: the index of the file column feeding it, or "constant" (one value for every row); absent = not imported. */
export type FieldSources = ReadonlyMap<string, number | "constant">;

type Props = {
  header: readonly string[];
  sources: FieldSources;
  constants: ReadonlyMap<string, string>;
  references: ReferenceLists;
  onSource: (field: string, source: number | "constant" | null) => void;
  onConstant: (field: string, value: string) => void;
};

const control = "w-full rounded border border-stone-400 bg-white px-1 py-0.5";

/** The fields still lacking a column or a value for every row (names, for the message). */
export function unfilledFields(sources: FieldSources, constants: ReadonlyMap<string, string>): string[] {
  return REQUIRED_COLUMNS.filter((field) => {
    const source = sources.get(field);
    return source === undefined || (source === "constant" && !constants.get(field)?.trim());
  });
}

/** Step 1: each field with the file column suggested for it, or one value for every row. */
export function ImportColumns({ header, sources, constants, references, onSource, onConstant }: Props) {
  const required = new Set<string>(REQUIRED_COLUMNS);
  return (
    <table className="w-full bg-white text-sm" data-testid="import-mapping">
      <thead>
        <tr className="text-left">
          <th className="px-2 py-1">Field</th>
          <th className="px-2 py-1">Taken from</th>
          <th className="px-2 py-1">Value for every row</th>
        </tr>
      </thead>
      <tbody>
        {MAPPABLE_COLUMNS.map((field) => {
          const source = sources.get(field);
          const title = FIELD_TITLES[field as keyof typeof FIELD_TITLES];
          return (
            <tr key={field} className="border-t border-stone-200" data-field={field}>
              <td className="px-2 py-1 align-top">
                {title}
                {required.has(field) && <span className="text-red-900" title="required"> *</span>}
                <div className="font-mono text-xs text-stone-600">{field}</div>
              </td>
              <td className="px-2 py-1 align-top">
                <select
                  aria-label={`Column for ${title}`}
                  value={source === undefined ? "" : String(source)}
                  onChange={(e) => onSource(field, e.target.value === "" ? null : e.target.value === "constant" ? "constant" : Number(e.target.value))}
                  className={control}
                >
                  <option value="">— not imported —</option>
                  {header.map((name, k) => (
                    <option key={k} value={k} disabled={[...sources].some(([f, s]) => s === k && f !== field)}>
                      {name || `(column ${k + 1})`}
                    </option>
                  ))}
                  <option value="constant">Same value for every row</option>
                </select>
              </td>
              <td className="px-2 py-1 align-top">
                {source === "constant" && <ConstantInput field={field} title={title} value={constants.get(field) ?? ""} references={references} onChange={(v) => onConstant(field, v)} />}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function ConstantInput({ field, title, value, references, onChange }: { field: string; title: string; value: string; references: ReferenceLists; onChange: (value: string) => void }) {
  const label = `Value of ${title} for every row`;
  if (!isCodedField(field)) return <input aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} className={control} />;
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} className={control}>
      <option value="">{LIST_FIELDS.has(field) ? "— none —" : "— choose —"}</option>
      {field === "claim_status" && <option value={CLAIM_STATUS_FROM_CLAIMANTS}>Claimed when a claimant is named, else unclaimed</option>}
      {choicesFor(field, references).map((c) => (
        <option key={c.code} value={c.code}>{c.label}</option>
      ))}
    </select>
  );
}
