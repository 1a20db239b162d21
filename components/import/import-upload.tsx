"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { readCsvRows } from "@/lib/export/csv";
import { type ColumnMapping, detectLayout, LAYOUT_LABELS, MAPPABLE_COLUMNS, REQUIRED_COLUMNS, suggestMapping } from "@/lib/import/columns";
import { IMPORT_LIMITS } from "@/lib/import/file";

/** The first 64 kB is plenty for a header row, and reading it costs nothing even for a large file. */
const HEAD_BYTES = 64 * 1024;

/** The header row as the browser can read it, or null when the head is not readable CSV (the server will say why). */
async function readHeader(file: File): Promise<string[] | null> {
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const encoding = head[0] === 0xff && head[1] === 0xfe ? "utf-16le" : head[0] === 0xfe && head[1] === 0xff ? "utf-16be" : "utf-8";
  try {
    const first = readCsvRows(new TextDecoder(encoding).decode(head)).next();
    return first.done ? null : first.value.cells;
  } catch {
    return null;
  }
}

type Chosen = { file: File; header: string[] | null; layout: "standard" | "acled" | null };

/**
 * Choose a file → its layout is recognised from the header (our export, ACLED), or the editor maps
 * its columns → upload with progress → the preview page. Nothing is imported before the preview.
 */
export function ImportUpload() {
  const router = useRouter();
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>([]);
  const [sent, setSent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function choose(file: File | undefined) {
    setError(null);
    setChosen(null);
    if (!file) return;
    if (file.size > IMPORT_LIMITS.maxBytes) {
      setError(`The file is larger than ${IMPORT_LIMITS.maxBytes / 1024 / 1024} MB, the import limit. Split it into smaller files (each with the header row).`);
      return;
    }
    const header = await readHeader(file);
    const layout = header ? detectLayout(header) : null;
    setChosen({ file, header, layout });
    setMapping(header && !layout ? suggestMapping(header) : []);
  }

  const isMapped = (field: string) => mapping.some(([, f]) => f === field);
  const unmapped = chosen?.header && !chosen.layout ? REQUIRED_COLUMNS.filter((c) => !isMapped(c)) : [];

  function upload() {
    if (!chosen) return;
    const params = new URLSearchParams({ name: chosen.file.name.slice(0, 200) || "upload.csv" });
    if (chosen.header && !chosen.layout) {
      params.set("layout", "custom");
      params.set("mapping", JSON.stringify(mapping));
    }
    // XMLHttpRequest, not fetch: it reports upload progress.
    const request = new XMLHttpRequest();
    request.open("POST", `/api/import?${params}`);
    request.setRequestHeader("Content-Type", "text/csv");
    request.upload.onprogress = (e) => e.lengthComputable && setSent(e.loaded / e.total);
    request.onload = () => {
      let body: { error?: string; preview?: string } = {};
      try {
        body = JSON.parse(request.responseText) as typeof body;
      } catch {
        // not JSON: a proxy's error page; the status says enough
      }
      if (request.status === 201 && body.preview) {
        router.push(body.preview);
        return;
      }
      setSent(null);
      setError(body.error ?? `The upload failed (HTTP ${request.status}); nothing was imported.`);
    };
    request.onerror = () => {
      setSent(null);
      setError("The upload was interrupted; nothing was imported. Try again.");
    };
    setError(null);
    setSent(0);
    request.send(chosen.file);
  }

  return (
    <div className="space-y-4">
      <label className="block text-sm">
        CSV file (UTF-8 or UTF-16, at most {IMPORT_LIMITS.maxBytes / 1024 / 1024} MB and {IMPORT_LIMITS.maxRows.toLocaleString("en")} rows)
        <input type="file" accept=".csv,text/csv" onChange={(e) => void choose(e.target.files?.[0])} className="mt-1 block text-sm" data-testid="import-file" />
      </label>

      {chosen && chosen.layout && (
        <p className="text-sm" data-testid="import-layout">Recognised layout: <strong>{LAYOUT_LABELS[chosen.layout]}</strong>. Its columns are read by name.</p>
      )}
      {chosen?.header && !chosen.layout && (
        <fieldset className="space-y-2" data-testid="import-mapping">
          <legend className="text-sm font-semibold">Map the file&apos;s columns to fields</legend>
          <p className="text-sm text-stone-600">
            The columns are neither our export&apos;s nor ACLED&apos;s. Choose a field for each column you want imported; fields are
            described on <a href="/docs/data" className="text-blue-800 underline">the data dictionary</a>. Required: {REQUIRED_COLUMNS.join(", ")}.
          </p>
          <table className="bg-white text-sm">
            <tbody>
              {mapping.map(([column, field], k) => (
                <tr key={k} className="border-t border-stone-200">
                  <td className="px-3 py-1 font-mono">{column || `(column ${k + 1})`}</td>
                  <td className="px-3 py-1">
                    <select
                      aria-label={`Field for column ${column || k + 1}`}
                      value={field}
                      onChange={(e) => setMapping(mapping.map((m, j) => (j === k ? [m[0], e.target.value] : m)))}
                      className="rounded border border-stone-400 bg-white px-1 py-0.5"
                    >
                      <option value="">— not imported —</option>
                      {MAPPABLE_COLUMNS.map((name) => (
                        <option key={name} value={name} disabled={name !== field && isMapped(name)}>{name}</option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {unmapped.length > 0 && <p className="text-sm text-amber-900">Still to map: {unmapped.join(", ")}.</p>}
        </fieldset>
      )}

      {chosen && (
        <button
          type="button"
          onClick={upload}
          disabled={sent !== null || unmapped.length > 0}
          className="rounded bg-stone-800 px-3 py-1.5 text-sm text-white disabled:opacity-60"
          data-testid="import-upload"
        >
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
