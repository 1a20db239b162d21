import type { FieldChange, HistoryEntry } from "@/lib/data/incident-history";
import {
  ATTACK_TYPE_LABELS, CLAIM_FIELD_LABELS, CLAIM_STATEMENT_STATUS_LABELS, CLAIM_STATUS_LABELS, CONFIDENCE_LABELS, COUNTRY_NAMES,
  DATE_PRECISION_EXPLAINED, FIELD_LABELS, GEO_PRECISION_EXPLAINED, label, OUTCOME_LABELS, PUBLICATION_STATUS_LABELS, SOURCE_KIND_LABELS,
  TARGET_TYPE_LABELS,
} from "@/lib/vocabulary";

const ACTION_WORDS: Record<string, string> = {
  CREATE: "Created as a draft", UPDATE: "Edited", PUBLISH: "Published", RETRACT: "Retracted", DELETE: "Deleted", IMPORT: "Imported",
};

/** The fields history stores as codes, and the words to show for them. */
const CODE_LABELS: Partial<Record<string, Record<string, string>>> = {
  status: PUBLICATION_STATUS_LABELS, attackType: ATTACK_TYPE_LABELS, outcome: OUTCOME_LABELS, confidence: CONFIDENCE_LABELS,
  claimStatus: CLAIM_STATUS_LABELS, targetType: TARGET_TYPE_LABELS, country: COUNTRY_NAMES,
  datePrecision: DATE_PRECISION_EXPLAINED,
  // "Exact site: the coordinates are …" → "Exact site"
  geoPrecision: Object.fromEntries(Object.entries(GEO_PRECISION_EXPLAINED).map(([code, text]) => [code, text.split(":")[0]!])),
};

/** Group and site slugs to names: history stores the claimant, the assessed perpetrator, claim rows and the site by slug. */
export type HistoryNames = { groups: Readonly<Record<string, string>>; sites: Readonly<Record<string, string>> };
type GroupNames = HistoryNames["groups"];

/** Who changed what, when and why: one entry per save, its changed fields side by side. */
export function IncidentHistory({ entries, names }: { entries: HistoryEntry[]; names: HistoryNames }) {
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
            <details className="mt-1">
              <summary className="cursor-pointer text-stone-600">Initial values</summary>
              <ChangeTable changes={entry.changes} names={names} onlyAfter />
            </details>
          ) : (
            entry.changes.length > 0 && <ChangeTable changes={entry.changes} names={names} />
          )}
        </li>
      ))}
    </ol>
  );
}

function ChangeTable({ changes, names, onlyAfter = false }: { changes: FieldChange[]; names: HistoryNames; onlyAfter?: boolean }) {
  return (
    <table className="mt-2 w-full table-fixed text-left">
      <thead className="text-xs text-stone-500">
        <tr><th className="w-1/5 font-semibold">Field</th>{!onlyAfter && <th className="font-semibold">Before</th>}<th className="font-semibold">{onlyAfter ? "Value" : "After"}</th></tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr key={change.field} className="border-t border-stone-200 align-top" data-field={change.field}>
            <td className="py-1 pr-2 text-xs font-semibold">{FIELD_LABELS[change.field] ?? change.field}</td>
            {!onlyAfter && <td className="break-words py-1 pr-2 text-red-900">{showHistoryValue(change.field, change.before, names)}</td>}
            <td className="break-words py-1 text-green-900">{showHistoryValue(change.field, change.after, names)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A stored value in words, as the form and the incident page show it (React escapes it): codes as
 * their labels, slugs as names, lists one item a line.
 */
export function showHistoryValue(field: string, value: unknown, names: HistoryNames): React.ReactNode {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) {
    if (value.length === 0) return "none";
    if (field === "claims") return <ClaimRows rows={value as StoredClaim[]} groupNames={names.groups} />;
    if (field === "sources") {
      return value.map((row: Record<string, unknown>) => `${String(row.url)}${row.kind ? ` (${label(SOURCE_KIND_LABELS, String(row.kind))})` : ""}`).join("; ");
    }
    return value.map(String).join(", "); // confirmedBy: names
  }
  const labels = field === "site" ? names.sites : field === "attributedTo" ? names.groups : CODE_LABELS[field];
  return labels && typeof value === "string" ? label(labels, value) : String(value);
}

/** A claim row as history stores it; entries from before the ledger lack its fields. */
type StoredClaim = {
  id?: string; group?: string; statedOn?: string; channel?: string | null; url?: string | null; text?: string | null;
  status?: string; supersededBy?: string | null; weaponClaimed?: string | null; targetClaimed?: string | null; textAr?: string | null;
};

function ClaimRows({ rows, groupNames }: { rows: StoredClaim[]; groupNames: GroupNames }) {
  const groupName = (slug: string | undefined) => (slug ? (groupNames[slug] ?? slug) : "unknown group");
  return (
    <ul className="space-y-1">
      {rows.map((row, index) => {
        const replacedBy = row.supersededBy ? rows.find((other) => other.id === row.supersededBy) : undefined;
        const status = row.status
          ? `${label(CLAIM_STATEMENT_STATUS_LABELS, row.status)}${replacedBy ? ` by ${groupName(replacedBy.group)} (${replacedBy.statedOn})` : ""}`
          : null;
        const details: Array<[keyof typeof CLAIM_FIELD_LABELS, string | null | undefined]> = [
          ["weaponClaimed", row.weaponClaimed ? label(ATTACK_TYPE_LABELS, row.weaponClaimed) : null],
          ["targetClaimed", row.targetClaimed], ["channel", row.channel], ["url", row.url], ["text", row.text],
        ];
        return (
          <li key={row.id ?? index}>
            {groupName(row.group)} ({row.statedOn}){status && ` · ${status}`}
            {details.filter(([, v]) => v).map(([f, v]) => <span key={f}> · {CLAIM_FIELD_LABELS[f]}: {v}</span>)}
            {row.textAr && <> · {CLAIM_FIELD_LABELS.textAr}: <span dir="rtl" lang="ar">{row.textAr}</span></>}
          </li>
        );
      })}
    </ul>
  );
}
