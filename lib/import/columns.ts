// Which column of an uploaded file feeds which field. Files in our own export layout
// (lib/export/columns.ts) and in the ACLED layout (lib/export/acled.ts) are recognised by their
// header; any other file is mapped by the editor, column by column, onto our export's columns.
// Unknown columns are ignored and listed in the preview; a missing required column refuses the file.
//
// No server-only: the upload page uses it to propose a mapping before sending the file.

import { ACLED_COLUMNS, type AcledColumnName } from "@/lib/export/acled";
import { INCIDENT_COLUMNS, type IncidentColumnName } from "@/lib/export/columns";
import { ImportFileError } from "./file";

export const IMPORT_LAYOUTS = ["standard", "acled", "custom"] as const;
export type ImportLayout = (typeof IMPORT_LAYOUTS)[number];

export const LAYOUT_LABELS: Record<ImportLayout, string> = {
  standard: "Attack Tracker export",
  acled: "ACLED export",
  custom: "columns mapped by hand",
};

/** Our columns an import never reads: they are assigned on import or derived from other columns. */
export const ASSIGNED_COLUMNS: ReadonlySet<IncidentColumnName> = new Set(["id", "reference", "site_name", "updated_at"]);

/** Every field the incident form requires (its code lists have no "empty" choice). */
export const REQUIRED_COLUMNS: readonly IncidentColumnName[] = [
  "occurred_on", "date_precision", "country", "location_name", "latitude", "longitude", "geo_precision",
  "target_type", "attack_type", "outcome", "claim_status", "confidence",
];

/** The columns a hand-made file can be mapped onto: ours, less the assigned ones. */
export const MAPPABLE_COLUMNS = INCIDENT_COLUMNS.map((c) => c.name).filter((name) => !ASSIGNED_COLUMNS.has(name));

const ACLED_REQUIRED: readonly AcledColumnName[] = ["event_date", "country", "location", "latitude", "longitude"];
const ACLED_READ: ReadonlySet<AcledColumnName> = new Set([
  "event_date", "time_precision", "sub_event_type", "actor1", "assoc_actor_2", "country", "iso", "admin1", "location",
  "latitude", "longitude", "geo_precision", "notes", "fatalities", "tags",
]);

/** How to read the file: for each field, the index of the column holding it. */
export type ColumnPlan =
  | { layout: "standard" | "custom"; columns: Map<IncidentColumnName, number>; header: string[]; ignored: string[] }
  | { layout: "acled"; columns: Map<AcledColumnName, number>; header: string[]; ignored: string[] };

/** The editor's choice: file column name → our column name ("" = not imported). */
export type ColumnMapping = Array<[fileColumn: string, field: string]>;

const isOurs = (name: string): name is IncidentColumnName => INCIDENT_COLUMNS.some((c) => c.name === name);
const isAcled = (name: string): name is AcledColumnName => ACLED_COLUMNS.some((c) => c.name === name);

/** "standard" or "acled" when the header is recognisably one of them, else null. */
export function detectLayout(header: readonly string[]): "standard" | "acled" | null {
  const names = new Set(header.map((h) => h.trim()));
  // Half our required names is our layout with some missing, which planColumns then names.
  if (REQUIRED_COLUMNS.filter((c) => names.has(c)).length * 2 >= REQUIRED_COLUMNS.length) return "standard";
  if (ACLED_REQUIRED.every((c) => names.has(c)) && names.has("event_id_cnty") && names.has("sub_event_type")) return "acled";
  return null;
}

const SYNONYMS: Record<string, IncidentColumnName> = {
  date: "occurred_on", event_date: "occurred_on", day: "occurred_on", time: "occurred_time",
  lat: "latitude", lon: "longitude", lng: "longitude", long: "longitude",
  place: "location_name", location: "location_name", province: "admin1", governorate: "admin1",
  weapon: "attack_type", killed: "killed_min", wounded: "wounded_min", sources: "source_urls", source: "source_urls", url: "source_urls",
};

/** A first guess for a hand-made file: our own names (any case, spaces for underscores), then a few common synonyms. */
export function suggestMapping(header: readonly string[]): ColumnMapping {
  const taken = new Set<string>();
  return header.map((raw) => {
    const key = raw.trim().toLowerCase().replace(/[\s-]+/g, "_");
    const guess = (MAPPABLE_COLUMNS as string[]).includes(key) ? key : Object.hasOwn(SYNONYMS, key) ? SYNONYMS[key]! : "";
    if (!guess || taken.has(guess)) return [raw, ""];
    taken.add(guess);
    return [raw, guess];
  });
}

/**
 * The plan for a header: the layout asked for (or detected when none is), with every required
 * field present. Refuses a header with a repeated name (which column would count?), a mapping that
 * names columns the file lacks or a field twice, and a missing required field.
 */
export function planColumns(header: readonly string[], request: { layout: ImportLayout | null; mapping: ColumnMapping | null }): ColumnPlan {
  const names = header.map((h) => h.trim());
  const seen = new Map<string, number>();
  names.forEach((name, k) => {
    const first = seen.get(name);
    if (first !== undefined) throw new ImportFileError(`The header names the column "${name.slice(0, 60)}" twice (columns ${first + 1} and ${k + 1}); rename one.`);
    seen.set(name, k);
  });
  const layout = request.layout ?? detectLayout(names);
  if (!layout) {
    throw new ImportFileError("The columns are neither our export's nor ACLED's; map each column to a field on the import page.");
  }
  const label = (name: string) => (name === "" ? "(unnamed column)" : name.slice(0, 60));

  if (layout === "acled") {
    const columns = new Map<AcledColumnName, number>();
    names.forEach((name, k) => {
      if (isAcled(name) && ACLED_READ.has(name)) columns.set(name, k);
    });
    const missing = ACLED_REQUIRED.filter((c) => !columns.has(c));
    if (missing.length) throw new ImportFileError(`The file lacks ACLED's required column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}.`);
    return { layout, columns, header: names, ignored: names.filter((n) => !columns.has(n as AcledColumnName)).map(label) };
  }

  const columns = new Map<IncidentColumnName, number>();
  if (layout === "standard") {
    names.forEach((name, k) => {
      if (isOurs(name) && !ASSIGNED_COLUMNS.has(name)) columns.set(name, k);
    });
  } else {
    for (const [fileColumn, field] of request.mapping ?? []) {
      if (field === "") continue;
      const index = seen.get(fileColumn.trim());
      if (index === undefined) throw new ImportFileError(`The mapping names a column "${label(fileColumn)}" that the file does not have.`, 400);
      if (!isOurs(field) || ASSIGNED_COLUMNS.has(field)) throw new ImportFileError(`"${field.slice(0, 60)}" is not a field an import can fill.`, 400);
      if (columns.has(field)) throw new ImportFileError(`Two columns are mapped to ${field}; map one.`, 400);
      columns.set(field, index);
    }
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.has(c));
  if (missing.length) {
    throw new ImportFileError(
      `The file has no column for the required field${missing.length > 1 ? "s" : ""} ${missing.join(", ")}` +
        (layout === "custom" ? "; map a column to each." : "; add them (our export's header names) or map the columns by hand."),
    );
  }
  const used = new Set(columns.values());
  return { layout, columns, header: names, ignored: names.filter((_, k) => !used.has(k)).map(label) };
}
