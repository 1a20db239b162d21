// CSV as researchers open it: RFC 4180 (comma, CRLF-or-LF rows, double quotes doubled), UTF-8,
// one header row. PostgreSQL's COPY writes the exports; this module holds the rules it follows
// and a reader for the same format (tests read exports back with it; imports read uploads with it,
// as a stream and within limits).
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

/**
 * U+FEFF, which UTF-8 writes as EF BB BF. A file that starts with it is read as UTF-8 by Excel
 * (exports with `bom=1`); without it Excel guesses the computer's legacy code page and Arabic turns
 * to garbage. The reader below skips it.
 */
export const UTF8_BYTE_ORDER_MARK = "\uFEFF";

/** Where the text stops being CSV: `line` counts physical lines, `record` counts rows after the header. */
export class CsvSyntaxError extends Error {
  constructor(where: { line: number } | { record: number }, message: string) {
    super(`CSV ${"line" in where ? `line ${where.line}` : `record ${where.record}`}: ${message}`);
  }
}

/** One row of a CSV text and the physical line it starts on (1-based). */
export type CsvRow = { cells: string[]; line: number };

/**
 * Bounds on what one cell and one row may hold, counted in characters as written in the file
 * (quotes included). A reader of untrusted text sets them, so that a file that is one endless cell
 * (45 MB of quotes) or one endless row (a line of commas) is refused as soon as the bound is
 * passed, without holding the rest of it. Unbounded by default (our own files, the tests).
 */
export type CsvLimits = { maxCellChars: number; maxRowChars: number };

/** A cell or a row over the reader's limit, named by the line it starts on. */
export class CsvLimitError extends Error {
  constructor(
    readonly line: number,
    readonly what: "cell" | "row",
    readonly limit: number,
  ) {
    const chars = `${limit.toLocaleString("en")} characters`;
    super(what === "cell" ? `line ${line} has a cell longer than ${chars}, the limit for one cell` : `the row on line ${line} is longer than ${chars}, the limit for one row`);
  }
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/**
 * RFC 4180 rows out of text that arrives in pieces. Each piece is read as far as it holds whole
 * rows; the unfinished row waits for more text. Before an unfinished row is read again, the text
 * must have doubled, so a long row costs about twice its length however finely the text arrives;
 * and an unfinished cell or row over the limits is refused at once.
 */
class CsvReader {
  /** The text not read yet: from the start of the unfinished row. */
  private text = "";
  private at = 0;
  private line = 1;
  private isStart = true;
  private wanted = 0;
  private readonly special = /[",\r\n]/g;
  private readonly limits: CsvLimits;

  constructor(limits: Partial<CsvLimits> = {}) {
    this.limits = { maxCellChars: Infinity, maxRowChars: Infinity, ...limits };
  }

  /** The rows that `piece` completes; with `isLast`, the rest of the text too. */
  *read(piece: string, isLast: boolean): Generator<CsvRow> {
    this.text += piece;
    if (this.isStart && this.text.length > 0) {
      this.isStart = false;
      if (this.text.startsWith(UTF8_BYTE_ORDER_MARK)) this.at = 1;
    }
    if (!isLast && this.text.length < this.wanted) return;
    while (this.at < this.text.length) {
      const row = this.row(isLast);
      if (!row) {
        this.text = this.text.slice(this.at);
        this.at = 0;
        this.wanted = 2 * this.text.length;
        return;
      }
      yield row;
    }
    this.text = "";
    this.at = 0;
    this.wanted = 0;
  }

  /** The row at `at`, or null when the text ends inside it and more is to come. */
  private row(isLast: boolean): CsvRow | null {
    const { text, special } = this;
    const { maxCellChars, maxRowChars } = this.limits;
    const start = this.at;
    let i = start;
    let line = this.line;
    const row: CsvRow = { cells: [], line };
    /** More text is needed: unless the cell or the row is already over its limit. */
    const unfinished = (cellStart: number, cellLine: number) => {
      if (text.length - cellStart > maxCellChars) throw new CsvLimitError(cellLine, "cell", maxCellChars);
      if (text.length - start > maxRowChars) throw new CsvLimitError(row.line, "row", maxRowChars);
      return null;
    };
    for (;;) {
      let cell: string;
      if (text.charCodeAt(i) === QUOTE) {
        // Quoted: runs to the next quote that is not doubled; may span lines.
        const quoteLine = line;
        let from = i + 1;
        let close: number;
        let hasDoubled = false;
        for (;;) {
          close = text.indexOf('"', from);
          // A quote that ends the text so far may be the first of a doubled one.
          if (close < 0 || (close === text.length - 1 && !isLast)) {
            if (!isLast) return unfinished(i, quoteLine);
            throw new CsvSyntaxError({ line: quoteLine }, "a quoted cell is never closed");
          }
          if (text.charCodeAt(close + 1) !== QUOTE) break;
          hasDoubled = true;
          from = close + 2;
        }
        if (close + 1 - i > maxCellChars) throw new CsvLimitError(quoteLine, "cell", maxCellChars);
        const raw = text.slice(i + 1, close);
        cell = hasDoubled ? raw.replaceAll('""', '"') : raw;
        line += countLineFeeds(raw);
        i = close + 1;
        const next = text.charCodeAt(i);
        if (i < text.length && next !== COMMA && next !== LF && next !== CR) {
          throw new CsvSyntaxError({ line }, "text follows a closing quote");
        }
      } else {
        // Unquoted: runs to the next comma, quote or line end. A lone CR is text; only CRLF ends a row.
        special.lastIndex = i;
        let end = text.length;
        for (let found = special.exec(text); found; found = special.exec(text)) {
          if (text.charCodeAt(found.index) === CR && text.charCodeAt(found.index + 1) !== LF) {
            if (found.index === text.length - 1 && !isLast) return unfinished(i, line);
            continue;
          }
          end = found.index;
          break;
        }
        if (end === text.length && !isLast) return unfinished(i, line);
        if (text.charCodeAt(end) === QUOTE) throw new CsvSyntaxError({ line }, "a quote inside an unquoted cell");
        if (end - i > maxCellChars) throw new CsvLimitError(line, "cell", maxCellChars);
        cell = text.slice(i, end);
        i = end;
      }
      row.cells.push(cell);
      if (i - start > maxRowChars) throw new CsvLimitError(row.line, "row", maxRowChars);
      const ch = text.charCodeAt(i);
      if (ch === COMMA) {
        i++;
        continue;
      }
      if (ch === LF) i++;
      else if (ch === CR) {
        if (i === text.length - 1 && !isLast) return unfinished(text.length, line);
        if (text.charCodeAt(i + 1) !== LF) throw new CsvSyntaxError({ line }, "text follows a closing quote");
        i += 2;
      } else if (!isLast) return unfinished(text.length, line); // the text ends right after a closing quote
      line++;
      break;
    }
    this.at = i;
    this.line = line;
    return row;
  }
}

/**
 * Reads RFC 4180 text into rows of cells, one row at a time. Quoted cells may hold commas, quotes
 * (doubled) and line breaks; rows end with LF or CRLF; a UTF-8 byte-order mark is skipped. An
 * unclosed quote or a quote inside an unquoted cell is an error naming the line, not a silently
 * shifted column; so is a cell or a row over the `limits` (CsvLimitError).
 */
export function* readCsvRows(text: string, limits?: Partial<CsvLimits>): Generator<CsvRow> {
  yield* new CsvReader(limits).read(text, true);
}

/**
 * The same rows from text that arrives in pieces (a file being uploaded, decoded as it comes): an
 * import of a large file never holds the file, its text or every row at once, only the unfinished
 * row and the piece at hand.
 */
export async function* readCsvChunks(pieces: AsyncIterable<string>, limits?: Partial<CsvLimits>): AsyncGenerator<CsvRow> {
  const reader = new CsvReader(limits);
  for await (const piece of pieces) yield* reader.read(piece, false);
  yield* reader.read("", true);
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
