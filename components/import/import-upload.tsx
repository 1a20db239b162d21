"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { saveImportMappingAction } from "@/lib/actions/import";
import type { SavedImportMapping } from "@/lib/data/import-mappings";
import { readCsvChunks, readCsvRows } from "@/lib/export/csv";
import { detectLayout, FIELD_TITLES, LAYOUT_LABELS, suggestMapping } from "@/lib/import/columns";
import { IMPORT_LIMITS } from "@/lib/import/file";
import {
  type CodedField, choiceIndex, choicesFor, guessValue, headerKey, type ImportChoices, isCodedField, LIST_FIELDS, type ReferenceLists,
} from "@/lib/import/values";
import { type FieldSources, ImportColumns, unfilledFields } from "./import-columns";
import { type FoundValues, ImportValues, MAX_DISTINCT } from "./import-values";

/** The first 64 kB is plenty for a header row, and reading it costs nothing even for a large file. */
const HEAD_BYTES = 64 * 1024;

const encodingOf = (head: Uint8Array) => (head[0] === 0xff && head[1] === 0xfe ? "utf-16le" : head[0] === 0xfe && head[1] === 0xff ? "utf-16be" : "utf-8");

/** The header row as the browser can read it, or null when the head is not readable CSV (the server will say why). */
async function readHeader(file: File): Promise<string[] | null> {
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  try {
    const first = readCsvRows(new TextDecoder(encodingOf(head)).decode(head)).next();
    return first.done ? null : first.value.cells;
  } catch {
    return null;
  }
}

/** The file's text a piece at a time, as the browser reads it from disk. */
async function* fileText(file: File): AsyncGenerator<string> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  const reader = file.stream().pipeThrough(new TextDecoderStream(encodingOf(head))).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

/** Every distinct value (trimmed; list cells item by item) of the coded fields' columns, with row counts, most frequent first. */
async function findValues(file: File, columns: ReadonlyMap<CodedField, number>, onRows: (rows: number) => void): Promise<FoundValues> {
  const counts = new Map([...columns.keys()].map((field) => [field, { values: new Map<string, number>(), isCut: false }]));
  let rows = 0;
  for await (const { cells } of readCsvChunks(fileText(file), IMPORT_LIMITS)) {
    if (rows++ === 0) continue; // the header
    if (rows % 5000 === 0) onRows(rows);
    for (const [field, index] of columns) {
      const found = counts.get(field)!;
      const cell = cells[index] ?? "";
      for (const value of LIST_FIELDS.has(field) ? cell.split(";") : [cell]) {
        const key = value.trim();
        if (key === "" && LIST_FIELDS.has(field)) continue;
        const n = found.values.get(key);
        if (n !== undefined) found.values.set(key, n + 1);
        else if (found.values.size < MAX_DISTINCT) found.values.set(key, 1);
        else found.isCut = true;
      }
    }
  }
  return new Map([...counts].map(([field, { values, isCut }]) => [field, {
    values: [...values].map(([value, n]) => ({ value, rows: n })).sort((a, b) => b.rows - a.rows || a.value.localeCompare(b.value)),
    isCut,
  }]));
}

type Chosen = { file: File; header: string[] | null; layout: "standard" | "acled" | null };

/** The suggested sources: each field's column from the header's names. */
function suggestedSources(header: readonly string[]): Map<string, number | "constant"> {
  return new Map(suggestMapping(header).flatMap(([, field], k) => (field ? [[field, k] as [string, number]] : [])));
}

/** Saved choices applied to this file's header (matched by name, any case). */
function savedSources(saved: SavedImportMapping, header: readonly string[]) {
  const indexOf = new Map(header.map((name, k) => [name.trim().toLowerCase(), k]));
  const sources = new Map<string, number | "constant">();
  for (const [column, field] of saved.choices.mapping) {
    const k = indexOf.get(column.trim().toLowerCase());
    if (field && k !== undefined) sources.set(field, k);
  }
  const constants = new Map(saved.choices.constants.map(([field, value]) => [field, value] as [string, string]));
  for (const field of constants.keys()) sources.set(field, "constant");
  const values = new Map<CodedField, Map<string, string>>();
  for (const [field, value, code] of saved.choices.values) {
    if (!isCodedField(field)) continue;
    if (!values.has(field)) values.set(field, new Map());
    values.get(field)!.set(value, code);
  }
  return { sources, constants, values };
}

type Props = { references: ReferenceLists; savedMappings: SavedImportMapping[] };

/**
 * Choose a file → its layout is recognised from the header (our export, ACLED), or the editor maps
 * it: a column or one value for every row per field, then what each distinct value of the coded
 * columns stands for (choices that can be saved for the next file of the same shape) → upload with
 * progress → the preview page. Nothing is imported before the preview.
 */
export function ImportUpload({ references, savedMappings }: Props) {
  const router = useRouter();
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [step, setStep] = useState<"columns" | "values">("columns");
  const [sources, setSources] = useState<Map<string, number | "constant">>(new Map());
  const [constants, setConstants] = useState<Map<string, string>>(new Map());
  const [maps, setMaps] = useState<Map<CodedField, Map<string, string>>>(new Map());
  /** The saved choices in use (their value mappings come before the guesses); saving again makes their next version. */
  const [saved, setSaved] = useState<{ id: string; version: number; name: string } | null>(null);
  const [found, setFound] = useState<FoundValues | null>(null);
  const [scanned, setScanned] = useState<number | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saveName, setSaveName] = useState("");
  const [saveMessage, setSaveMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const isCustom = Boolean(chosen?.header && !chosen.layout);
  const matching = chosen?.header ? savedMappings.filter((m) => m.headerKey === headerKey(chosen.header!)) : [];

  function applyChoices(header: string[], from: SavedImportMapping | null) {
    const applied = from ? savedSources(from, header) : { sources: suggestedSources(header), constants: new Map<string, string>(), values: new Map<CodedField, Map<string, string>>() };
    setSaved(from && { id: from.id, version: from.version, name: from.name });
    setSources(applied.sources);
    setConstants(applied.constants);
    setMaps(applied.values);
    setSaveName(from?.name ?? "");
    setStep("columns");
    setFound(null);
  }

  async function choose(file: File | undefined) {
    setError(null);
    setChosen(null);
    setSaveMessage(null);
    if (!file) return;
    if (file.size > IMPORT_LIMITS.maxBytes) {
      setError(`The file is larger than ${IMPORT_LIMITS.maxBytes / 1024 / 1024} MB, the import limit. Split it into smaller files (each with the header row).`);
      return;
    }
    const header = await readHeader(file);
    const layout = header ? detectLayout(header) : null;
    setChosen({ file, header, layout });
    // Saved choices made for this header are offered at once: the next month's sheet needs no mapping.
    if (header && !layout) applyChoices(header, savedMappings.find((m) => m.headerKey === headerKey(header)) ?? null);
  }

  const unfilled = isCustom ? unfilledFields(sources, constants) : [];

  function setSource(field: string, source: number | "constant" | null) {
    const next = new Map(sources);
    if (source === null) next.delete(field);
    else next.set(field, source);
    setSources(next);
  }

  /** Step 2: read the whole file for the coded columns' values; prefill each with the saved choice or the guess. */
  async function showValues() {
    if (!chosen) return;
    const columns = new Map<CodedField, number>();
    for (const [field, source] of sources) if (isCodedField(field) && source !== "constant") columns.set(field, source);
    setError(null);
    setScanned(0);
    try {
      const values = await findValues(chosen.file, columns, setScanned);
      const next = new Map<CodedField, Map<string, string>>();
      for (const [field, { values: list }] of values) {
        const index = choiceIndex(choicesFor(field, references), { withGuesses: true });
        const chosenBefore = maps.get(field);
        const map = new Map<string, string>();
        for (const { value } of list) {
          const code = chosenBefore?.get(value) ?? guessValue(field, value, index);
          if (code !== undefined) map.set(value, code);
        }
        next.set(field, map);
      }
      setMaps(next);
      setFound(values);
      setStep("values");
    } catch (e) {
      setError(`The file could not be read for its values: ${(e as Error).message}`);
    } finally {
      setScanned(null);
    }
  }

  function choices(): ImportChoices {
    const header = chosen!.header!;
    return {
      mapping: [...sources].flatMap(([field, source]) => (source === "constant" ? [] : [[header[source]!, field] as [string, string]])),
      constants: [...sources].flatMap(([field, source]) => (source === "constant" ? [[field, constants.get(field) ?? ""] as [string, string]] : [])),
      values: [...maps].flatMap(([field, map]) => [...map].map(([value, code]) => [field, value, code] as [string, string, string])),
    };
  }

  async function save() {
    setSaveMessage(null);
    const keep = saved && saved.name === saveName.trim() ? { id: saved.id, version: saved.version } : {};
    const result = await saveImportMappingAction({ ...keep, name: saveName, header: chosen!.header!, choices: choices() });
    setSaveMessage({ ok: result.ok, text: result.fieldErrors?.name?.[0] ?? result.message ?? "" });
    if (result.ok && result.saved) {
      setSaved({ ...result.saved, name: saveName.trim() });
      router.refresh(); // the page's list of saved choices now has these
    }
  }

  function upload() {
    if (!chosen) return;
    const params = new URLSearchParams({ name: chosen.file.name.slice(0, 200) || "upload.csv" });
    let body: Blob = chosen.file;
    if (isCustom) {
      // The choices go ahead of the file in the body: thousands of value mappings do not fit a URL.
      const json = new TextEncoder().encode(JSON.stringify(choices()));
      params.set("layout", "custom");
      params.set("choices", String(json.byteLength));
      body = new Blob([json, chosen.file]);
    }
    // XMLHttpRequest, not fetch: it reports upload progress.
    const request = new XMLHttpRequest();
    request.open("POST", `/api/import?${params}`);
    request.setRequestHeader("Content-Type", "text/csv");
    request.upload.onprogress = (e) => e.lengthComputable && setSent(e.loaded / e.total);
    request.onload = () => {
      let answer: { error?: string; preview?: string } = {};
      try {
        answer = JSON.parse(request.responseText) as typeof answer;
      } catch {
        // not JSON: a proxy's error page; the status says enough
      }
      if (request.status === 201 && answer.preview) {
        router.push(answer.preview);
        return;
      }
      setSent(null);
      setError(answer.error ?? `The upload failed (HTTP ${request.status}); nothing was imported.`);
    };
    request.onerror = () => {
      setSent(null);
      setError("The upload was interrupted; nothing was imported. Try again.");
    };
    setError(null);
    setSent(0);
    request.send(body);
  }

  const button = "rounded bg-stone-800 px-3 py-1.5 text-sm text-white disabled:opacity-60";
  const isBusy = sent !== null || scanned !== null;
  return (
    <div className="space-y-4">
      <label className="block text-sm">
        CSV file (UTF-8 or UTF-16, at most {IMPORT_LIMITS.maxBytes / 1024 / 1024} MB and {IMPORT_LIMITS.maxRows.toLocaleString("en")} rows)
        <input type="file" accept=".csv,text/csv" onChange={(e) => void choose(e.target.files?.[0])} className="mt-1 block text-sm" data-testid="import-file" />
      </label>

      {chosen && chosen.layout && (
        <p className="text-sm" data-testid="import-layout">Recognised layout: <strong>{LAYOUT_LABELS[chosen.layout]}</strong>. Its columns are read by name.</p>
      )}

      {isCustom && (
        <div className="space-y-3">
          <p className="text-sm text-stone-600">
            The columns are neither our export&apos;s nor ACLED&apos;s. Choose the column each field is taken from (suggested from the
            header), or one value for every row; fields are described on <Link href="/docs/data" className="text-blue-800 underline">the data dictionary</Link>.
            Fields marked * are required.
          </p>
          {matching.length > 0 && (
            <p className="flex flex-wrap items-center gap-2 rounded border border-blue-800 bg-blue-50 p-2 text-sm" data-testid="import-saved">
              {saved ? <>Using the saved choices <strong>{saved.name}</strong>, made for this header.</> : <>Saved choices match this header.</>}
              <select aria-label="Saved choices" value={saved?.id ?? ""} onChange={(e) => applyChoices(chosen!.header!, matching.find((m) => m.id === e.target.value) ?? null)} className="rounded border border-stone-400 bg-white px-1 py-0.5">
                <option value="">The suggestions instead</option>
                {matching.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
              </select>
            </p>
          )}
          <nav aria-label="Import steps" className="flex gap-4 text-sm">
            <button type="button" onClick={() => setStep("columns")} aria-current={step === "columns" ? "step" : undefined} className={step === "columns" ? "font-semibold" : "text-blue-800 underline"}>1. Columns</button>
            <span className={step === "values" ? "font-semibold" : "text-stone-600"} aria-current={step === "values" ? "step" : undefined}>2. Values</span>
          </nav>
          {step === "columns" ? (
            <>
              <ImportColumns header={chosen!.header!} sources={sources as FieldSources} constants={constants} references={references} onSource={setSource}
                onConstant={(field, value) => setConstants(new Map(constants).set(field, value))} />
              {unfilled.length > 0 && (
                <p className="text-sm text-amber-900" data-testid="import-unfilled">
                  Still to fill (a column or a value for every row): {unfilled.map((f) => `${FIELD_TITLES[f as keyof typeof FIELD_TITLES]} (${f})`).join(", ")}.
                </p>
              )}
              <button type="button" onClick={() => void showValues()} disabled={isBusy || unfilled.length > 0} className={button} data-testid="import-next">
                Next: the values
              </button>
              {scanned !== null && <p role="status" className="text-sm">Reading the values… {scanned.toLocaleString("en")} rows</p>}
            </>
          ) : (
            <>
              <p className="text-sm text-stone-600">
                Each distinct value of the coded columns, with the number of rows holding it. Values written as a code, a label or an alias
                are matched already; check the guesses, and choose for the ones highlighted. A value left unmapped is reported on its rows.
              </p>
              <ImportValues found={found ?? new Map()} maps={maps} references={references}
                onChoose={(field, value, code) => {
                  const map = new Map(maps.get(field));
                  if (code === null) map.delete(value);
                  else map.set(value, code);
                  setMaps(new Map(maps).set(field, map));
                }} />
              <div className="flex flex-wrap items-end gap-2 text-sm">
                <label>
                  Save these choices for the next file like this as
                  <input value={saveName} onChange={(e) => setSaveName(e.target.value)} maxLength={100} className="ml-2 rounded border border-stone-400 px-1 py-0.5" data-testid="import-save-name" />
                </label>
                <button type="button" onClick={() => void save()} disabled={!saveName.trim()} className="rounded border border-stone-400 px-3 py-1 disabled:opacity-60" data-testid="import-save">Save</button>
                {saveMessage && <span role={saveMessage.ok ? "status" : "alert"} className={saveMessage.ok ? "text-green-900" : "text-red-900"}>{saveMessage.text}</span>}
              </div>
            </>
          )}
        </div>
      )}

      {chosen && (!isCustom || step === "values") && (
        <button type="button" onClick={upload} disabled={isBusy} className={button} data-testid="import-upload">
          Check the file
        </button>
      )}
      {sent !== null && (
        <div className="space-y-1 text-sm" role="status">
          <progress value={sent} max={1} className="w-64" />
          <p>{sent < 1 ? `Uploading… ${Math.round(sent * 100)} %` : "Checking every row…"}</p>
        </div>
      )}
      {error && <p role="alert" className="text-sm text-red-900" data-testid="import-error">{error}</p>}
    </div>
  );
}
