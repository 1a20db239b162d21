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

/** Where the text stops being CSV: `line` counts physical lines, `record` counts rows after the header. */
export class CsvSyntaxError extends Error {
  constructor(where: { line: number } | { record: number }, message: string) {
    super(`CSV ${"line" in where ? `line ${where.line}` : `record ${where.record}`}: ${message}`);
  }
}

/**
 * Reads RFC 4180 text into rows of cells. Quoted cells may hold commas, quotes (doubled) and line
 * breaks; rows end with LF or CRLF; a UTF-8 byte-order mark is skipped. An unclosed quote or a
 * quote inside an unquoted cell is an error naming the line, not a silently shifted column.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let cellStarted = false;

  const endCell = () => {
    row.push(cell);
    cell = "";
    cellStarted = false;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && !cellStarted) {
      const quoteLine = line;
      i++;
      for (;;) {
        if (i >= text.length) throw new CsvSyntaxError({ line: quoteLine }, "a quoted cell is never closed");
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === "\n") line++;
        cell += c;
        i++;
      }
      cellStarted = true;
      const next = text[i];
      if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
        throw new CsvSyntaxError({ line }, "text follows a closing quote");
      }
      continue;
    }
    if (ch === ",") {
      endCell();
      i++;
    } else if (ch === "\n" || (ch === "\r" && text[i + 1] === "\n")) {
      endCell();
      rows.push(row);
      row = [];
      line++;
      i += ch === "\r" ? 2 : 1;
    } else if (ch === '"') {
      throw new CsvSyntaxError({ line }, "a quote inside an unquoted cell");
    } else {
      cell += ch;
      cellStarted = true;
      i++;
    }
  }
  if (cellStarted || row.length > 0) {
    endCell();
    rows.push(row);
  }
  return rows;
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
