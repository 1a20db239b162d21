// Which column of an uploaded file feeds which field. Files in our own export layout
// (lib/export/columns.ts) and in the ACLED layout (lib/export/acled.ts) are recognised by their
// header; any other file is mapped by the editor onto our export's columns: a column for a field,
// or one value for every row, and what each value of a coded column means (lib/import/values.ts).
// Unknown columns are ignored and listed in the preview; a required field with neither a column
// nor a value refuses the file.
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

/** Our columns an import never reads: they are assigned on import or derived from other columns (names from slugs). */
const ASSIGNED = ["id", "reference", "site_name", "claimant_names", "credited_claimant_name", "attributed_group_name", "updated_at"] as const;
export const ASSIGNED_COLUMNS: ReadonlySet<IncidentColumnName> = new Set(ASSIGNED);

/** Every field the incident form requires (its code lists have no "empty" choice). */
export const REQUIRED_COLUMNS: readonly IncidentColumnName[] = [
  "occurred_on", "date_precision", "country", "location_name", "latitude", "longitude", "geo_precision",
  "target_type", "attack_type", "outcome", "claim_status", "confidence",
];

/** The columns a hand-made file can be mapped onto: ours, less the assigned ones. */
export const MAPPABLE_COLUMNS = INCIDENT_COLUMNS.map((c) => c.name).filter((name) => !ASSIGNED_COLUMNS.has(name));

/** What each of those columns is called on the mapping step (the form's words). */
export const FIELD_TITLES: Record<Exclude<IncidentColumnName, (typeof ASSIGNED)[number]>, string> = {
  occurred_on: "Date", occurred_time: "Local time", date_precision: "Date precision", country: "Country", admin1: "Province",
  location_name: "Place name", location_name_ar: "Place name (Arabic)", latitude: "Latitude", longitude: "Longitude",
  geo_precision: "Location precision", site: "Site", target_type: "Target type", attack_type: "Weapon", outcome: "Outcome",
  claim_status: "Claim status", claimants: "Claimed by", credited_claimant: "Credited claimant", attributed_group: "Assessed perpetrator",
  killed_min: "Killed, at least", killed_max: "Killed, at most", wounded_min: "Wounded, at least", wounded_max: "Wounded, at most",
  confidence: "Confidence", confirmed_by: "Confirmed by", source_urls: "Source links", notes: "Notes", is_synthetic: "Demo data (true/false)",
};

const ACLED_REQUIRED: readonly AcledColumnName[] = ["event_date", "country", "location", "latitude", "longitude"];
const ACLED_READ: ReadonlySet<AcledColumnName> = new Set([
  "event_date", "time_precision", "sub_event_type", "actor1", "assoc_actor_2", "country", "iso", "admin1", "location",
  "latitude", "longitude", "geo_precision", "notes", "fatalities", "tags",
]);

/** How to read the file: for each field, the index of the column holding it. */
export type ColumnPlan =
  | {
      layout: "standard" | "custom";
      columns: Map<IncidentColumnName, number>;
      /** Fields no column feeds that take one value for every row (custom layout only). */
      constants: Map<IncidentColumnName, string>;
      /** Field → value as written (trimmed) → the code it stands for (custom layout only). */
      values: Map<IncidentColumnName, Map<string, string>>;
      header: string[];
      ignored: string[];
    }
  | { layout: "acled"; columns: Map<AcledColumnName, number>; header: string[]; ignored: string[] };

/** The editor's choices beyond the column mapping (lib/import/values.ts checks their codes). */
export type ValueChoices = { constants: ReadonlyArray<readonly [string, string]>; values: ReadonlyArray<readonly [string, string, string]> };

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

/** Other sheets' names for our columns, compared as `headerName` writes them. */
const SYNONYMS: Record<string, IncidentColumnName> = {
  date: "occurred_on", event_date: "occurred_on", day: "occurred_on", when: "occurred_on", time: "occurred_time",
  lat: "latitude", lon: "longitude", lng: "longitude", long: "longitude",
  place: "location_name", location: "location_name", where: "location_name",
  province: "admin1", governorate: "admin1", region: "admin1",
  weapon: "attack_type", type: "attack_type", attack: "attack_type", method: "attack_type",
  claimed_by: "claimants", claimant: "claimants", claimants: "claimants", group: "claimants", perpetrator: "claimants", responsible: "claimants",
  killed: "killed_min", deaths: "killed_min", dead: "killed_min", fatalities: "killed_min",
  wounded: "wounded_min", injured: "wounded_min", injuries: "wounded_min",
  details: "notes", description: "notes", notes: "notes", comments: "notes", summary: "notes",
  sources: "source_urls", source: "source_urls", source_url: "source_urls", url: "source_urls", urls: "source_urls", link: "source_urls", links: "source_urls",
  target: "target_type", result: "outcome",
};

/** A header name as compared: case, spaces and punctuation aside ("Claimed by", "claimed-by" and "CLAIMED_BY" are one). */
const headerName = (raw: string) => raw.trim().toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");

/** A first guess for a hand-made file: our own names (any case or punctuation), then common synonyms; each field once. */
export function suggestMapping(header: readonly string[]): ColumnMapping {
  const keys = header.map(headerName);
  const fields: string[] = keys.map((key) => ((MAPPABLE_COLUMNS as string[]).includes(key) ? key : ""));
  // Our own names first, so that a synonym never takes a field a column is named for.
  const taken = new Set(fields.filter(Boolean));
  keys.forEach((key, k) => {
    const synonym = Object.hasOwn(SYNONYMS, key) ? SYNONYMS[key]! : "";
    if (!fields[k] && synonym && !taken.has(synonym)) {
      fields[k] = synonym;
      taken.add(synonym);
    }
  });
  return header.map((raw, k) => [raw, fields[k]!]);
}

/**
 * The plan for a header: the layout asked for (or detected when none is), with every required
 * field present. Refuses a header with a repeated name (which column would count?), a mapping that
 * names columns the file lacks or a field twice, and a missing required field.
 */
export function planColumns(
  header: readonly string[],
  request: { layout: ImportLayout | null; mapping: ColumnMapping | null; choices?: ValueChoices | null },
): ColumnPlan {
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
  const constants = new Map<IncidentColumnName, string>();
  const values = new Map<IncidentColumnName, Map<string, string>>();
  const isFillable = (field: string): field is IncidentColumnName => isOurs(field) && !ASSIGNED_COLUMNS.has(field);
  if (layout === "standard") {
    names.forEach((name, k) => {
      if (isFillable(name)) columns.set(name, k);
    });
  } else {
    for (const [fileColumn, field] of request.mapping ?? []) {
      if (field === "") continue;
      const index = seen.get(fileColumn.trim());
      if (index === undefined) throw new ImportFileError(`The mapping names a column "${label(fileColumn)}" that the file does not have.`, 400);
      if (!isFillable(field)) throw new ImportFileError(`"${field.slice(0, 60)}" is not a field an import can fill.`, 400);
      if (columns.has(field)) throw new ImportFileError(`Two columns are mapped to ${field}; map one.`, 400);
      columns.set(field, index);
    }
    for (const [field, value] of request.choices?.constants ?? []) {
      if (!isFillable(field)) throw new ImportFileError(`"${field.slice(0, 60)}" is not a field an import can fill.`, 400);
      if (columns.has(field)) throw new ImportFileError(`${field} has both a column and a value for every row; choose one.`, 400);
      constants.set(field, value);
    }
    for (const [field, value, code] of request.choices?.values ?? []) {
      if (!isFillable(field)) throw new ImportFileError(`"${field.slice(0, 60)}" is not a field an import can fill.`, 400);
      let map = values.get(field);
      if (!map) values.set(field, (map = new Map()));
      map.set(value.trim(), code);
    }
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.has(c) && !constants.has(c));
  if (missing.length) {
    throw new ImportFileError(
      `The file has no column for the required field${missing.length > 1 ? "s" : ""} ${missing.join(", ")}` +
        (layout === "custom" ? "; map a column to each, or give each one value for every row." : "; add them (our export's header names) or map the columns by hand."),
    );
  }
  const used = new Set(columns.values());
  return { layout, columns, constants, values, header: names, ignored: names.filter((_, k) => !used.has(k)).map(label) };
}
