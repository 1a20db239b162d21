import type { FieldChange, HistoryEntry } from "@/lib/data/incident-history";
import { FIELD_LABELS } from "@/lib/vocabulary";

const ACTION_WORDS: Record<string, string> = {
  CREATE: "Created as a draft", UPDATE: "Edited", PUBLISH: "Published", RETRACT: "Retracted", DELETE: "Deleted", IMPORT: "Imported",
};

/** Who changed what, when and why: one entry per save, its changed fields side by side. */
export function IncidentHistory({ entries }: { entries: HistoryEntry[] }) {
  if (entries.length === 0) {
    return <p className="text-sm text-stone-600">No changes recorded: this incident was loaded in bulk (demo data or an earlier import).</p>;
  }
  return (
    <ol className="space-y-3" data-testid="incident-history">
      {entries.map((entry) => (
        <li key={entry.id} className="rounded border border-stone-300 bg-white p-3 text-sm" data-testid="history-entry">
          <p>
            <span className="font-semibold">{ACTION_WORDS[entry.action] ?? entry.action}</span> by {entry.actor},{" "}
            <time dateTime={entry.at.toISOString()}>{entry.at.toISOString().slice(0, 16).replace("T", " ")} UTC</time>
          </p>
          {entry.reason && <p className="text-stone-700">Reason: {entry.reason}</p>}
          {entry.action === "CREATE" ? (
            <details className="mt-1"><summary className="cursor-pointer text-stone-600">Initial values</summary><ChangeTable changes={entry.changes} onlyAfter /></details>
          ) : (
            entry.changes.length > 0 && <ChangeTable changes={entry.changes} />
          )}
        </li>
      ))}
    </ol>
  );
}

function ChangeTable({ changes, onlyAfter = false }: { changes: FieldChange[]; onlyAfter?: boolean }) {
  return (
    <table className="mt-2 w-full table-fixed text-left">
      <thead className="text-xs text-stone-500">
        <tr><th className="w-1/5 font-semibold">Field</th>{!onlyAfter && <th className="font-semibold">Before</th>}<th className="font-semibold">{onlyAfter ? "Value" : "After"}</th></tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr key={change.field} className="border-t border-stone-200 align-top" data-field={change.field}>
            <td className="py-1 pr-2 text-xs font-semibold">{FIELD_LABELS[change.field] ?? change.field}</td>
            {!onlyAfter && <td className="break-words py-1 pr-2 text-red-900">{show(change.before)}</td>}
            <td className="break-words py-1 text-green-900">{show(change.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Values as text (React escapes it); claim and source rows as one line each. */
function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) {
    if (value.length === 0) return "none";
    return value.map((row: Record<string, unknown>) => ("group" in row ? `${row.group} (${row.statedOn})` : String(row.url))).join("; ");
  }
  return String(value);
}
