"use client";

// Every problem of one save, at the top of the form, in the form's order. It takes the focus when
// it appears (and again on each failed save), so the keyboard and the screen reader start here;
// each entry links to its field and moves the focus into it.

import { useEffect, useRef } from "react";
import { fieldId } from "@/components/ui/field";
import { CLAIM_FIELD_LABELS, FIELD_LABELS } from "@/lib/vocabulary";

/** The incident form's fields, top to bottom. */
const FORM_ORDER = [
  "occurredOn", "occurredTime", "datePrecision", "site", "lat", "lon", "country", "admin1", "locationName", "locationNameAr", "geoPrecision",
  "targetType", "attackType", "outcome", "confidence", "confirmedBy", "killedMin", "killedMax", "woundedMin", "woundedMax", "notes",
  "claimStatus", "attributedTo", "claims", "sources", "confirmDuplicates", "form",
];
const CLAIM_ROW_ORDER = ["group", "statedOn", "channel", "status", "weaponClaimed", "targetClaimed", "url", "text", "textAr"];
const SOURCE_ROW_ORDER = ["url", "publisher", "kind", "title", "publishedOn", "language"];
const SOURCE_FIELD_LABELS: Record<string, string> = {
  url: "Web address", publisher: "Publisher", kind: "Kind", title: "Title", publishedOn: "Published on", language: "Language",
};
const CLAIM_LABELS: Record<string, string> = { ...CLAIM_FIELD_LABELS, group: "Claiming group", url: "Link", text: "Statement text" };

/** Where the field sits in the form, for sorting: [top-level position, row, position in the row]. */
function position(key: string): [number, number, number] {
  const [name = "", row, field] = key.split(".");
  const top = FORM_ORDER.indexOf(name);
  const within = (name === "claims" ? CLAIM_ROW_ORDER : SOURCE_ROW_ORDER).indexOf(field ?? "");
  return [top === -1 ? FORM_ORDER.length : top, row === undefined ? -1 : Number(row), within];
}

/** "Date", "Claim 2: Stated on", "Source 1: Web address"; null for the form as a whole. */
export function errorFieldLabel(key: string): string | null {
  if (key === "form") return null;
  const [name = "", row, field] = key.split(".");
  if (row !== undefined && field !== undefined && (name === "claims" || name === "sources")) {
    const labels = name === "claims" ? CLAIM_LABELS : SOURCE_FIELD_LABELS;
    return `${name === "claims" ? "Claim" : "Source"} ${Number(row) + 1}: ${labels[field] ?? field}`;
  }
  return FIELD_LABELS[key] ?? key;
}

export function ErrorSummary({ errors, title, round }: { errors: Record<string, string[]>; title: string; round: unknown }) {
  const ref = useRef<HTMLDivElement>(null);
  // `round` changes on every failed save, even one with the same errors: the focus comes back here.
  useEffect(() => ref.current?.focus(), [round]);
  const keys = Object.keys(errors).sort((a, b) => {
    const [pa, pb] = [position(a), position(b)];
    return pa[0] - pb[0] || pa[1] - pb[1] || pa[2] - pb[2];
  });
  return (
    <div
      ref={ref} role="alert" tabIndex={-1} aria-labelledby="error-summary-title" data-testid="form-message"
      className="rounded border-2 border-red-700 bg-red-50 p-3 text-red-900 focus:outline-3 focus:outline-offset-2 focus:outline-red-800"
    >
      <h2 id="error-summary-title" className="font-semibold">{title}</h2>
      <ul className="mt-2 list-disc space-y-1 pl-5 text-sm" data-testid="error-summary">
        {keys.map((key) => {
          const label = errorFieldLabel(key);
          const text = errors[key]!.join(" ");
          if (!label) return <li key={key}>{text}</li>;
          return (
            <li key={key}>
              <a
                href={`#${fieldId(key)}`} className="underline"
                onClick={(event) => {
                  const target = document.getElementById(fieldId(key));
                  if (!target) return;
                  event.preventDefault();
                  target.scrollIntoView({ block: "center" });
                  target.focus();
                }}
              >
                {label}: {text}
              </a>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
