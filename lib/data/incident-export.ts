import "server-only";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { connectForExport } from "@/lib/db";
import {
  ACLED_COLUMNS, ACLED_CONSTANTS, ACLED_COUNTRIES, ACLED_EVENT_TYPES, ACLED_GEO_PRECISION, ACLED_TIME_PRECISION, type AcledColumnName,
} from "@/lib/export/acled";
import { type ColumnKind, INCIDENT_COLUMNS, type IncidentColumnName } from "@/lib/export/columns";
import { FORMULA_TRIGGERS, UTF8_BYTE_ORDER_MARK } from "@/lib/export/csv";
import { DOCUMENT_TAIL, documentHead, type ExportFormat, exportMetadata, type ExportProfile } from "@/lib/export/file-name";
import type { IncidentFilters } from "@/lib/filters";
import { incidentConditions, type SqlFilters, SqlParams, whereClause, withTextGroups } from "./incident-filter-sql";

// The export query, in one place: the filtered published incidents (the very WHERE clause of the
// table, the summary and the map) written by PostgreSQL's COPY and streamed to the client as it is
// produced. Nothing is collected in the app: memory stays flat whatever the row count, and the
// first bytes leave as soon as PostgreSQL has the first row.
//
// CSV is COPY's own CSV. JSON and GeoJSON are one JSON text per row, built by PostgreSQL and sent
// through COPY too, between a head and a tail written by lib/export/file-name.ts.

export type IncidentExport = {
  /** Time of the latest change to any incident, ISO 8601 UTC; null for an empty database. */
  dataVersion: string | null;
  body: ReadableStream<Uint8Array>;
};

/** A column as the statement writes it: its name, its SQL and how the value is written. */
type ColumnSql = { name: string; sql: string; kind: ColumnKind; separator?: string; isFormulaSafe: boolean };

const isoUtc = (expr: string) => `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Every group that claimed the incident, once each, earliest claim first. Most incidents have at
 * most one claim, and then the answer is already on the row (claim_count and the credited group
 * are kept by triggers): only the others pay for the per-row lookup.
 */
const claimingGroups = (column: "slug" | "name") => `CASE WHEN i.claim_count = 0 THEN '{}'::text[] WHEN i.claim_count = 1 THEN ARRAY[cg.${column}] ELSE ARRAY(
      SELECT g.${column} FROM incident_claim ic JOIN claim c ON c.id = ic.claim_id JOIN armed_group g ON g.id = c.group_id
      WHERE ic.incident_id = i.id GROUP BY g.${column} ORDER BY min(c.stated_at), g.${column}) END`;

const STANDARD_SQL: Record<IncidentColumnName, string> = {
  id: "i.id",
  reference: "i.reference",
  occurred_on: "i.occurred_on",
  occurred_time: "left(i.occurred_time::text, 5)", // time(0) prints as HH:MM:SS whatever the DateStyle
  date_precision: "i.date_precision::text",
  country: "i.country::text",
  admin1: "i.admin1",
  location_name: "i.location_name",
  location_name_ar: "i.location_name_ar",
  latitude: "i.lat",
  longitude: "i.lon",
  geo_precision: "i.geo_precision::text",
  site: "s.slug",
  site_name: "s.name",
  target_type: "i.target_type::text",
  attack_type: "i.attack_type::text",
  outcome: "i.outcome::text",
  claim_status: "i.claim_status::text",
  claimants: claimingGroups("slug"),
  claimant_names: claimingGroups("name"),
  credited_claimant: "cg.slug",
  credited_claimant_name: "cg.name",
  attributed_group: "ag.slug",
  attributed_group_name: "ag.name",
  killed_min: "i.killed_min",
  killed_max: "i.killed_max",
  wounded_min: "i.wounded_min",
  wounded_max: "i.wounded_max",
  confidence: "i.confidence::text",
  confirmed_by: "coalesce(i.confirmed_by, '{}')",
  source_urls: "i.source_urls",
  notes: "i.notes",
  updated_at: isoUtc("i.updated_at"),
  is_synthetic: "i.is_synthetic",
};

/**
 * Text columns that CHECK constraints keep from starting with a formula trigger (reference and
 * country codes, slugs, http(s) URLs): CSV writes them as they are. Every other text is guarded.
 */
const STANDARD_FORMULA_SAFE: ReadonlySet<IncidentColumnName> = new Set([
  "reference", "country", "site", "claimants", "credited_claimant", "attributed_group", "source_urls",
] as const);

/** `CASE expr WHEN 'KEY' THEN value … END` from one of the code tables in lib/export/acled.ts. */
function caseOf(expr: string, table: Record<string, string | number>, otherwise = "NULL"): string {
  const arms = Object.entries(table).map(([key, value]) => `WHEN ${literal(key)} THEN ${literal(value)}`);
  return `CASE ${expr} ${arms.join(" ")} ELSE ${otherwise} END`;
}

const countryName = caseOf("i.country", Object.fromEntries(Object.entries(ACLED_COUNTRIES).map(([code, c]) => [code, c.name])), "i.country::text");
const acledActor1 = `coalesce(cg.name, ag.name, format(${literal(ACLED_CONSTANTS.unidentifiedActor)}, ${countryName}))`;
const eventTypes = (field: "eventType" | "subEventType") =>
  caseOf("i.attack_type", Object.fromEntries(Object.entries(ACLED_EVENT_TYPES).map(([type, t]) => [type, t[field]])));

const ACLED_SQL: Record<AcledColumnName, string> = {
  event_id_cnty: "i.reference",
  event_date: "i.occurred_on",
  year: "extract(year FROM i.occurred_on)::int",
  time_precision: caseOf("i.date_precision", ACLED_TIME_PRECISION),
  disorder_type: literal(ACLED_CONSTANTS.disorderType),
  event_type: eventTypes("eventType"),
  sub_event_type: eventTypes("subEventType"),
  actor1: acledActor1,
  // The other claimants and a different assessed perpetrator, each once, in claim order.
  assoc_actor_1: `(SELECT string_agg(n, '; ' ORDER BY k) FROM (
      SELECT n, min(k) AS k FROM unnest(${claimingGroups("name")} || ag.name) WITH ORDINALITY AS u(n, k)
      WHERE n IS NOT NULL AND n <> ${acledActor1} GROUP BY n) AS others)`,
  inter1: String(ACLED_CONSTANTS.attackerInter),
  actor2: literal(ACLED_CONSTANTS.targetActor),
  assoc_actor_2: "s.name",
  inter2: String(ACLED_CONSTANTS.targetInter),
  interaction: String(ACLED_CONSTANTS.interaction),
  civilian_targeting: "NULL::text",
  iso: caseOf("i.country", Object.fromEntries(Object.entries(ACLED_COUNTRIES).map(([code, c]) => [code, c.iso]))),
  region: literal(ACLED_CONSTANTS.region),
  country: countryName,
  admin1: "i.admin1",
  admin2: "NULL::text",
  admin3: "NULL::text",
  location: "i.location_name",
  latitude: "i.lat",
  longitude: "i.lon",
  geo_precision: caseOf("i.geo_precision", ACLED_GEO_PRECISION),
  source: "nullif(array_to_string(i.source_publishers, '; '), '')",
  source_scale: "NULL::text",
  notes: "i.notes",
  fatalities: "coalesce(i.killed_min, 0)",
  tags: `concat_ws('; ', 'attack_type=' || lower(i.attack_type::text), 'outcome=' || lower(i.outcome::text),
      'confidence=' || lower(i.confidence::text), 'claim_status=' || lower(i.claim_status::text),
      CASE WHEN i.killed_min IS NULL THEN 'fatalities unknown' END, CASE WHEN i.is_synthetic THEN 'synthetic demo data' END)`,
  timestamp: "floor(extract(epoch FROM i.updated_at))::bigint",
};

/** Likewise in ACLED's layout: the reference code, and the tags, which always start with "attack_type=". */
const ACLED_FORMULA_SAFE: ReadonlySet<AcledColumnName> = new Set(["event_id_cnty", "tags"] as const);

function columnsOf(profile: ExportProfile): ColumnSql[] {
  if (profile === "acled") {
    return ACLED_COLUMNS.map((c) => ({ name: c.name, kind: c.kind, sql: ACLED_SQL[c.name], isFormulaSafe: ACLED_FORMULA_SAFE.has(c.name) }));
  }
  return INCIDENT_COLUMNS.map((c) => ({
    name: c.name, kind: c.kind, sql: STANDARD_SQL[c.name], separator: "separator" in c ? c.separator : undefined,
    isFormulaSafe: STANDARD_FORMULA_SAFE.has(c.name),
  }));
}

/** A value as CSV writes it: a list joined by its separator (an empty one is an empty cell), a boolean as true/false. */
function csvValue({ sql, kind, separator = ";" }: ColumnSql): string {
  if (kind === "list") return `nullif(array_to_string(${sql}, ${literal(separator)}), '')`;
  if (kind === "boolean") return `(${sql})::text`;
  return sql;
}

/**
 * The CSV rule of lib/export/csv.ts in SQL, so that COPY stays the engine: text starting with a
 * formula trigger gets a leading apostrophe. Only for text that could start with one; numbers and
 * dates are never touched.
 */
function csvCell({ name, kind, isFormulaSafe }: ColumnSql): string {
  const cell = `t."${name}"`;
  if ((kind !== "text" && kind !== "list") || isFormulaSafe) return cell;
  return `CASE WHEN left(${cell}, 1) IN (${FORMULA_TRIGGERS.map(literal).join(", ")}) THEN '''' || ${cell} ELSE ${cell} END`;
}

function exportStatement(filters: SqlFilters, format: ExportFormat, profile: ExportProfile): string {
  const params = new SqlParams();
  const where = whereClause(incidentConditions(filters, params));
  const columns = columnsOf(profile);
  // The rows in file order, each value computed once. OFFSET 0 keeps PostgreSQL from merging this
  // subquery into the outer SELECT, which would copy a column's whole expression (a list, a
  // subquery) into every place the outer SELECT names it: the formula guard names a cell three times.
  const rows = `SELECT ${columns.map((c) => `${format === "csv" ? csvValue(c) : c.sql} AS "${c.name}"`).join(", ")}
    FROM incident i
    LEFT JOIN site s ON s.id = i.site_id
    LEFT JOIN armed_group cg ON cg.id = i.claimant_id
    LEFT JOIN armed_group ag ON ag.id = i.attributed_to_id
    ${where}
    ORDER BY i.occurred_on DESC, i.id DESC
    OFFSET 0`;

  let statement: string;
  if (format === "csv") {
    statement = `COPY (SELECT ${columns.map((c) => `${csvCell(c)} AS "${c.name}"`).join(", ")} FROM (${rows}) AS t) TO STDOUT WITH (FORMAT csv, HEADER)`;
  } else {
    // row_to_json keeps the column order and the types (lists become arrays, unknown counts null);
    // no formula guard: JSON is not opened as a spreadsheet.
    const record =
      format === "geojson"
        ? `'{"type":"Feature","id":' || to_json(t.id) || ',"geometry":{"type":"Point","coordinates":[' || t.longitude || ',' || t.latitude || ']},"properties":' || row_to_json(t) || '}'`
        : "row_to_json(t)::text";
    // One JSON text per line, a comma before all but the first. CSV with delimiter and quote set to
    // control characters that JSON text never holds raw (it escapes them) writes each text verbatim.
    statement = `COPY (SELECT CASE WHEN row_number() OVER () = 1 THEN '' ELSE ',' END || ${record}
        FROM (${rows}) AS t) TO STDOUT
 WITH (FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02')`;
  }
  return inlineParameters(statement, params.values);
}

/**
 * COPY takes no bind parameters, so the filter's values are written into the statement as SQL
 * literals. Only the shapes the filter SQL produces are accepted, and every string goes through
 * pg's escapeLiteral; a NUL, which would cut the statement short on the wire, is refused.
 */
function inlineParameters(sql: string, values: unknown[]): string {
  return sql.replace(/\$(\d+)\b/g, (_, n: string) => {
    const value = values[Number(n) - 1];
    if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
      return literal(`{${value.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(",")}}`);
    }
    return literal(value);
  });
}

function literal(value: unknown): string {
  if (typeof value === "number" && Number.isFinite(value)) return `(${value})`;
  if (typeof value === "string") {
    if (value.includes("\0")) throw new Error("A NUL character cannot be written into SQL.");
    return pg.escapeLiteral(value);
  }
  throw new Error(`Cannot write ${typeof value} into an export statement.`);
}

/**
 * How the export's transaction is set up. ISO dates, whatever the server's default. No parallel
 * workers: with them PostgreSQL sorts the whole result before the first row can leave (2.6 s at
 * 10^6 incidents), where one backend reads the date index in file order and streams at once, in
 * the same total time; and on a small machine the app needs the other core to send the rows.
 */
export const EXPORT_SETTINGS = { datestyle: "ISO, YMD", max_parallel_workers_per_gather: "0" } as const;

/** The time of the latest change to any incident: edits bump updated_at; deletions leave an audit entry. */
const DATA_VERSION = `SELECT ${isoUtc(`greatest((SELECT max(updated_at) FROM incident), (SELECT at FROM audit_entry ORDER BY id DESC LIMIT 1))`)} AS version`;

/** A download whose client took nothing for this long is cut (EXPORT_STALL_TIMEOUT_MS, default 30 s). */
function stallTimeoutMs(): number {
  const value = Number(process.env.EXPORT_STALL_TIMEOUT_MS?.trim() || 30_000);
  return Number.isInteger(value) && value > 0 ? value : 30_000;
}

/** The error a cut download ends with (the client sees its download break off). */
export class ExportStalledError extends Error {
  constructor(readonly stallMs: number) {
    super(`The download accepted nothing for ${stallMs / 1000} s and was cut.`);
  }
}

/**
 * Opens the export: a connection of the exports' own share (ExportsBusyError at once when it is
 * taken, see lib/db.ts), in a read-only repeatable-read transaction so that the data version and
 * the rows come from the same snapshot. Resolves once the first bytes are ready (a broken
 * statement fails here, before any header is sent). The connection goes back when the stream
 * ends, and is closed — ending the query in PostgreSQL — on an error, a cancelled body, an aborted
 * request, or a download that has taken nothing for EXPORT_STALL_TIMEOUT_MS. "Nothing" is measured
 * in the chunks COPY sends (up to 64 kB): a client reading under ~2 kB/s counts as stalled.
 */
export async function exportIncidents(
  filters: IncidentFilters,
  options: { format: ExportFormat; profile: ExportProfile; hasByteOrderMark?: boolean; signal?: AbortSignal },
): Promise<IncidentExport> {
  const { format, profile, hasByteOrderMark = false, signal } = options;
  const stallMs = stallTimeoutMs();
  const connection = await connectForExport();
  const { client } = connection;
  let statement: string;
  let dataVersion: string | null;
  try {
    statement = exportStatement(await withTextGroups(filters), format, profile);
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    for (const [name, value] of Object.entries(EXPORT_SETTINGS)) await client.query("SELECT set_config($1, $2, true)", [name, value]);
    dataVersion = (await client.query<{ version: string | null }>(DATA_VERSION)).rows[0]?.version ?? null;
  } catch (error) {
    connection.release(error as Error);
    throw error;
  }

  const copy = client.query(copyTo(statement));
  // The stream may report the connection's end after we stopped reading it; never leave that unheard.
  copy.on("error", () => {});
  const chunks = copy[Symbol.asyncIterator]() as AsyncIterator<Buffer>;

  let isFinished = false;
  let stallTimer: NodeJS.Timeout | undefined;
  const finish = (error?: Error) => {
    if (isFinished) return;
    isFinished = true;
    clearTimeout(stallTimer);
    signal?.removeEventListener("abort", onAbort);
    if (error) {
      copy.destroy();
      connection.release(error); // an Error makes the pool close this connection rather than reuse it
    } else {
      client.query("COMMIT").then(() => connection.release(), (e: Error) => connection.release(e));
    }
  };
  const onAbort = () => finish(new Error("The client went away during the export."));
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort);

  let first: IteratorResult<Buffer>;
  try {
    first = await chunks.next();
  } catch (error) {
    finish(error as Error);
    throw error;
  }

  // Armed whenever a chunk waits in the queue for the client; a pull (the client took it) disarms it.
  const awaitClient = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => {
      if (isFinished) return;
      const error = new ExportStalledError(stallMs);
      console.warn(`export: ${error.message}`);
      finish(error);
      controller.error(error);
    }, stallMs);
    stallTimer.unref();
  };

  const encoder = new TextEncoder();
  const isDocument = format !== "csv";
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (hasByteOrderMark) controller.enqueue(encoder.encode(UTF8_BYTE_ORDER_MARK));
      if (isDocument) controller.enqueue(encoder.encode(documentHead(format, exportMetadata(filters, dataVersion, profile))));
      if (first.done) return close(controller);
      controller.enqueue(first.value);
      awaitClient(controller);
    },
    // Called only when the client has taken what was queued: this is the backpressure that keeps
    // PostgreSQL waiting (in ClientWrite) while a slow download catches up.
    async pull(controller) {
      clearTimeout(stallTimer);
      try {
        const next = await chunks.next();
        if (isFinished) return;
        if (next.done) return close(controller);
        controller.enqueue(next.value);
        awaitClient(controller);
      } catch (error) {
        if (isFinished) return;
        finish(error as Error);
        controller.error(error);
      }
    },
    cancel() {
      finish(new Error("The export was cancelled."));
    },
  });

  function close(controller: ReadableStreamDefaultController<Uint8Array>) {
    if (isDocument) controller.enqueue(encoder.encode(DOCUMENT_TAIL));
    controller.close();
    finish();
  }

  return { dataVersion, body };
}

/** The statement itself, for the benchmark to run it beside the API on a plain connection. */
export async function exportStatementFor(filters: IncidentFilters, format: ExportFormat, profile: ExportProfile): Promise<string> {
  return exportStatement(await withTextGroups(filters), format, profile);
}
