// The public record: the sourced attacks kept as readable files in prisma/public-record/, and the
// loader that brings a database up to them (`npm run db:load-public-record`, and `npm start` on a
// new database).
//
// The loader is all-or-nothing and idempotent:
// - every file is read and every row checked by the incident form's own rules before anything is
//   written; the first bad row stops the load naming its file, line, column and reason;
// - incidents are keyed by their reference (IQ-2023-0001): a new one is added, a changed one is
//   updated, an unchanged one is left alone, so loading twice changes nothing;
// - an incident an editor has changed since the loader last wrote it is never overwritten: the
//   loader keeps the editor's version and says so (public_record_row remembers the version it wrote);
// - tallies and key events are keyed by their `key` the same way: one an editor has touched is kept.
// Every write is in one transaction with its audit entries.

import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import type { IncidentSnapshot } from "../lib/data/incident-snapshot";
import { readCsvRows } from "../lib/export/csv";
import { CreateIncidentSchema, type IncidentInput } from "../lib/validation/incident";
import { CreateTallySchema, CreateTimelineEventSchema, type TallyInput, type TimelineEventInput } from "../lib/validation/tally";
import { REFERENCE_GROUPS, REFERENCE_SITES } from "./reference-data";
import { writeReferenceData } from "./seed";

export const PUBLIC_RECORD_DIR = path.join(import.meta.dirname, "public-record");
const LOADER_LABEL = "public record loader";

/** A row of the files that breaks a rule: nothing was written. */
export class PublicRecordError extends Error {
  constructor(file: string, line: number | null, column: string | null, reason: string) {
    super(`${file}${line === null ? "" : ` line ${line}`}${column ? `, column ${column}` : ""}: ${reason}`);
  }
}

export type LoadReport = {
  added: string[];
  changed: string[];
  /** Changed in the file, but an editor changed (or deleted) the incident since the last load: kept as the editor left it. */
  kept: Array<{ reference: string; why: string }>;
  unchanged: number;
  /** Loaded once, now gone from the file: left in the database (an editor may retract it). */
  notInFile: string[];
  tallies: { added: number; changed: number; kept: string[] };
  events: { added: number; changed: number; kept: string[] };
  cutoff: string;
};

// --- reading the files ----------------------------------------------------------------------------

type Row = { line: number; cells: Record<string, string> };

function readTable(dir: string, file: string, columns: readonly string[]): Row[] {
  const name = `prisma/public-record/${file}`;
  const full = path.join(dir, file);
  if (!fs.existsSync(full)) throw new PublicRecordError(name, null, null, "the file is missing");
  let rows;
  try {
    rows = [...readCsvRows(fs.readFileSync(full, "utf8"))];
  } catch (error) {
    throw new PublicRecordError(name, null, null, error instanceof Error ? error.message : String(error));
  }
  const [header, ...data] = rows;
  const missing = columns.filter((c) => !header?.cells.includes(c));
  if (!header || missing.length) throw new PublicRecordError(name, 1, missing[0] ?? null, `the header lacks ${missing.join(", ")}`);
  return data
    .filter((row) => !(row.cells.length === 1 && row.cells[0] === ""))
    .map((row) => {
      if (row.cells.length !== header.cells.length) {
        throw new PublicRecordError(name, row.line, null, `${row.cells.length} cells where the header has ${header.cells.length}`);
      }
      return { line: row.line, cells: Object.fromEntries(header.cells.map((c, i) => [c, row.cells[i]!])) };
    });
}

export const INCIDENT_COLUMNS = [
  "reference", "occurred_on", "date_precision", "occurred_time", "country", "admin1", "site", "location_name", "location_name_ar",
  "lat", "lon", "geo_precision", "target_type", "attack_type", "outcome", "killed_min", "killed_max", "wounded_min", "wounded_max",
  "claim_status", "attributed_to", "confidence", "confirmed_by", "notes",
] as const;
export const CLAIM_COLUMNS = [
  "claim", "incident", "group", "stated_on", "status", "superseded_by", "weapon_claimed", "target_claimed", "channel", "url", "text_ar",
] as const;
export const SOURCE_COLUMNS = ["incident", "url", "publisher", "published_on", "kind", "title", "language"] as const;
export const TALLY_COLUMNS = [
  "key", "as_of", "publisher", "count", "qualifier", "count_iraq", "count_syria", "count_jordan", "rule", "scope", "source_url",
  "source_publisher", "published_on",
] as const;
export const EVENT_COLUMNS = ["key", "occurred_on", "kind", "title", "description", "source_urls", "source_publishers"] as const;

/** The form's field names → the files' column names, for messages. */
const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

type RecordIncident = {
  reference: string;
  line: number;
  input: IncidentInput;
  /** Claim keys in the order of input.claims, and which key each one is superseded by. */
  claimKeys: string[];
  supersededBy: Array<string | null>;
  hash: string;
};

type RecordTally = TallyInput;
type RecordEvent = TimelineEventInput;

export type PublicRecord = { cutoff: string; incidents: RecordIncident[]; tallies: RecordTally[]; events: RecordEvent[] };

const REFERENCE = /^(IQ|SY|JO)-(\d{4})-(\d{4})$/;
const isRealDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
const list = (cell: string) => cell.split("|").map((s) => s.trim()).filter(Boolean);

/** Reads and checks every file; throws PublicRecordError on the first bad row. Writes nothing. */
export function readPublicRecord(dir = PUBLIC_RECORD_DIR): PublicRecord {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "record.json"), "utf8")) as { informationCutoff?: string };
  const cutoff = meta.informationCutoff ?? "";
  if (!isRealDay(cutoff)) throw new PublicRecordError("prisma/public-record/record.json", null, "informationCutoff", "give the information cutoff as YYYY-MM-DD");

  const incidentRows = readTable(dir, "incidents.csv", INCIDENT_COLUMNS);
  const claimRows = readTable(dir, "claims.csv", CLAIM_COLUMNS);
  const sourceRows = readTable(dir, "sources.csv", SOURCE_COLUMNS);
  const siteBySlug = new Map(REFERENCE_SITES.map((s) => [s.slug, s]));
  const groupSlugs = new Set(REFERENCE_GROUPS.map((g) => g.slug));

  const references = new Set<string>();
  for (const { line, cells } of incidentRows) {
    const ref = cells.reference!;
    const match = REFERENCE.exec(ref);
    if (!match) throw new PublicRecordError("prisma/public-record/incidents.csv", line, "reference", `"${ref}" is not a reference like IQ-2023-0001`);
    if (match[1] !== cells.country || match[2] !== cells.occurred_on!.slice(0, 4)) {
      throw new PublicRecordError("prisma/public-record/incidents.csv", line, "reference", `${ref} does not match the country and year of the incident`);
    }
    if (references.has(ref)) throw new PublicRecordError("prisma/public-record/incidents.csv", line, "reference", `${ref} appears twice`);
    references.add(ref);
  }

  const claimsOf = groupRows(claimRows, "claims.csv", references);
  const sourcesOf = groupRows(sourceRows, "sources.csv", references);
  const claimKeys = new Set<string>();
  for (const { line, cells } of claimRows) {
    if (claimKeys.has(cells.claim!)) throw new PublicRecordError("prisma/public-record/claims.csv", line, "claim", `${cells.claim} appears twice`);
    claimKeys.add(cells.claim!);
  }

  const incidents = incidentRows.map(({ line, cells }): RecordIncident => {
    const reference = cells.reference!;
    const site = cells.site ? siteBySlug.get(cells.site) : undefined;
    if (cells.site && !site) throw new PublicRecordError("prisma/public-record/incidents.csv", line, "site", `unknown site "${cells.site}": add it to prisma/reference-data.ts`);
    const claims = claimsOf.get(reference) ?? [];
    const sources = sourcesOf.get(reference) ?? [];
    if (sources.length === 0) throw new PublicRecordError("prisma/public-record/incidents.csv", line, "reference", `${reference} has no source in sources.csv; every incident needs one`);
    const form = {
      occurredOn: cells.occurred_on, occurredTime: cells.occurred_time, datePrecision: cells.date_precision, country: cells.country,
      admin1: cells.admin1, locationName: cells.location_name, locationNameAr: cells.location_name_ar,
      // A row at a registry site may leave the coordinates to the site.
      lat: cells.lat || (site ? String(site.lat) : ""), lon: cells.lon || (site ? String(site.lon) : ""),
      geoPrecision: cells.geo_precision, site: cells.site, targetType: cells.target_type, attackType: cells.attack_type, outcome: cells.outcome,
      killedMin: cells.killed_min, killedMax: cells.killed_max, woundedMin: cells.wounded_min, woundedMax: cells.wounded_max,
      claimStatus: cells.claim_status, attributedTo: cells.attributed_to, confidence: cells.confidence, confirmedBy: cells.confirmed_by, notes: cells.notes,
      claims: claims.map(({ cells: c }) => ({
        id: "", group: c.group, statedOn: c.stated_on, channel: c.channel, url: c.url, text: "", status: c.status,
        weaponClaimed: c.weapon_claimed, targetClaimed: c.target_claimed, textAr: c.text_ar,
      })),
      sources: sources.map(({ cells: s }) => ({
        id: "", url: s.url, publisher: s.publisher, title: s.title, kind: s.kind, publishedOn: s.published_on, language: s.language,
      })),
    };
    const parsed = CreateIncidentSchema.safeParse(form);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const [field, index, sub] = issue.path.map(String);
      if ((field === "claims" || field === "sources") && index !== undefined) {
        const row = (field === "claims" ? claims : sources)[Number(index)];
        throw new PublicRecordError(`prisma/public-record/${field}.csv`, row?.line ?? null, sub ? snake(sub) : null, issue.message);
      }
      throw new PublicRecordError("prisma/public-record/incidents.csv", line, field ? snake(field) : null, issue.message);
    }
    const input = parsed.data;
    for (const [i, claim] of input.claims.entries()) {
      if (!groupSlugs.has(claim.group)) throw new PublicRecordError("prisma/public-record/claims.csv", claims[i]!.line, "group", `unknown group "${claim.group}": add it to prisma/reference-data.ts`);
    }
    if (input.attributedTo && !groupSlugs.has(input.attributedTo)) {
      throw new PublicRecordError("prisma/public-record/incidents.csv", line, "attributed_to", `unknown group "${input.attributedTo}"`);
    }
    for (const s of sources) {
      if (s.cells.published_on && s.cells.published_on > cutoff) {
        throw new PublicRecordError("prisma/public-record/sources.csv", s.line, "published_on", `after the information cutoff (${cutoff}) in record.json`);
      }
    }
    const keys = claims.map((c) => c.cells.claim!);
    const supersededBy = claims.map(({ line: claimLine, cells: c }) => {
      if (!c.superseded_by) return null;
      if (c.status !== "SUPERSEDED") throw new PublicRecordError("prisma/public-record/claims.csv", claimLine, "superseded_by", "only a SUPERSEDED claim names the claim that replaced it");
      if (!keys.includes(c.superseded_by) || c.superseded_by === c.claim) {
        throw new PublicRecordError("prisma/public-record/claims.csv", claimLine, "superseded_by", `"${c.superseded_by}" is not another claim of ${reference}`);
      }
      return c.superseded_by;
    });
    const hash = createHash("sha256").update(JSON.stringify({ input, keys, supersededBy })).digest("hex");
    return { reference, line, input, claimKeys: keys, supersededBy, hash };
  });

  return { cutoff, incidents, tallies: readTallies(dir), events: readEvents(dir) };
}

/** Rows of claims.csv or sources.csv by the incident they belong to, in file order. */
function groupRows(rows: Row[], file: string, references: Set<string>): Map<string, Row[]> {
  const byIncident = new Map<string, Row[]>();
  for (const row of rows) {
    const ref = row.cells.incident!;
    if (!references.has(ref)) throw new PublicRecordError(`prisma/public-record/${file}`, row.line, "incident", `no incident ${ref} in incidents.csv`);
    byIncident.set(ref, [...(byIncident.get(ref) ?? []), row]);
  }
  return byIncident;
}

/** The first issue of a form schema, as the file's line and column. */
function failOn(file: string, line: number, issue: { path: PropertyKey[]; message: string }): PublicRecordError {
  const [field, index, sub] = issue.path.map(String);
  const column = field === "sources" ? (sub === "publisher" ? "source_publishers" : "source_urls") : field ? snake(field) : null;
  return new PublicRecordError(file, line, column, index !== undefined && field === "sources" ? `source ${Number(index) + 1}: ${issue.message}` : issue.message);
}

/** Tallies, checked by the editors' own tally form rules. */
function readTallies(dir: string): RecordTally[] {
  const file = "prisma/public-record/tallies.csv";
  const keys = new Set<string>();
  return readTable(dir, "tallies.csv", TALLY_COLUMNS).map(({ line, cells }) => {
    const parsed = CreateTallySchema.safeParse({
      key: cells.key, publisher: cells.publisher, asOf: cells.as_of, count: cells.count, qualifier: cells.qualifier,
      countIraq: cells.count_iraq, countSyria: cells.count_syria, countJordan: cells.count_jordan, scope: cells.scope, rule: cells.rule,
      sourceUrl: cells.source_url, sourcePublisher: cells.source_publisher, publishedOn: cells.published_on,
    });
    if (!parsed.success) throw failOn(file, line, parsed.error.issues[0]!);
    if (keys.has(parsed.data.key)) throw new PublicRecordError(file, line, "key", `${parsed.data.key} appears twice`);
    keys.add(parsed.data.key);
    return parsed.data;
  });
}

/** Key events, checked by the editors' own event form rules; every one needs a source here. */
function readEvents(dir: string): RecordEvent[] {
  const file = "prisma/public-record/events.csv";
  const keys = new Set<string>();
  return readTable(dir, "events.csv", EVENT_COLUMNS).map(({ line, cells }) => {
    const urls = list(cells.source_urls!);
    const publishers = list(cells.source_publishers!);
    const parsed = CreateTimelineEventSchema.safeParse({
      key: cells.key, occurredOn: cells.occurred_on, kind: cells.kind, title: cells.title, description: cells.description,
      sources: urls.map((url, i) => ({ url, publisher: publishers[i] ?? "" })),
    });
    if (!parsed.success) throw failOn(file, line, parsed.error.issues[0]!);
    if (parsed.data.sourceUrls.length === 0) throw new PublicRecordError(file, line, "source_urls", "every key event needs a source");
    if (keys.has(parsed.data.key)) throw new PublicRecordError(file, line, "key", `${parsed.data.key} appears twice`);
    keys.add(parsed.data.key);
    return parsed.data;
  });
}

// --- writing --------------------------------------------------------------------------------------

/** Brings the database up to the files. Reads and checks everything first; one transaction. */
export async function loadPublicRecord(databaseUrl: string, dir = PUBLIC_RECORD_DIR): Promise<LoadReport> {
  const record = readPublicRecord(dir);
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query("BEGIN");
    try {
      // Two loaders at once would both add the same new rows: the second waits for the first.
      await client.query("LOCK TABLE public_record_row IN EXCLUSIVE MODE");
      await writeReferenceData(client);
      const report = await writeIncidents(client, record);
      report.tallies = await writeTallies(client, record.tallies);
      report.events = await writeEvents(client, record.events);
      const changedAnything = report.added.length + report.changed.length + report.tallies.added + report.tallies.changed + report.events.added + report.events.changed > 0;
      const lastCutoff = (await client.query<{ cutoff: string }>("SELECT to_char(cutoff, 'YYYY-MM-DD') AS cutoff FROM public_record_load ORDER BY id DESC LIMIT 1")).rows[0]?.cutoff;
      if (changedAnything || report.kept.length || lastCutoff !== record.cutoff) {
        await client.query("INSERT INTO public_record_load (cutoff, added, changed, kept) VALUES ($1, $2, $3, $4)", [
          record.cutoff, report.added.length, report.changed.length, report.kept.map((k) => k.reference),
        ]);
      }
      await client.query("COMMIT");
      return report;
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  } finally {
    await client.end();
  }
}

async function writeIncidents(client: pg.ClientBase, record: PublicRecord): Promise<LoadReport> {
  const report: LoadReport = {
    added: [], changed: [], kept: [], unchanged: 0, notInFile: [], cutoff: record.cutoff,
    tallies: { added: 0, changed: 0, kept: [] }, events: { added: 0, changed: 0, kept: [] },
  };
  const ids = async (table: string) => new Map((await client.query<{ slug: string; id: string }>(`SELECT slug, id FROM ${table}`)).rows.map((r) => [r.slug, r.id]));
  const siteIds = await ids("site");
  const groupIds = await ids("armed_group");
  const loaded = new Map(
    (await client.query<{ reference: string; incident_id: string; content_hash: string; loaded_version: number; version: number | null }>(
      `SELECT r.reference, r.incident_id, r.content_hash, r.loaded_version, i.version
       FROM public_record_row r LEFT JOIN incident i ON i.id = r.incident_id`,
    )).rows.map((r) => [r.reference, r]),
  );

  for (const incident of record.incidents) {
    const previous = loaded.get(incident.reference);
    if (!previous) {
      const taken = await client.query("SELECT 1 FROM incident WHERE reference = $1", [incident.reference]);
      if (taken.rowCount) {
        throw new PublicRecordError("prisma/public-record/incidents.csv", incident.line, "reference", `${incident.reference} is already used by an incident the loader did not write; renumber the row`);
      }
      const id = await insertIncident(client, incident, siteIds, groupIds);
      await audit(client, "IMPORT", id, null, await snapshot(client, id));
      await client.query("INSERT INTO public_record_row (reference, incident_id, content_hash, loaded_version) VALUES ($1, $2, $3, 1)", [incident.reference, id, incident.hash]);
      report.added.push(incident.reference);
    } else if (previous.content_hash === incident.hash) {
      report.unchanged++;
    } else if (previous.version === null) {
      report.kept.push({ reference: incident.reference, why: "deleted by an editor since the last load; not added again" });
    } else if (previous.version !== previous.loaded_version) {
      report.kept.push({ reference: incident.reference, why: `changed by an editor since the last load (version ${previous.loaded_version} → ${previous.version}); their version is kept` });
    } else {
      const id = previous.incident_id;
      const before = await snapshot(client, id);
      await updateIncident(client, id, incident, siteIds, groupIds);
      const after = await snapshot(client, id);
      const { was, now } = diff(before, after);
      await audit(client, "UPDATE", id, was, now);
      await client.query("UPDATE public_record_row SET content_hash = $2, loaded_version = $3, loaded_at = now() WHERE reference = $1", [incident.reference, incident.hash, after.version]);
      report.changed.push(incident.reference);
    }
  }
  const inFile = new Set(record.incidents.map((i) => i.reference));
  report.notInFile = [...loaded.keys()].filter((ref) => !inFile.has(ref)).sort();

  // Editors' new incidents take the numbers after the record's.
  await client.query(
    `INSERT INTO reference_counter (country, year, last)
     SELECT left(r, 2), substr(r, 4, 4)::int, max(substr(r, 9)::int) FROM unnest($1::text[]) r GROUP BY 1, 2
     ON CONFLICT (country, year) DO UPDATE SET last = GREATEST(reference_counter.last, EXCLUDED.last)`,
    [[...inFile]],
  );
  return report;
}

function columnValues(incident: RecordIncident, siteIds: Map<string, string>, groupIds: Map<string, string>) {
  const i = incident.input;
  return [
    i.occurredOn, i.occurredTime, i.datePrecision, i.country, i.admin1, i.locationName, i.locationNameAr, i.lat, i.lon, i.geoPrecision,
    i.site ? siteIds.get(i.site) : null, i.targetType, i.attackType, i.outcome, i.killedMin, i.killedMax, i.woundedMin, i.woundedMax,
    i.claimStatus, i.attributedTo ? groupIds.get(i.attributedTo) : null, i.confidence, i.confirmedBy, i.notes,
  ];
}

const COLUMNS = `occurred_on, occurred_time, date_precision, country, admin1, location_name, location_name_ar, lat, lon, geo_precision,
  site_id, target_type, attack_type, outcome, killed_min, killed_max, wounded_min, wounded_max, claim_status, attributed_to_id,
  confidence, confirmed_by, notes`;
const PLACEHOLDERS = Array.from({ length: 23 }, (_, k) => `$${k + 2}`);

async function insertIncident(client: pg.ClientBase, incident: RecordIncident, siteIds: Map<string, string>, groupIds: Map<string, string>): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO incident (reference, ${COLUMNS}, status, is_synthetic) VALUES ($1, ${PLACEHOLDERS.join(", ")}, 'PUBLISHED', false) RETURNING id`,
    [incident.reference, ...columnValues(incident, siteIds, groupIds)],
  );
  const id = rows[0]!.id;
  await writeClaimsAndSources(client, id, incident, groupIds);
  return id;
}

async function updateIncident(client: pg.ClientBase, id: string, incident: RecordIncident, siteIds: Map<string, string>, groupIds: Map<string, string>) {
  const sets = COLUMNS.split(",").map((c, k) => `${c.trim()} = ${PLACEHOLDERS[k]}`);
  await client.query(`UPDATE incident SET ${sets.join(", ")}, version = version + 1, updated_at = now(), updated_by_id = NULL WHERE id = $1`, [
    id, ...columnValues(incident, siteIds, groupIds),
  ]);
  // Claims and sources are the file's: replaced whole. A statement shared with an incident outside the record stays.
  const claimIds = (await client.query<{ claim_id: string }>("DELETE FROM incident_claim WHERE incident_id = $1 RETURNING claim_id", [id])).rows.map((r) => r.claim_id);
  await client.query("DELETE FROM claim c WHERE c.id = ANY($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM incident_claim ic WHERE ic.claim_id = c.id)", [claimIds]);
  await client.query("DELETE FROM source WHERE incident_id = $1", [id]);
  await writeClaimsAndSources(client, id, incident, groupIds);
}

async function writeClaimsAndSources(client: pg.ClientBase, incidentId: string, incident: RecordIncident, groupIds: Map<string, string>) {
  const idByKey = new Map<string, string>();
  for (const [k, c] of incident.input.claims.entries()) {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO claim (group_id, stated_at, status, weapon_claimed, target_claimed, channel, url, text_ar)
       VALUES ($1, ($2::date)::timestamp AT TIME ZONE 'UTC', $3, $4, $5, $6, $7, $8) RETURNING id`,
      [groupIds.get(c.group), c.statedOn, c.status, c.weaponClaimed, c.targetClaimed, c.channel, c.url, c.textAr],
    );
    idByKey.set(incident.claimKeys[k]!, rows[0]!.id);
    await client.query("INSERT INTO incident_claim (incident_id, claim_id) VALUES ($1, $2)", [incidentId, rows[0]!.id]);
  }
  for (const [k, replacedBy] of incident.supersededBy.entries()) {
    if (replacedBy) await client.query("UPDATE claim SET superseded_by_id = $2 WHERE id = $1", [idByKey.get(incident.claimKeys[k]!), idByKey.get(replacedBy)]);
  }
  for (const s of incident.input.sources) {
    await client.query(
      "INSERT INTO source (incident_id, url, publisher, title, published_on, kind, language) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      [incidentId, s.url, s.publisher, s.title, s.publishedOn, s.kind, s.language],
    );
  }
}

/** The incident in history's form (lib/data/incident-snapshot.ts), read back after the write. */
async function snapshot(client: pg.ClientBase, id: string): Promise<IncidentSnapshot> {
  const { rows } = await client.query<{ snapshot: IncidentSnapshot }>(
    `SELECT jsonb_build_object(
       'reference', i.reference, 'status', i.status, 'version', i.version, 'occurredOn', to_char(i.occurred_on, 'YYYY-MM-DD'),
       'occurredTime', to_char(i.occurred_time, 'HH24:MI'), 'datePrecision', i.date_precision, 'country', i.country, 'admin1', i.admin1,
       'locationName', i.location_name, 'locationNameAr', i.location_name_ar, 'lat', i.lat, 'lon', i.lon, 'geoPrecision', i.geo_precision,
       'site', s.slug, 'targetType', i.target_type, 'attackType', i.attack_type, 'outcome', i.outcome, 'killedMin', i.killed_min,
       'killedMax', i.killed_max, 'woundedMin', i.wounded_min, 'woundedMax', i.wounded_max, 'claimStatus', i.claim_status,
       'attributedTo', a.slug, 'confidence', i.confidence, 'confirmedBy', to_jsonb(coalesce(i.confirmed_by, '{}')), 'notes', i.notes,
       'retractionReason', i.retraction_reason,
       'claims', coalesce((SELECT jsonb_agg(jsonb_build_object('id', c.id, 'group', g.slug, 'statedOn', to_char(c.stated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
           'channel', c.channel, 'url', c.url, 'text', c.text, 'status', c.status, 'supersededBy', c.superseded_by_id,
           'weaponClaimed', c.weapon_claimed, 'targetClaimed', c.target_claimed, 'textAr', c.text_ar) ORDER BY c.stated_at, c.id)
         FROM incident_claim ic JOIN claim c ON c.id = ic.claim_id JOIN armed_group g ON g.id = c.group_id WHERE ic.incident_id = i.id), '[]'),
       'sources', coalesce((SELECT jsonb_agg(jsonb_build_object('id', so.id, 'url', so.url, 'publisher', so.publisher, 'title', so.title,
           'kind', so.kind, 'publishedOn', to_char(so.published_on, 'YYYY-MM-DD'), 'language', so.language) ORDER BY so.id)
         FROM source so WHERE so.incident_id = i.id), '[]')) AS snapshot
     FROM incident i LEFT JOIN site s ON s.id = i.site_id LEFT JOIN armed_group a ON a.id = i.attributed_to_id WHERE i.id = $1`,
    [id],
  );
  return rows[0]!.snapshot;
}

function diff<T extends object>(before: T, after: T): { was: Partial<T>; now: Partial<T> } {
  const was: Partial<T> = {};
  const now: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      was[key] = before[key];
      now[key] = after[key];
    }
  }
  return { was, now };
}

async function audit(client: pg.ClientBase, action: "IMPORT" | "UPDATE" | "CREATE", id: string, before: object | null, after: object | null, entityType = "incident") {
  await client.query(
    `INSERT INTO audit_entry (actor_id, actor_label, action, entity_type, entity_id, before, after, reason)
     VALUES (NULL, $1, $2, $3, $4, $5, $6, 'public record file')`,
    [LOADER_LABEL, action, entityType, id, before, after],
  );
}

/**
 * Tallies and events by key. A row the loader wrote (updated_by_id still null) follows the file;
 * one a person has saved since is kept as they left it.
 */
async function writeTallies(client: pg.ClientBase, tallies: RecordTally[]) {
  const result = { added: 0, changed: 0, kept: [] as string[] };
  for (const t of tallies) {
    const values = [t.key, t.publisher, t.asOf, t.count, t.qualifier, t.countIraq, t.countSyria, t.countJordan, t.scope, t.rule, t.sourceUrl, t.sourcePublisher, t.publishedOn];
    const current = (await client.query<{ id: string; same: boolean; edited: boolean }>(
      `SELECT id, updated_by_id IS NOT NULL AS edited,
         (publisher, as_of, count, qualifier, count_iraq, count_syria, count_jordan, scope, rule, source_url, source_publisher, published_on)
         IS NOT DISTINCT FROM ($2, $3::date, $4::int, $5::"CountQualifier", $6::int, $7::int, $8::int, $9, $10::"TallyRule", $11, $12, $13::date) AS same
       FROM tally WHERE key = $1`, values)).rows[0];
    if (current?.same) continue;
    if (current?.edited) {
      result.kept.push(t.key);
      continue;
    }
    const { rows } = await client.query<{ id: string; after: object }>(
      `INSERT INTO tally (key, publisher, as_of, count, qualifier, count_iraq, count_syria, count_jordan, scope, rule, source_url, source_publisher, published_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (key) DO UPDATE SET publisher = $2, as_of = $3, count = $4, qualifier = $5, count_iraq = $6, count_syria = $7,
         count_jordan = $8, scope = $9, rule = $10, source_url = $11, source_publisher = $12, published_on = $13,
         version = tally.version + 1, updated_at = now()
       RETURNING id, to_jsonb(tally.*) - 'id' - 'created_at' - 'updated_at' AS after`, values);
    await audit(client, current ? "UPDATE" : "IMPORT", rows[0]!.id, null, rows[0]!.after, "tally");
    result[current ? "changed" : "added"]++;
  }
  return result;
}

async function writeEvents(client: pg.ClientBase, events: RecordEvent[]) {
  const result = { added: 0, changed: 0, kept: [] as string[] };
  for (const e of events) {
    const values = [e.key, e.occurredOn, e.kind, e.title, e.description, e.sourceUrls, e.sourcePublishers];
    const current = (await client.query<{ same: boolean; edited: boolean }>(
      `SELECT updated_by_id IS NOT NULL AS edited,
         (occurred_on, kind, title, description, source_urls, source_publishers)
         IS NOT DISTINCT FROM ($2::date, $3::"TimelineEventKind", $4, $5, $6::text[], $7::text[]) AS same
       FROM timeline_event WHERE key = $1`, values)).rows[0];
    if (current?.same) continue;
    if (current?.edited) {
      result.kept.push(e.key);
      continue;
    }
    const { rows } = await client.query<{ id: string; after: object }>(
      `INSERT INTO timeline_event (key, occurred_on, kind, title, description, source_urls, source_publishers)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (key) DO UPDATE SET occurred_on = $2, kind = $3, title = $4, description = $5, source_urls = $6,
         source_publishers = $7, version = timeline_event.version + 1, updated_at = now()
       RETURNING id, to_jsonb(timeline_event.*) - 'id' - 'created_at' - 'updated_at' AS after`, values);
    await audit(client, current ? "UPDATE" : "IMPORT", rows[0]!.id, null, rows[0]!.after, "timeline_event");
    result[current ? "changed" : "added"]++;
  }
  return result;
}

/** What a load did, in lines for the terminal. */
export function describeLoad(report: LoadReport): string {
  const lines = [
    `Public record (information cutoff ${report.cutoff}): ${report.added.length} incidents added, ${report.changed.length} changed, ${report.unchanged} unchanged.`,
    `  tallies: ${report.tallies.added} added, ${report.tallies.changed} changed; key events: ${report.events.added} added, ${report.events.changed} changed.`,
  ];
  if (report.changed.length) lines.push(`  changed: ${report.changed.join(", ")}`);
  for (const k of report.kept) lines.push(`  kept ${k.reference}: ${k.why}`);
  for (const key of [...report.tallies.kept, ...report.events.kept]) lines.push(`  kept ${key}: edited by a person since the last load; their version is kept`);
  if (report.notInFile.length) lines.push(`  in the database but no longer in the file (left as they are): ${report.notInFile.join(", ")}`);
  return lines.join("\n");
}
