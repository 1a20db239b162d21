"use client";

// Shown beside the Save button when someone saved the incident while this editor was editing and
// both changed the same fields. For each such field: the value both started from, the other
// save's and this editor's, as people read them; the editor picks one per field and saves again.
// Everything else merges on its own: their other changes stay, this editor's other changes apply.

import { useEffect, useRef } from "react";
import Link from "next/link";
import type { IncidentFormState } from "@/lib/actions/incident-form-state";
import type { MergeChoice } from "@/lib/data/incident-writes";
import { FIELD_LABELS } from "@/lib/vocabulary";

type Conflict = NonNullable<IncidentFormState["conflict"]>;

export const CHOICE_INPUT_PREFIX = "merge-choice-";

export function ConflictPanel({ id, conflict, message, choices, onChoose, missing, startedFrom }: {
  id?: string; conflict: Conflict; message?: string; choices: Partial<Record<string, MergeChoice>>;
  onChoose: (field: string, choice: MergeChoice) => void;
  /** fields the editor tried to save without choosing for */
  missing: string[];
  startedFrom: number;
}) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), [conflict]);
  const conflictFields = new Set(conflict.conflicts.map((c) => c.field));
  const othersMerged = conflict.changedFields.filter((f) => !conflictFields.has(f) && f !== "status" && f !== "retractionReason");
  return (
    <section
      ref={ref} tabIndex={-1} aria-labelledby="conflict-heading" data-testid="edit-conflict"
      className="space-y-3 rounded border-2 border-amber-600 bg-amber-50 p-4 text-stone-900 focus:outline-3 focus:outline-offset-2 focus:outline-amber-700"
    >
      <h2 id="conflict-heading" className="text-lg font-semibold">Someone saved this incident while you were editing</h2>
      {message && <p role="alert">{message}</p>}
      {conflict.problem && <p className="font-semibold text-red-900">{conflict.problem}</p>}
      {conflict.conflicts.length === 0 ? (
        <p className="text-sm">
          They changed: {conflict.changedFields.length ? conflict.changedFields.map((f) => FIELD_LABELS[f] ?? f).join(", ") : "the status or version"}.{" "}
          <Link href={`/incidents/${id}`} target="_blank" rel="noopener" className="underline">Open the current version</Link> and reload this form.
        </p>
      ) : (
        <>
          <p className="text-sm">
            You started from version {startedFrom}; version {conflict.currentVersion} is now saved. Choose a value for each field you both
            changed, then save. {othersMerged.length ? `Their other changes (${othersMerged.map((f) => FIELD_LABELS[f] ?? f).join(", ")}) stay, and your other changes are applied.` : "Your other changes are applied."}{" "}
            <Link href={`/incidents/${id}`} target="_blank" rel="noopener" className="underline">Open version {conflict.currentVersion}</Link>
          </p>
          {conflict.conflicts.map((c) => {
            const options: Array<[MergeChoice, string, string]> = [
              ["theirs", `Keep version ${conflict.currentVersion} (theirs)`, c.theirs],
              ["mine", "Keep yours", c.mine],
              ...(c.base === null ? [] : [["base", `Go back to version ${startedFrom} (where you both started)`, c.base] as [MergeChoice, string, string]]),
            ];
            const unchosen = missing.includes(c.field);
            return (
              <fieldset
                key={c.field} className="rounded border border-amber-400 bg-white p-3" data-testid={`conflict-${c.field}`}
                aria-describedby={unchosen ? `conflict-missing-${c.field}` : undefined}
              >
                <legend className="px-1 font-semibold">{c.label}</legend>
                {unchosen && <p id={`conflict-missing-${c.field}`} className="text-sm text-red-800">Choose a value for {c.label}.</p>}
                <div className="space-y-1 text-sm">
                  {options.map(([choice, title, value]) => (
                    <label key={choice} className="flex items-start gap-2">
                      <input
                        type="radio" name={`${CHOICE_INPUT_PREFIX}${c.field}`} value={choice} checked={choices[c.field] === choice}
                        onChange={() => onChoose(c.field, choice)} className="mt-1"
                      />
                      <span><span className="font-semibold">{title}:</span> {value}</span>
                    </label>
                  ))}
                </div>
              </fieldset>
            );
          })}
        </>
      )}
    </section>
  );
}
