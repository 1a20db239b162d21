import "server-only";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { type Actor, assertActorCan, PermissionDenied } from "@/lib/auth/guards";
import { getPool } from "@/lib/db";
import { CsvLimitError, CsvSyntaxError, type CsvRow, readCsvChunks } from "@/lib/export/csv";
import { type ColumnMapping, type ImportLayout, planColumns, type ValueChoices } from "@/lib/import/columns";
import { decodeCsvChunks, type FileSource, fileChunks, IMPORT_LIMITS, ImportFileError } from "@/lib/import/file";
import { dayNumber, findFileDuplicates, findStoredDuplicates, type RowSpot, type StoredSpot } from "@/lib/import/duplicates";
import { type CellProblem, checkChoices, type ImportedIncident, type ImportReferences, rowChecker } from "@/lib/import/rows";
import { type ReferenceLists, valueKey } from "@/lib/import/values";
import type { Permission } from "@/lib/permissions";
import { DUPLICATE_RULE, type PossibleDuplicate } from "./incident-writes";

// Imports, in two steps with the editor's look in between.
//
// 1. stageImport: the file is decoded, parsed and every row checked by the form's schema; the rows
//    go by COPY into the staging table import_row under a new import_batch owned by the uploader,
//    with their problems, and their likely duplicates (lib/import/duplicates.ts) into
//    import_duplicate. No incident is written. The preview reads these. The file is read as a
//    stream, twice (parsed, then checked), never held whole; the checks give the event loop a turn
//    every TURN_MS; one staging runs per server process.
// 2. commitImport: one transaction turns the valid staged rows into incidents, claims, sources and
//    one IMPORT audit entry each (sharing the batch id), set-based (INSERT … SELECT), with the
//    derived columns computed here rather than by the row triggers (attack_tracker.bulk_load, see
//    the import migration). A failure anywhere rolls all of it back.
//
// A staged batch is seen and committed only by its owner; one nobody commits is deleted after a day.

const STAGED_FOR = "1 day";

/** The batch does not exist for this user, or cannot be imported (again). */
export class ImportBatchError extends Error {
  constructor(
    message: string,
    readonly status: 404 | 409,
  ) {
    super(message);
  }
}

// A batch id is a UUID, checked before any query: "000…000" or "----…" would pass a looser
// pattern and make PostgreSQL's uuid cast fail, a 500 instead of "no such import".
const BATCH_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isBatchId = (value: string): boolean => BATCH_ID.test(value);

/** Staged files belong to a signed-in user: the permission, and an id to own them by. */
function assertCan(actor: Actor, permission: Permission): string {
  assertActorCan(actor, permission);
  if (!actor.userId) throw new PermissionDenied(actor, permission);
  return actor.userId;
}

// --- staging ----------------------------------------------------------------------------------------

/**
 * `bytes`: the file whole, or the request body as it arrives (read once to parse it and spooled to
 * a temporary file, which the checks then read again: memory never holds the file or its text).
 */
export type StageRequest = {
  fileName: string;
  bytes: FileSource;
  layout: ImportLayout | null;
  mapping: ColumnMapping | null;
  /** For a hand-made file: values for every row, and what its coded columns' values stand for. */
  choices?: ValueChoices | null;
};
export type StageResult = { batchId: string; rowCount: number; validCount: number };

/** Another upload is being staged in this server process: the caller answers 503 with Retry-After. */
export class ImportBusyError extends Error {
  readonly retryAfterSeconds = 60;
  constructor() {
    super("Another import is being checked; try again in a minute.");
  }
}

// One staging per server process: checking a file takes the process's one thread in turns with
// every other request, and its memory; two or four at once starved reads and ran out of memory. A
// global (not a module variable), since each route's bundle may hold its own copy of this module.
const staging = globalThis as unknown as { attackTrackerIsStaging?: boolean };

/** Work between turns of the event loop, so that no request waits longer than about this on a staging. */
const TURN_MS = 20;

/** A clock for long loops: `isDue()` after TURN_MS of work, then `pause()` lets timers and I/O run. */
function turns() {
  let since = performance.now();
  return {
    isDue: () => performance.now() - since >= TURN_MS,
    pause: async () => {
      await new Promise(setImmediate);
      since = performance.now();
    },
  };
}

export async function stageImport(actor: Actor, request: StageRequest): Promise<StageResult> {
  const ownerId = assertCan(actor, "import:incident");
  if (staging.attackTrackerIsStaging) throw new ImportBusyError();
  staging.attackTrackerIsStaging = true; // taken before any await: two requests cannot both pass
  let spoolDir: string | null = null;
  try {
    const { bytes } = request;
    if (bytes instanceof Uint8Array) return await stageFile(ownerId, request, bytes);
    spoolDir = await fs.mkdtemp(path.join(os.tmpdir(), "attack-tracker-import-"));
    return await stageFile(ownerId, request, await spoolAndCount(fileChunks(bytes), path.join(spoolDir, "upload.csv")));
  } finally {
    staging.attackTrackerIsStaging = false;
    if (spoolDir) await fs.rm(spoolDir, { recursive: true, force: true }).catch(() => {});
  }
}

/** What the first pass learnt: the file's size and hash, and a way to read its bytes again. */
type ReadFile = { byteSize: number; sha256: string; chunks: () => AsyncIterable<Uint8Array> };

/**
 * The first pass, as the body arrives: every byte hashed (and written to the spool file, when the
 * file is a stream), the text decoded and parsed, with no row checked. A file over a limit (size,
 * rows, a cell or a row), not CSV or not text is refused here, before any row is checked
 * (checking is the slow part), and the rest of its body is not received.
 */
async function firstPass(chunks: AsyncIterable<Uint8Array>, onChunk?: (chunk: Uint8Array) => Promise<void>) {
  const hash = createHash("sha256");
  let byteSize = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of chunks) {
      hash.update(chunk);
      byteSize += chunk.length;
      if (onChunk) await onChunk(chunk);
      yield chunk;
    }
  }
  const clock = turns();
  let dataRows = -1;
  for await (const row of csvRows(counted())) {
    if (!isBlank(row.cells) && ++dataRows > IMPORT_LIMITS.maxRows) {
      throw new ImportFileError(`The file has more than ${IMPORT_LIMITS.maxRows.toLocaleString("en")} rows, the import limit. Split it into smaller files.`, 413);
    }
    if (clock.isDue()) await clock.pause();
  }
  return { byteSize, sha256: hash.digest("hex") };
}

/** A streamed file: the first pass, with its bytes written to `file` for the second. */
async function spoolAndCount(chunks: AsyncIterable<Uint8Array>, file: string): Promise<ReadFile> {
  const handle = await fs.open(file, "wx", 0o600);
  let counted;
  try {
    counted = await firstPass(chunks, async (chunk) => {
      await handle.write(chunk);
    });
  } finally {
    await handle.close();
  }
  return { ...counted, chunks: () => createReadStream(file, { highWaterMark: 64 * 1024 }) };
}

async function stageFile(ownerId: string, request: StageRequest, file: Uint8Array | ReadFile): Promise<StageResult> {
  const read: ReadFile = file instanceof Uint8Array ? { ...(await firstPass(fileChunks(file))), chunks: () => fileChunks(file) } : file;
  // The second pass: the same text again, row by row, now checked and staged.
  const rows = csvRows(read.chunks());
  try {
    const plan = planColumns((await rows.next()).value?.cells ?? [], request);

    const client = await getPool().connect();
    try {
      await client.query("BEGIN");
      // The COPY below lasts as long as the checks of the whole file (tens of seconds for 10^5 rows).
      await client.query("SET LOCAL statement_timeout = '5min'");
      // Abandoned previews are cleaned up here rather than by a scheduler: every upload sweeps.
      await client.query(`DELETE FROM import_batch WHERE status = 'STAGED' AND created_at < now() - interval '${STAGED_FOR}'`);
      const references = await loadReferences(client);
      checkChoices(plan, references); // a mapping to an unknown code refuses the file before any row is read
      const check = rowChecker(plan, references);
      // The valid rows' sites as the references hold them: a slug read from the file is a slice of
      // a piece of its text, and would keep that whole piece alive for as long as the spots live.
      const siteSlugs = new Map([...references.siteSlugs].map((slug) => [slug, slug]));
      const batchId = (
        await client.query<{ id: string }>(
          `INSERT INTO import_batch (owner_id, file_name, sha256, byte_size, layout, ignored_columns, row_count, valid_count)
           VALUES ($1, $2, $3, $4, $5, $6, 0, 0) RETURNING id`,
          [ownerId, request.fileName, read.sha256, read.byteSize, plan.layout, plan.ignored],
        )
      ).rows[0]!.id;

      let rowCount = 0;
      let validCount = 0;
      const spots: RowSpot[] = [];
      const clock = turns();
      // Lines go to COPY about 64 kB at a time: one write per line would cost a protocol message each.
      async function* stagedBatches(): AsyncGenerator<string> {
        let batch = "";
        let rowNumber = 1;
        for await (const { cells } of rows) {
          rowNumber++;
          if (isBlank(cells)) continue;
          rowCount++;
          const checked = check(cells);
          if (checked.ok) {
            validCount++;
            const { occurredOn, lat, lon, site } = checked.incident;
            spots.push({ rowNumber, day: dayNumber(occurredOn), lat, lon, site: site ? (siteSlugs.get(site) ?? null) : null });
          }
          batch += copyLine(batchId, rowNumber, checked.ok ? checked.incident : null, checked.ok ? null : checked.problems);
          if (batch.length >= 65_536) {
            yield batch;
            batch = "";
          }
          if (clock.isDue()) await clock.pause();
        }
        if (batch) yield batch;
      }
      await pipeline(
        Readable.from(stagedBatches()),
        client.query(copyFrom("COPY import_row (batch_id, row_number, input, errors, occurred_on, lat, lon, site) FROM STDIN")),
      );
      if (rowCount === 0) throw new ImportFileError("The file has a header row but no data rows.", 400);
      await stageDuplicates(client, batchId, spots);
      await client.query("UPDATE import_batch SET row_count = $2, valid_count = $3 WHERE id = $1", [batchId, rowCount, validCount]);
      await client.query("COMMIT");
      return { batchId, rowCount, validCount };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  } finally {
    await rows.return(undefined); // closes the second pass's file when the staging stopped early
  }
}

/** The rows of the file's bytes, within the import's limits; a CSV error or a limit refuses the whole file, naming the line. */
async function* csvRows(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<CsvRow> {
  try {
    yield* readCsvChunks(decodeCsvChunks(chunks), IMPORT_LIMITS);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new ImportFileError(`The file is not valid CSV: ${error.message.replace(/^CSV /, "")}. Nothing was imported.`);
    if (error instanceof CsvLimitError) throw new ImportFileError(`The file cannot be imported: ${error.message}. Nothing was imported.`, 413);
    throw error;
  }
}

/** A blank line is no row (spreadsheets leave them at the end). */
const isBlank = (cells: string[]) => cells.length === 1 && cells[0]!.trim() === "";

/**
 * One line of COPY's text format: tab-separated, \N for null. JSON text holds no raw tab or line
 * break (it escapes them), so only its backslashes need doubling; CSV would have doubled every
 * quote of every key.
 */
function copyLine(batchId: string, rowNumber: number, incident: ImportedIncident | null, problems: CellProblem[] | null): string {
  const text = (s: string | null | undefined) => (s == null ? "\\N" : s.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!));
  const json = (value: unknown) => (value === null ? "\\N" : JSON.stringify(value).replaceAll("\\", "\\\\"));
  return [
    batchId, rowNumber, json(incident), json(problems), text(incident?.occurredOn), incident?.lat ?? "\\N", incident?.lon ?? "\\N", text(incident?.site),
  ].join("\t") + "\n";
}

const COPY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

async function loadReferences(client: pg.PoolClient): Promise<ImportReferences> {
  const sites = (await client.query<{ slug: string; name: string; type: string }>("SELECT slug, name, type::text FROM site")).rows;
  const groups = (await client.query<{ slug: string; name: string; aliases: string[] }>("SELECT slug, name, aliases FROM armed_group")).rows;
  const groupsByName = new Map<string, string>();
  for (const g of groups) for (const name of [...g.aliases, g.name]) groupsByName.set(valueKey(name), g.slug);
  return {
    siteSlugs: new Set(sites.map((s) => s.slug)),
    groupSlugs: new Set(groups.map((g) => g.slug)),
    sitesByName: new Map(sites.map((s) => [valueKey(s.name), { slug: s.slug, type: s.type }])),
    groupsByName,
  };
}

/** The groups and sites an upload's values can be mapped to, with their names, for the upload page. */
export async function listImportReferences(actor: Actor): Promise<ReferenceLists> {
  assertCan(actor, "import:incident");
  const pool = getPool();
  const [groups, sites] = await Promise.all([
    pool.query<{ slug: string; name: string; aliases: string[] }>("SELECT slug, name, aliases FROM armed_group ORDER BY name"),
    pool.query<{ slug: string; name: string }>("SELECT slug, name FROM site ORDER BY name"),
  ]);
  return { groups: groups.rows, sites: sites.rows };
}

/**
 * The valid rows' likely duplicates into import_duplicate: like other rows of the file, and like
 * stored incidents. The rows go by windows of whole days (up to STORED_WINDOW_DAYS days, or about
 * WINDOW_ROWS rows): each window's rows are matched against the file's rows within the rule's days
 * of them (which holds every match the whole file could give them) and against the stored spots
 * of those days, read for the window. The lines go to COPY about a megabyte at a time, so memory
 * holds one window of the table and one piece of output, whatever the file's size; and the event
 * loop gets a turn between windows. (One COPY per piece: while a COPY runs, its connection can run
 * no other query, and the windows are read on this connection.)
 */
async function stageDuplicates(client: pg.PoolClient, batchId: string, spots: RowSpot[]) {
  let pending = "";
  const add = (rowNumber: number, kind: "IN_FILE" | "EXISTING", matches: unknown, hasMore: boolean) => {
    pending += `${batchId}\t${rowNumber}\t${kind}\t${JSON.stringify(matches).replaceAll("\\", "\\\\")}\t${hasMore}\n`;
  };
  const flush = async () => {
    if (!pending) return;
    const piece = pending;
    pending = "";
    await pipeline(Readable.from([piece]), client.query(copyFrom("COPY import_duplicate (batch_id, row_number, kind, matches, has_more) FROM STDIN")));
  };

  const clock = turns();
  const { days } = DUPLICATE_RULE;
  const byDay = sortedByDay(spots);
  for (let start = 0; start < byDay.length; ) {
    const first = byDay[start]!.day;
    let end = start + 1;
    while (end < byDay.length && byDay[end]!.day <= first + STORED_WINDOW_DAYS && (end - start < WINDOW_ROWS || byDay[end]!.day === byDay[end - 1]!.day)) end++;
    const last = byDay[end - 1]!.day;
    const rows = byDay.slice(start, end);

    // Within the file: the window's rows and every row within `days` of them, in row order (as findFileDuplicates wants).
    let from = start;
    while (from > 0 && byDay[from - 1]!.day >= first - days) from--;
    let to = end;
    while (to < byDay.length && byDay[to]!.day <= last + days) to++;
    const around = byDay.slice(from, to).sort((a, b) => a.rowNumber - b.rowNumber);
    const isInWindow = new Set(rows.map((r) => r.rowNumber));
    for (const d of findFileDuplicates(around, DUPLICATE_RULE)) {
      if (isInWindow.has(d.rowNumber)) add(d.rowNumber, "IN_FILE", d.rows, d.hasMore);
      if (pending.length >= COPY_PIECE) await flush();
    }

    await flush(); // the pending lines first: the window's query needs the connection
    const stored = await storedSpots(client, first - days, last + days);
    // A window is longer than WINDOW_ROWS only when one day is: its rows are matched a piece at a time.
    for (let at = 0; at < rows.length; at += WINDOW_ROWS) {
      if (clock.isDue()) await clock.pause();
      for (const d of findStoredDuplicates(rows.slice(at, at + WINDOW_ROWS), stored, DUPLICATE_RULE)) {
        add(d.rowNumber, "EXISTING", d.matches, d.hasMore);
        if (pending.length >= COPY_PIECE) await flush();
      }
    }
    if (clock.isDue()) await clock.pause();
    start = end;
  }
  await flush();
}

/** The spots by day, each day's in row order (a stable sort, in one pass and a sort of the days). */
function sortedByDay(spots: RowSpot[]): RowSpot[] {
  const days = new Map<number, RowSpot[]>();
  for (const s of spots) {
    const list = days.get(s.day);
    if (list) list.push(s);
    else days.set(s.day, [s]);
  }
  return [...days.keys()].sort((a, b) => a - b).flatMap((day) => days.get(day)!);
}

/** Characters of import_duplicate lines sent per COPY. */
const COPY_PIECE = 1 << 20;

/** Days of the file matched against one read of the stored incidents: at 10^6 demo incidents, about 40,000 of them. */
const STORED_WINDOW_DAYS = 28;

/** Rows matched per window (whole days, so more when one day has more): 20–40 ms of matching on this machine. */
const WINDOW_ROWS = 2_000;

/** The stored incidents between two days (inclusive, as dayNumber counts them) that the duplicate rule looks at. */
async function storedSpots(client: pg.PoolClient, fromDay: number, toDay: number): Promise<StoredSpot[]> {
  const { rows } = await client.query<[string, number, number, number, string | null]>({
    text: `SELECT i.id::text, i.occurred_on - DATE '1970-01-01', i.lat, i.lon, s.slug
           FROM incident i LEFT JOIN site s ON s.id = i.site_id
           WHERE i.occurred_on BETWEEN DATE '1970-01-01' + $1::int AND DATE '1970-01-01' + $2::int AND i.status <> 'RETRACTED'`,
    values: [fromDay, toDay],
    rowMode: "array",
  });
  return rows.map(([id, day, lat, lon, site]) => ({ id, day, lat, lon, site }));
}

// --- preview ----------------------------------------------------------------------------------------

export type ImportBatchSummary = {
  id: string; fileName: string; sha256: string; byteSize: number; layout: ImportLayout; ignoredColumns: string[];
  rowCount: number; validCount: number; status: "STAGED" | "COMMITTED"; importedAs: string | null; importedCount: number | null;
  createdAt: Date;
};

export type ImportPreview = {
  batch: ImportBatchSummary;
  invalid: Array<{ rowNumber: number; problems: CellProblem[] }>;
  /** Valid rows like an incident already stored, with those incidents. */
  existingDuplicates: Array<{ rowNumber: number; incident: ImportedIncident; matches: PossibleDuplicate[]; hasMore: boolean }>;
  existingDuplicateCount: number;
  /** Valid rows like other rows of the same file: a few of those rows, and whether there are more. */
  inFileDuplicates: Array<{ rowNumber: number; rows: number[]; hasMore: boolean }>;
  inFileDuplicateCount: number;
  /** The first valid rows, as they will be imported. */
  sample: Array<{ rowNumber: number; incident: ImportedIncident }>;
};

/** Lists are cut at `limit` rows (the counts stay whole); the page says how many more there are. */
export async function getImportPreview(actor: Actor, batchId: string, limit = 500): Promise<ImportPreview | null> {
  const ownerId = assertCan(actor, "import:incident");
  if (!isBatchId(batchId)) return null;
  const pool = getPool();
  const batch = (
    await pool.query<ImportBatchSummary>(
      `SELECT id, file_name AS "fileName", sha256, byte_size AS "byteSize", layout, ignored_columns AS "ignoredColumns",
              row_count AS "rowCount", valid_count AS "validCount", status, imported_as AS "importedAs",
              imported_count AS "importedCount", created_at AS "createdAt"
       FROM import_batch WHERE id = $1 AND owner_id = $2`,
      [batchId, ownerId],
    )
  ).rows[0];
  if (!batch) return null;
  const [invalid, existing, inFile, sample, counts] = await Promise.all([
    pool.query<{ rowNumber: number; problems: CellProblem[] }>(
      `SELECT row_number AS "rowNumber", errors AS problems FROM import_row WHERE batch_id = $1 AND errors IS NOT NULL ORDER BY row_number LIMIT $2`,
      [batchId, limit],
    ),
    // Staging kept each match's id, distance and site flag; the rest is read now, as it is now.
    pool.query<{ rowNumber: number; incident: ImportedIncident; matches: PossibleDuplicate[]; hasMore: boolean }>(
      `SELECT r.row_number AS "rowNumber", r.input AS incident, d.has_more AS "hasMore",
              (SELECT coalesce(jsonb_agg(jsonb_build_object('id', c.id::text, 'reference', c.reference, 'occurredOn', to_char(c.occurred_on, 'YYYY-MM-DD'),
                        'locationName', c.location_name, 'status', c.status::text, 'distanceKm', m.match->'distanceKm', 'sameSite', m.match->'sameSite')
                      ORDER BY m.n), '[]')
               FROM jsonb_array_elements(d.matches) WITH ORDINALITY m(match, n) JOIN incident c ON c.id = (m.match->>'id')::uuid) AS matches
       FROM import_duplicate d JOIN import_row r USING (batch_id, row_number)
       WHERE d.batch_id = $1 AND d.kind = 'EXISTING' ORDER BY d.row_number LIMIT $2`,
      [batchId, limit],
    ),
    pool.query<{ rowNumber: number; rows: number[]; hasMore: boolean }>(
      `SELECT row_number AS "rowNumber", matches AS rows, has_more AS "hasMore"
       FROM import_duplicate WHERE batch_id = $1 AND kind = 'IN_FILE' ORDER BY row_number LIMIT $2`,
      [batchId, limit],
    ),
    pool.query<{ rowNumber: number; incident: ImportedIncident }>(
      `SELECT row_number AS "rowNumber", input AS incident FROM import_row WHERE batch_id = $1 AND input IS NOT NULL ORDER BY row_number LIMIT 20`,
      [batchId],
    ),
    pool.query<{ existing: number; inFile: number }>(
      `SELECT count(*) FILTER (WHERE kind = 'EXISTING')::int AS existing, count(*) FILTER (WHERE kind = 'IN_FILE')::int AS "inFile"
       FROM import_duplicate WHERE batch_id = $1`,
      [batchId],
    ),
  ]);
  return {
    batch,
    invalid: invalid.rows,
    existingDuplicates: existing.rows,
    existingDuplicateCount: counts.rows[0]!.existing,
    inFileDuplicates: inFile.rows,
    inFileDuplicateCount: counts.rows[0]!.inFile,
    sample: sample.rows,
  };
}

/** Drops a staged batch of the actor's; true when there was one. */
export async function discardImport(actor: Actor, batchId: string): Promise<boolean> {
  const ownerId = assertCan(actor, "import:incident");
  if (!isBatchId(batchId)) return false;
  const { rowCount } = await getPool().query("DELETE FROM import_batch WHERE id = $1 AND owner_id = $2 AND status = 'STAGED'", [batchId, ownerId]);
  return rowCount === 1;
}

// --- commit -----------------------------------------------------------------------------------------

export type CommitOptions = {
  status: "DRAFT" | "PUBLISHED";
  /**
   * Rows that look like incidents already stored are left out unless included here: all of them,
   * or these row numbers (as the preview numbers them). Re-importing a file adds nothing by default.
   */
  includeDuplicates?: "all" | readonly number[];
  /** Incidents written per step; progress is reported after each. */
  chunkSize?: number;
  onProgress?: (done: number, total: number) => void;
};

/** The staged input's fields as typed columns (jsonb_to_record). */
const INPUT_RECORD = `x("occurredOn" date, "occurredTime" time, "datePrecision" "DatePrecision", country char(2), admin1 text,
  "locationName" text, "locationNameAr" text, lat float8, lon float8, "geoPrecision" "GeoPrecision", site text,
  "targetType" "TargetType", "attackType" "AttackType", outcome "Outcome", "killedMin" int, "killedMax" int,
  "woundedMin" int, "woundedMax" int, "claimStatus" "ClaimStatus", "attributedTo" text, confidence "Confidence",
  "confirmedBy" text[], notes text, "isSynthetic" boolean, claims jsonb, sources jsonb)`;

/**
 * The audit snapshot of lib/data/incident-snapshot.ts, built in SQL for a whole chunk at once from
 * the values the chunk's incidents were written with (t, a row of import_incident; the status parameter) and
 * the chunk's claim and source lists (cl, src, aggregated once per chunk rather than looked up per
 * row). Nothing is read back from the incident table. A site or group is named only when it was
 * found (t.site_id, t.attributed_to_id), as the incident holds it.
 */
const snapshot = (statusParameter: string) => `jsonb_build_object(
  'reference', t.reference, 'status', ${statusParameter}, 'version', 1, 'occurredOn', to_char(t."occurredOn", 'YYYY-MM-DD'),
  'occurredTime', to_char(t."occurredTime", 'HH24:MI'), 'datePrecision', t."datePrecision"::text, 'country', t.country,
  'admin1', t.admin1, 'locationName', t."locationName", 'locationNameAr', t."locationNameAr", 'lat', t.lat, 'lon', t.lon,
  'geoPrecision', t."geoPrecision"::text, 'site', CASE WHEN t.site_id IS NOT NULL THEN t.site END, 'targetType', t."targetType"::text,
  'attackType', t."attackType"::text, 'outcome', t.outcome::text, 'killedMin', t."killedMin", 'killedMax', t."killedMax",
  'woundedMin', t."woundedMin", 'woundedMax', t."woundedMax", 'claimStatus', t."claimStatus"::text,
  'attributedTo', CASE WHEN t.attributed_to_id IS NOT NULL THEN t."attributedTo" END, 'confidence', t.confidence::text,
  'confirmedBy', to_jsonb(coalesce(t."confirmedBy", '{}')), 'notes', t.notes, 'retractionReason', NULL::text,
  'claims', coalesce(cl.list, '[]'::jsonb), 'sources', coalesce(src.list, '[]'::jsonb))`;

const CHUNK_CLAIMS = `SELECT c.incident_id, jsonb_agg(jsonb_build_object('id', c.id, 'group', g.slug,
      'statedOn', to_char(c.stated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), 'channel', c.channel, 'url', c.url, 'text', c.text,
      -- An import's claims are issued statements with no ledger details (the file has no columns for them).
      'status', 'ISSUED', 'supersededBy', NULL, 'weaponClaimed', NULL, 'targetClaimed', NULL, 'textAr', NULL)
    ORDER BY (c.stated_at AT TIME ZONE 'UTC')::date, c.id) AS list
  FROM import_claim c JOIN armed_group g ON g.id = c.group_id WHERE c.n > $1 AND c.n <= $2 GROUP BY c.incident_id`;

const CHUNK_SOURCES = `SELECT x.incident_id, jsonb_agg(jsonb_build_object('id', x.id, 'url', x.url, 'publisher', x.publisher, 'title', x.title,
      'kind', x.kind::text, 'publishedOn', to_char(x.published_on, 'YYYY-MM-DD'), 'language', x.language) ORDER BY x.id) AS list
  FROM import_source x WHERE x.n > $1 AND x.n <= $2 GROUP BY x.incident_id`;

/**
 * Imports the batch's valid rows in one transaction and returns how many incidents it created, and
 * how many valid rows it left out as likely duplicates of stored incidents.
 * Reference codes continue each country and year's counter, in date order; within the file, rows
 * later in it get the lower ids, so our own newest-first export comes back in the same order.
 */
export async function commitImport(actor: Actor, batchId: string, options: CommitOptions): Promise<{ imported: number; leftOut: number }> {
  const ownerId = assertCan(actor, "import:incident");
  if (options.status === "PUBLISHED") assertCan(actor, "publish:incident");
  if (!isBatchId(batchId)) throw new ImportBatchError("There is no such import.", 404);
  const chunkSize = options.chunkSize ?? 10_000;
  const includeDuplicates = options.includeDuplicates ?? [];
  const client = await getPool().connect();
  try {
    await client.query("BEGIN");
    // The app pool's statement_timeout guards reads; a commit of 10^5 rows takes 30–45 s by design.
    await client.query("SET LOCAL statement_timeout = '5min'");
    await client.query("SET LOCAL attack_tracker.bulk_load = 'on'");
    // The row lock makes a second commit of the same batch wait, then find it committed.
    const batch = (
      await client.query<{ file_name: string; sha256: string; status: string; valid_count: number }>(
        "SELECT file_name, sha256, status, valid_count FROM import_batch WHERE id = $1 AND owner_id = $2 FOR UPDATE",
        [batchId, ownerId],
      )
    ).rows[0];
    if (!batch) throw new ImportBatchError("There is no such import (it may have been discarded or expired).", 404);
    if (batch.status !== "STAGED") throw new ImportBatchError("This file has already been imported.", 409);

    await client.query(
      `CREATE TEMP TABLE import_incident ON COMMIT DROP AS
       SELECT row_number() OVER (ORDER BY r.row_number DESC) AS n, uuidv7() AS id, r.row_number,
              row_number() OVER (PARTITION BY x.country, extract(year FROM x."occurredOn") ORDER BY x."occurredOn", r.row_number DESC) AS seq,
              x.*, s.id AS site_id, ag.id AS attributed_to_id
       FROM import_row r CROSS JOIN LATERAL jsonb_to_record(r.input) AS ${INPUT_RECORD}
       LEFT JOIN site s ON s.slug = x.site
       LEFT JOIN armed_group ag ON ag.slug = x."attributedTo"
       WHERE r.batch_id = $1 AND r.input IS NOT NULL
         AND ($2 OR r.row_number = ANY($3::int[])
              OR NOT EXISTS (SELECT FROM import_duplicate d WHERE d.batch_id = r.batch_id AND d.row_number = r.row_number AND d.kind = 'EXISTING'))`,
      [batchId, includeDuplicates === "all", includeDuplicates === "all" ? [] : includeDuplicates],
    );
    const total = (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM import_incident")).rows[0]!.n;
    const leftOut = batch.valid_count - total;
    if (total === 0) {
      throw new ImportBatchError(
        leftOut > 0
          ? `All ${leftOut.toLocaleString("en")} valid rows look like incidents already stored, so they are left out and nothing was imported; include the rows you want imported anyway.`
          : "The file has no valid rows to import.",
        409,
      );
    }
    await client.query("CREATE INDEX ON import_incident (n)");
    // Claims and sources in list order, so their ids (uuidv7, rising) keep that order.
    await client.query(
      `CREATE TEMP TABLE import_claim ON COMMIT DROP AS
       SELECT t.n, t.id AS incident_id, uuidv7() AS id, g.id AS group_id, (c."statedOn"::timestamp AT TIME ZONE 'UTC') AS stated_at,
              c.channel, c.url, c.text
       FROM (SELECT * FROM import_incident ORDER BY n) t
       CROSS JOIN LATERAL ROWS FROM (jsonb_to_recordset(t.claims) AS ("group" text, "statedOn" date, channel text, url text, text text))
         WITH ORDINALITY AS c("group", "statedOn", channel, url, text, k)
       JOIN armed_group g ON g.slug = c."group"
       ORDER BY t.n, c.k`,
    );
    await client.query(
      `CREATE TEMP TABLE import_source ON COMMIT DROP AS
       SELECT t.n, t.id AS incident_id, uuidv7() AS id, x.url, x.publisher, x.title, x."publishedOn" AS published_on,
              x.kind::"SourceKind" AS kind, x.language
       FROM (SELECT * FROM import_incident ORDER BY n) t
       CROSS JOIN LATERAL ROWS FROM (jsonb_to_recordset(t.sources) AS (url text, publisher text, title text, "publishedOn" date, kind text, language text))
         WITH ORDINALITY AS x(url, publisher, title, "publishedOn", kind, language, k)
       ORDER BY t.n, x.k`,
    );
    await client.query("CREATE INDEX ON import_claim (n)");
    await client.query("CREATE INDEX ON import_source (n)");
    // Without statistics the planner takes these tables for small and may rescan them per row.
    await client.query("ANALYZE import_incident, import_claim, import_source");

    // Each country and year's counter moves on by its rows at once; codes are handed out from the old value.
    const counters = await client.query<{ country: string; year: number; base: number }>(
      `WITH wanted AS (SELECT country, extract(year FROM "occurredOn")::int AS year, count(*)::int AS wanted FROM import_incident GROUP BY 1, 2),
       bumped AS (
         INSERT INTO reference_counter (country, year, last) SELECT country, year, wanted FROM wanted
         ON CONFLICT (country, year) DO UPDATE SET last = reference_counter.last + EXCLUDED.last
         RETURNING country, year, last)
       SELECT b.country, b.year, b.last - w.wanted AS base FROM bumped b JOIN wanted w USING (country, year)`,
    );
    await client.query("ALTER TABLE import_incident ADD COLUMN reference text");
    await client.query(
      `UPDATE import_incident t SET reference = t.country || '-' || k.year || '-' || lpad((k.base + t.seq)::text, greatest(4, length((k.base + t.seq)::text)), '0')
       FROM jsonb_to_recordset($1) AS k(country text, year int, base int) WHERE k.country = t.country AND k.year = extract(year FROM t."occurredOn")`,
      [JSON.stringify(counters.rows)],
    );
    const reason = `Imported from "${batch.file_name.slice(0, 200)}" (sha256 ${batch.sha256}), row `;

    for (let from = 0; from < total; from += chunkSize) {
      const range = [from, from + chunkSize];
      await client.query(
        `INSERT INTO incident (id, reference, occurred_on, occurred_time, date_precision, country, admin1, location_name, location_name_ar,
           lat, lon, geo_precision, site_id, target_type, attack_type, outcome, killed_min, killed_max, wounded_min, wounded_max,
           claim_status, attributed_to_id, claimant_id, claim_count, confidence, confirmed_by, status, notes, source_text, source_urls,
           source_publishers, is_synthetic, created_by_id, updated_by_id)
         SELECT t.id, t.reference, t."occurredOn", t."occurredTime", t."datePrecision", t.country, t.admin1, t."locationName", t."locationNameAr",
           t.lat, t.lon, t."geoPrecision", t.site_id, t."targetType", t."attackType", t.outcome, t."killedMin", t."killedMax",
           t."woundedMin", t."woundedMax", t."claimStatus", t.attributed_to_id, claims.group_id, coalesce(claims.n, 0), t.confidence,
           coalesce(t."confirmedBy", '{}'), $3::"PublicationStatus", t.notes, coalesce(words.text, ''), coalesce(words.urls, '{}'), coalesce(publishers.list, '{}'),
           t."isSynthetic", $4, $4
         FROM import_incident t
         -- What the claim and source triggers would have set: the credited group (earliest claim), the
         -- claim count, the sources' words and the export's lists of URLs and publishers (in the orders of
         -- incident_source_text(), incident_source_urls() and incident_source_publishers()).
         LEFT JOIN (SELECT c.incident_id, (array_agg(c.group_id ORDER BY c.stated_at, c.id))[1] AS group_id, count(*)::int AS n
                    FROM import_claim c WHERE c.n > $1 AND c.n <= $2 GROUP BY c.incident_id) claims ON claims.incident_id = t.id
         LEFT JOIN (SELECT x.incident_id, string_agg(coalesce(x.title, '') || ' ' || coalesce(x.publisher, ''), ' ' ORDER BY x.id) AS text,
                           array_agg(x.url ORDER BY x.published_on NULLS LAST, x.id) AS urls
                    FROM import_source x WHERE x.n > $1 AND x.n <= $2 GROUP BY x.incident_id) words ON words.incident_id = t.id
         LEFT JOIN (SELECT incident_id, array_agg(p ORDER BY first_on NULLS LAST, p COLLATE "C") AS list
                    FROM (SELECT x.incident_id, coalesce(x.publisher, x.url) AS p, min(x.published_on) AS first_on
                          FROM import_source x WHERE x.n > $1 AND x.n <= $2 GROUP BY 1, 2) x
                    GROUP BY incident_id) publishers ON publishers.incident_id = t.id
         WHERE t.n > $1 AND t.n <= $2`,
        [...range, options.status, ownerId],
      );
      await client.query(
        "INSERT INTO claim (id, group_id, stated_at, channel, text, url) SELECT id, group_id, stated_at, channel, text, url FROM import_claim WHERE n > $1 AND n <= $2",
        range,
      );
      await client.query("INSERT INTO incident_claim (incident_id, claim_id) SELECT incident_id, id FROM import_claim WHERE n > $1 AND n <= $2", range);
      await client.query(
        `INSERT INTO source (id, incident_id, url, publisher, title, published_on, kind, language)
         SELECT id, incident_id, url, publisher, title, published_on, kind, language FROM import_source WHERE n > $1 AND n <= $2`,
        range,
      );
      await client.query(
        `INSERT INTO audit_entry (actor_id, actor_label, action, entity_type, entity_id, after, reason, batch_id)
         SELECT $3, $4, 'IMPORT', 'incident', t.id::text, ${snapshot("$7::text")}, $5 || t.row_number, $6
         FROM import_incident t
         LEFT JOIN (${CHUNK_CLAIMS}) cl ON cl.incident_id = t.id
         LEFT JOIN (${CHUNK_SOURCES}) src ON src.incident_id = t.id
         WHERE t.n > $1 AND t.n <= $2`,
        [...range, ownerId, actor.label, reason, batchId, options.status],
      );
      options.onProgress?.(Math.min(from + chunkSize, total), total);
    }
    if (options.status === "PUBLISHED") await client.query("SELECT incident_stats_add_import($1)", [batchId]);
    // Statistics that know about the new rows, so the next queries (the dashboard's, the next
    // import's duplicate check) are planned for the table as it now is.
    await client.query("ANALYZE incident, claim, incident_claim, source");
    await client.query(
      `UPDATE import_batch SET status = 'COMMITTED', imported_as = $2, imported_count = $3, committed_at = now() WHERE id = $1`,
      [batchId, options.status, total],
    );
    await client.query("DELETE FROM import_row WHERE batch_id = $1", [batchId]);
    await client.query("DELETE FROM import_duplicate WHERE batch_id = $1", [batchId]);
    await client.query("COMMIT");
    return { imported: total, leftOut };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
