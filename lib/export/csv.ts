// CSV as researchers open it: RFC 4180 (comma, CRLF-or-LF rows, double quotes doubled), UTF-8,
// one header row. PostgreSQL's COPY writes the exports; this module holds the rules it follows
// and a reader for the same format (tests read exports back with it; imports will too).
//
// No server-only: pure functions.

/**
 * A cell starting with one of these is run as a formula by spreadsheet programs (OWASP "CSV
 * injection"): `=`, `+`, `-`, `@`, tab and carriage return. Exports prefix such text cells with an
 * apostrophe, which the spreadsheet shows as text. NUL never reaches a cell: PostgreSQL text
 * cannot hold it, so the database refuses it before it could be exported.
 */
export const FORMULA_TRIGGERS = ["=", "+", "-", "@", "\t", "\r"] as const;

/** The rule in JavaScript, for text that does not come through COPY. Numbers are never passed here. */
export function neutraliseFormula(text: string): string {
  return (FORMULA_TRIGGERS as readonly string[]).includes(text.charAt(0)) ? `'${text}` : text;
}

/**
 * The inverse of neutraliseFormula, for imports of our own files: exactly one leading apostrophe
 * is dropped when the text after it starts with a trigger. (So a text that itself began with an
 * apostrophe and a trigger, which the export writes unchanged, loses its apostrophe on import.)
 */
export function restoreFormula(text: string): string {
  return text.charAt(0) === "'" && (FORMULA_TRIGGERS as readonly string[]).includes(text.charAt(1)) ? text.slice(1) : text;
}

/** Where the text stops being CSV: `line` counts physical lines, `record` counts rows after the header. */
export class CsvSyntaxError extends Error {
  constructor(where: { line: number } | { record: number }, message: string) {
    super(`CSV ${"line" in where ? `line ${where.line}` : `record ${where.record}`}: ${message}`);
  }
}

/** One row of a CSV text and the physical line it starts on (1-based). */
export type CsvRow = { cells: string[]; line: number };

/**
 * Reads RFC 4180 text into rows of cells, one row at a time (an import of a large file never holds
 * every row at once). Quoted cells may hold commas, quotes (doubled) and line breaks; rows end with
 * LF or CRLF; a UTF-8 byte-order mark is skipped. An unclosed quote or a quote inside an unquoted
 * cell is an error naming the line, not a silently shifted column.
 */
export function* readCsvRows(text: string): Generator<CsvRow> {
  const special = /[",\r\n]/g;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const row: CsvRow = { cells: [], line };
    for (;;) {
      let cell: string;
      if (text[i] === '"') {
        // Quoted: runs to the next quote that is not doubled; may span lines.
        const quoteLine = line;
        let parts = "";
        let from = i + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close < 0) throw new CsvSyntaxError({ line: quoteLine }, "a quoted cell is never closed");
          parts += text.slice(from, close);
          if (text[close + 1] === '"') {
            parts += '"';
            from = close + 2;
            continue;
          }
          i = close + 1;
          break;
        }
        line += countLineFeeds(parts);
        cell = parts;
        const next = text[i];
        if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
          throw new CsvSyntaxError({ line }, "text follows a closing quote");
        }
      } else {
        special.lastIndex = i;
        let found = special.exec(text);
        // A lone CR is text; only CRLF ends a row.
        while (found?.[0] === "\r" && text[found.index + 1] !== "\n") found = special.exec(text);
        const end = found ? found.index : text.length;
        if (found?.[0] === '"') throw new CsvSyntaxError({ line }, "a quote inside an unquoted cell");
        cell = text.slice(i, end);
        i = end;
      }
      row.cells.push(cell);
      const ch = text[i];
      if (ch === ",") {
        i++;
        continue;
      }
      if (ch === "\n") i++;
      else if (ch === "\r" && text[i + 1] === "\n") i += 2;
      else if (ch === "\r") throw new CsvSyntaxError({ line }, "text follows a closing quote");
      line++;
      break;
    }
    yield row;
  }
}

function countLineFeeds(s: string): number {
  let n = 0;
  for (let k = s.indexOf("\n"); k >= 0; k = s.indexOf("\n", k + 1)) n++;
  return n;
}

/** The whole text as rows of cells (readCsvRows, collected). */
export function parseCsv(text: string): string[][] {
  return Array.from(readCsvRows(text), (row) => row.cells);
}

/** Rows as objects keyed by the header row; every row must have the header's width. */
export function parseCsvRecords(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((cells, index) => {
    if (cells.length !== header.length) {
      throw new CsvSyntaxError({ record: index + 1 }, `${cells.length} cells where the header has ${header.length}`);
    }
    return Object.fromEntries(header.map((name, k) => [name, cells[k]!]));
  });
}
