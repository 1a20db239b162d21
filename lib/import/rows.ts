// One data row of an uploaded file → the incident form's input, checked by the form's own rules
// (lib/validation/incident.ts, through its many-row checker), so an imported row obeys exactly what
// the form obeys and a bad one gets the form's message, named by its row and the file's column.
// Every problem of a row is reported in one pass; a coded value that fits no choice names the
// valid ones. Coded cells may be written as a code or a label (groups and sites also by name or
// alias); for a hand-made file, the editor's value mapping and values for every row come first.
//
// From our export: claimants become claim statements dated on the incident's day (the export
// carries no claim dates, channels or texts), the credited claimant's first; source URLs become
// sources of kind OTHER (publisher, title, date and language are not exported). The formula guard
// our export adds (a leading apostrophe) is taken off again.
//
// No server-only: pure functions.

import { ACLED_CONSTANTS, ACLED_COUNTRIES, ACLED_EVENT_TYPES, type AcledColumnName } from "@/lib/export/acled";
import type { IncidentColumnName } from "@/lib/export/columns";
import { restoreFormula } from "@/lib/export/csv";
import { type IncidentCheck, type IncidentInput, incidentChecker } from "@/lib/validation/incident";
import { FIELD_LABELS } from "@/lib/vocabulary";
import type { ColumnPlan } from "./columns";
import { ImportFileError } from "./file";
import {
  CLAIM_STATUS_FROM_CLAIMANTS, CODED_FIELD_NOUNS, CODED_FIELDS, type CodedField, choiceIndex, chooseFrom, fixedChoices,
  isCodedField, isReferenceField, LIST_FIELDS, OPTIONAL_CODED_FIELDS, valueKey,
} from "./values";

/** A staged row as the commit reads it: the form's input and whether it is demo data. */
export type ImportedIncident = IncidentInput & { isSynthetic: boolean };

export type CellProblem = { column: string; value: string; message: string };
export type CheckedRow = { ok: true; incident: ImportedIncident } | { ok: false; problems: CellProblem[] };

/** The sites and groups a file may name (slugs), and their names for ACLED's name columns. */
export type ImportReferences = {
  siteSlugs: ReadonlySet<string>;
  groupSlugs: ReadonlySet<string>;
  /** Site name as valueKey writes it → slug and the site's target type. */
  sitesByName: ReadonlyMap<string, { slug: string; type: string }>;
  /** Group name or alias as valueKey writes it → slug. */
  groupsByName: ReadonlyMap<string, string>;
};

/** Where a field's value came from in the file, for messages: the file's column (our name, or ACLED's) and its cell. */
type Cells = Map<IncidentColumnName, { value: string; column: string }>;

/** Fields whose cells are codes of a fixed list (the schema's enums and the countries). */
const CODE_COLUMNS: ReadonlySet<IncidentColumnName> = new Set([
  "date_precision", "geo_precision", "target_type", "attack_type", "outcome", "claim_status", "confidence", "country",
]);
/** Every way a cell may write each coded field's values → the code: code and label; a group's slug, name or alias; a site's slug or name. */
type ValueIndexes = Map<CodedField, ReadonlyMap<string, string>>;

function valueIndexes(refs: ImportReferences): ValueIndexes {
  const bySlug = (slugs: ReadonlySet<string>, byName: Iterable<[string, string]>) =>
    new Map([...byName, ...[...slugs].map((slug) => [valueKey(slug), slug] as [string, string])]);
  const groups = bySlug(refs.groupSlugs, refs.groupsByName);
  return new Map(CODED_FIELDS.map((field) => {
    if (field === "site") return [field, bySlug(refs.siteSlugs, [...refs.sitesByName].map(([name, s]) => [name, s.slug]))];
    return [field, isReferenceField(field) ? groups : choiceIndex(fixedChoices(field), { withGuesses: false })];
  }));
}

/** Whether a field has this code ("" is "none" for the fields that may be empty). */
function isKnownCode(field: CodedField, code: string, refs: ImportReferences): boolean {
  if (code === "") return OPTIONAL_CODED_FIELDS.has(field);
  if (field === "site") return refs.siteSlugs.has(code);
  if (isReferenceField(field)) return refs.groupSlugs.has(code);
  return fixedChoices(field).some((c) => c.code === code);
}

/**
 * Refuses value mappings and values for every row that name a code the field does not have,
 * naming the value: the editor's choices are checked before any row is.
 */
export function checkChoices(plan: ColumnPlan, refs: ImportReferences): void {
  if (plan.layout === "acled") return;
  const refuse = (what: string, field: CodedField, code: string) => {
    throw new ImportFileError(
      `${what} is mapped to "${code.slice(0, 100)}", which is not a known ${CODED_FIELD_NOUNS[field]} (${field}); ${chooseFrom(field)}.`,
      400,
    );
  };
  for (const [field, byValue] of plan.values) {
    if (!isCodedField(field)) throw new ImportFileError(`${field} is not a coded field; its values cannot be mapped.`, 400);
    for (const [value, code] of byValue) if (!isKnownCode(field, code, refs)) refuse(`The value "${value.slice(0, 100)}" of ${field}`, field, code);
  }
  for (const [field, value] of plan.constants) {
    if (!isCodedField(field) || (field === "claim_status" && value === CLAIM_STATUS_FROM_CLAIMANTS)) continue;
    const codes = LIST_FIELDS.has(field) ? splitList(value, ";") : [value];
    for (const code of codes) if (!isKnownCode(field, code, refs)) refuse(`The value for every row of ${field}`, field, code);
  }
}

/** Form field (first segment of a zod issue path) → our column. */
const FIELD_COLUMNS: Record<string, IncidentColumnName> = {
  occurredOn: "occurred_on", occurredTime: "occurred_time", datePrecision: "date_precision", country: "country", admin1: "admin1",
  locationName: "location_name", locationNameAr: "location_name_ar", lat: "latitude", lon: "longitude", geoPrecision: "geo_precision",
  site: "site", targetType: "target_type", attackType: "attack_type", outcome: "outcome", killedMin: "killed_min", killedMax: "killed_max",
  woundedMin: "wounded_min", woundedMax: "wounded_max", claimStatus: "claim_status", attributedTo: "attributed_group",
  confidence: "confidence", confirmedBy: "confirmed_by", notes: "notes", claims: "claimants", sources: "source_urls",
};

/** The reader for one plan: cells of a data row → the checked row. */
export function rowChecker(plan: ColumnPlan, refs: ImportReferences): (cells: string[]) => CheckedRow {
  const width = plan.header.length;
  const checkIncident = incidentChecker();
  const known = valueIndexes(refs);
  const values = plan.layout === "acled" ? new Map<IncidentColumnName, Map<string, string>>() : plan.values;
  return (cells) => {
    if (cells.length !== width) {
      return { ok: false, problems: [{ column: "(row)", value: "", message: `The row has ${cells.length} cells where the header has ${width}.` }] };
    }
    const read: Cells = plan.layout === "acled" ? fromAcled(plan.columns, cells, refs) : fromOurs(plan, cells);
    return checkCells(read, refs, known, values, checkIncident);
  };
}

/** Our layout by name; a hand-made file by its mapping (named by its own columns), then its values for every row. */
function fromOurs(plan: Extract<ColumnPlan, { layout: "standard" | "custom" }>, cells: string[]): Cells {
  const read: Cells = new Map();
  for (const [name, index] of plan.columns) read.set(name, { value: cells[index]!, column: plan.layout === "custom" ? plan.header[index]! : name });
  for (const [name, value] of plan.constants) read.set(name, { value, column: `${name} (every row)` });
  return read;
}

function checkCells(
  read: Cells, refs: ImportReferences, known: ValueIndexes, values: ReadonlyMap<IncidentColumnName, ReadonlyMap<string, string>>,
  checkIncident: (input: Record<string, unknown>) => IncidentCheck,
): CheckedRow {
  const raw = (name: IncidentColumnName) => read.get(name)?.value ?? "";
  const columnOf = (name: IncidentColumnName) => read.get(name)?.column ?? name;
  /** A coded value as its code: the editor's mapping of it, else its code or label; as written when neither fits. */
  const resolve = (name: CodedField, written: string) => {
    const value = written.trim();
    const mapped = values.get(name)?.get(value);
    if (mapped !== undefined) return mapped;
    return value === "" ? "" : (known.get(name)!.get(valueKey(restoreFormula(value))) ?? restoreFormula(value));
  };
  const cell = (name: IncidentColumnName) => (isCodedField(name) && !LIST_FIELDS.has(name) ? resolve(name, raw(name)) : restoreFormula(raw(name)));
  const problems: CellProblem[] = [];
  const problem = (name: IncidentColumnName, message: string, value = raw(name)) => problems.push({ column: columnOf(name), value, message });
  const notKnown = (name: CodedField, value: string) =>
    `${columnOf(name)} ${value.trim() ? `'${value.trim().slice(0, 100)}' is not a known ${CODED_FIELD_NOUNS[name]}` : "is empty"}: ${chooseFrom(name)}.`;

  const occurredOn = cell("occurred_on").trim();
  const claimants = [...new Set(splitList(raw("claimants"), ";").map((item) => resolve("claimants", item)).filter(Boolean))];
  // Groups and sites are checked here, before the schema, so that every problem of the row comes at once.
  for (const group of claimants) if (!refs.groupSlugs.has(group)) problem("claimants", notKnown("claimants", group), group);
  const credited = cell("credited_claimant");
  for (const [name, slugs] of [["credited_claimant", refs.groupSlugs], ["attributed_group", refs.groupSlugs], ["site", refs.siteSlugs]] as const) {
    const value = cell(name);
    if (value && !slugs.has(value)) problem(name, notKnown(name, value));
  }
  if (credited && refs.groupSlugs.has(credited) && !claimants.includes(credited)) problem("credited_claimant", "The credited claimant must be one of the claimants.");
  // The credited claimant's statement is created first: with equal dates, the earlier one is credited.
  if (credited) claimants.sort((a, b) => Number(b === credited) - Number(a === credited));
  const claimStatus = cell("claim_status");
  const withReferenceProblems = new Set(problems.map((p) => p.column));

  const parsed = checkIncident({
    occurredOn, occurredTime: cell("occurred_time"), datePrecision: cell("date_precision"), country: cell("country"),
    admin1: cell("admin1"), locationName: cell("location_name"), locationNameAr: cell("location_name_ar"),
    lat: cell("latitude"), lon: cell("longitude"), geoPrecision: cell("geo_precision"), site: cell("site"),
    targetType: cell("target_type"), attackType: cell("attack_type"), outcome: cell("outcome"),
    killedMin: cell("killed_min"), killedMax: cell("killed_max"), woundedMin: cell("wounded_min"), woundedMax: cell("wounded_max"),
    claimStatus: claimStatus === CLAIM_STATUS_FROM_CLAIMANTS ? (claimants.length ? "CLAIMED" : "UNCLAIMED") : claimStatus,
    attributedTo: cell("attributed_group"), confidence: cell("confidence"), notes: cell("notes"),
    confirmedBy: cell("confirmed_by"),
    claims: claimants.map((group) => ({ id: "", group, statedOn: occurredOn, channel: "", url: "", text: "" })),
    sources: [...new Set(splitList(cell("source_urls"), /\s+\|\s+/))].map((url) => ({
      id: "", url, publisher: "", title: "", kind: "OTHER", publishedOn: "", language: "",
    })),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = FIELD_COLUMNS[String(issue.path[0])];
      // A claim's date is the incident's: its problem is the date's.
      const column = issue.path[0] === "claims" && issue.path[2] === "statedOn" ? "occurred_on" : field;
      if (!column) problems.push({ column: "(row)", value: "", message: issue.message });
      // An unknown group or site is reported above, by name; the schema would only say "choose from the list".
      else if (withReferenceProblems.has(columnOf(column))) continue;
      // A code that is not one: the message names the choices. (A rule's issue on a valid code keeps its own.)
      else if (CODE_COLUMNS.has(column) && !isKnownCode(column as CodedField, cell(column), refs)) problem(column, notKnown(column as CodedField, raw(column)));
      else problem(column, rangeMessage(column, raw) ?? issue.message);
    }
  }
  const isSynthetic = cell("is_synthetic").trim().toLowerCase();
  if (!["", "true", "false"].includes(isSynthetic)) problem("is_synthetic", "Write true or false (or leave empty for false).");
  if (!parsed.success || problems.length) return { ok: false, problems: dedupe(problems) };
  return { ok: true, incident: { ...parsed.data, isSynthetic: isSynthetic === "true" } };
}

/** "Killed min 5 is more than max 2": the range rule's problem with the figures, when both are figures. */
function rangeMessage(column: IncidentColumnName, raw: (name: IncidentColumnName) => string): string | null {
  if (column !== "killed_max" && column !== "wounded_max") return null;
  const [min, max] = [raw(column === "killed_max" ? "killed_min" : "wounded_min").trim(), raw(column).trim()];
  if (!/^\d+$/.test(min) || !/^\d+$/.test(max) || Number(min) <= Number(max)) return null;
  return `${FIELD_LABELS[column === "killed_max" ? "killedMin" : "woundedMin"]!.split(",")[0]} min ${min} is more than max ${max}.`;
}

function splitList(text: string, separator: string | RegExp): string[] {
  return text.split(separator).map((s) => s.trim()).filter(Boolean);
}

/** One message per column and text: a claim list with three bad slugs says so once. */
function dedupe(problems: CellProblem[]): CellProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.column}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// --- ACLED ------------------------------------------------------------------------------------------

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const TIME_PRECISIONS: Record<string, string> = { "1": "DAY", "2": "WEEK", "3": "MONTH" };
/** ACLED's three levels back to ours: 2 and 3 each stand for two of ours, so the finer one is taken. */
const GEO_PRECISIONS: Record<string, string> = { "1": "EXACT", "2": "NEAR", "3": "PROVINCE" };
/** Only sub-event types that name one weapon of ours; "Shelling/artillery/missile attack" could be three. */
const ATTACK_BY_SUB_EVENT = new Map(
  Object.entries(ACLED_EVENT_TYPES)
    .filter(([type]) => ["ONE_WAY_DRONE", "IED", "SMALL_ARMS"].includes(type))
    .map(([type, t]) => [t.subEventType.toLowerCase(), type]),
);

/** A code table's entry for a cell: own keys only, so a cell saying "constructor" finds nothing. */
const lookUp = (table: Record<string, string>, key: string) => (Object.hasOwn(table, key) ? table[key] : undefined);

/** ACLED writes dates as YYYY-MM-DD (API) or "05 January 2024" (its downloads). */
function acledDate(value: string): string {
  const match = /^(\d{1,2}) ([A-Za-z]+) (\d{4})$/.exec(value.trim());
  const month = match ? MONTHS.indexOf(match[2]!.toLowerCase()) + 1 : 0;
  return match && month ? `${match[3]}-${String(month).padStart(2, "0")}-${match[1]!.padStart(2, "0")}` : value.trim();
}

function acledCountry(name: string, iso: string): string {
  const byName = Object.entries(ACLED_COUNTRIES).find(([, c]) => c.name.toLowerCase() === name.trim().toLowerCase());
  const byIso = Object.entries(ACLED_COUNTRIES).find(([, c]) => String(c.iso) === iso.trim());
  return (byName ?? byIso)?.[0] ?? name.trim();
}

/**
 * ACLED's columns → ours, as far as they carry our values (lib/export/acled.ts, read backwards).
 * Our own ACLED exports keep our codes in `tags`; for other ACLED files the codes fall back to
 * UNKNOWN and UNVERIFIED, and the perpetrator to actor1 when it names a known group.
 */
function fromAcled(columns: Map<AcledColumnName, number>, cells: string[], refs: ImportReferences): Cells {
  const get = (name: AcledColumnName) => {
    const index = columns.get(name);
    return index === undefined ? "" : restoreFormula(cells[index]!);
  };
  const read: Cells = new Map();
  const set = (field: IncidentColumnName, value: string, column: AcledColumnName | "tags") => read.set(field, { value, column });

  const tags = new Map<string, string>();
  for (const tag of get("tags").split(/;\s*/)) {
    const [key, value] = tag.split("=");
    tags.set(key!.trim(), (value ?? "").trim());
  }
  const tag = (key: string) => tags.get(key)?.toUpperCase();

  set("occurred_on", acledDate(get("event_date")), "event_date");
  set("date_precision", lookUp(TIME_PRECISIONS, get("time_precision").trim()) ?? (get("time_precision") || "DAY"), "time_precision");
  set("country", acledCountry(get("country"), get("iso")), "country");
  set("admin1", get("admin1"), "admin1");
  set("location_name", get("location"), "location");
  set("latitude", get("latitude"), "latitude");
  set("longitude", get("longitude"), "longitude");
  set("geo_precision", lookUp(GEO_PRECISIONS, get("geo_precision").trim()) ?? (get("geo_precision") || "NEAR"), "geo_precision");
  set("attack_type", tag("attack_type") ?? ATTACK_BY_SUB_EVENT.get(get("sub_event_type").trim().toLowerCase()) ?? "UNKNOWN", "tags");
  set("outcome", tag("outcome") ?? "UNKNOWN", "tags");
  set("confidence", tag("confidence") ?? "UNVERIFIED", "tags");

  const site = refs.sitesByName.get(valueKey(get("assoc_actor_2")));
  if (site) set("site", site.slug, "assoc_actor_2");
  set("target_type", site?.type ?? "UNKNOWN", "assoc_actor_2");

  const actor = get("actor1").trim();
  const unidentified = actor.startsWith(ACLED_CONSTANTS.unidentifiedActor.split("(")[0]!);
  const group = unidentified ? undefined : (refs.groupsByName.get(valueKey(actor)) ?? actor);
  const claimStatus = tag("claim_status") ?? (group && refs.groupSlugs.has(group) ? "ATTRIBUTED" : "UNCLAIMED");
  set("claim_status", claimStatus, "tags");
  if (group && claimStatus === "CLAIMED") set("claimants", group, "actor1");
  else if (group && refs.groupSlugs.has(group)) set("attributed_group", group, "actor1");

  // ACLED writes an unknown count as 0 and (in our exports) says so in the tags.
  if (!tags.has("fatalities unknown")) set("killed_min", get("fatalities"), "fatalities");
  set("notes", get("notes"), "notes");
  set("is_synthetic", tags.has("synthetic demo data") ? "true" : "false", "tags");
  return read;
}
