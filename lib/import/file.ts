// An uploaded file's bytes → CSV text, or a refusal that says what the file is and what to do.
// Checked before any parsing: the size bound, an empty file, the encoding (UTF-8 with or without a
// byte-order mark; UTF-16 when its byte-order mark says so) and binary data renamed .csv.
//
// No server-only: pure functions.

export const IMPORT_LIMITS = {
  /** Our own export of 10^5 incidents is ~46 MB; this leaves room and bounds the server's memory. */
  maxBytes: 50 * 1024 * 1024,
  /** Data rows per file (the header not counted); a larger file is refused, not cut short. */
  maxRows: 200_000,
} as const;

const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** A file refused as a whole: nothing of it is kept. `status` is the HTTP answer for the upload. */
export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413 | 415 | 422 = 422,
  ) {
    super(message);
  }
}

export function tooLargeError(): ImportFileError {
  return new ImportFileError(
    `The file is larger than ${MB(IMPORT_LIMITS.maxBytes)}, the import limit. Split it into smaller files (each with the header row).`,
    413,
  );
}

/** File signatures of formats people rename to .csv by mistake. */
const SIGNATURES: Array<{ bytes: number[]; name: string }> = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], name: "an Excel workbook or another ZIP archive" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], name: "an old Excel (.xls) or Word document" },
  { bytes: [0x25, 0x50, 0x44, 0x46], name: "a PDF document" },
  { bytes: [0x1f, 0x8b], name: "a gzip archive" },
  { bytes: [0x89, 0x50, 0x4e, 0x47], name: "a PNG image" },
  { bytes: [0xff, 0xd8, 0xff], name: "a JPEG image" },
];

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, k) => bytes[k] === b);

export function decodeCsvFile(bytes: Uint8Array): string {
  if (bytes.length > IMPORT_LIMITS.maxBytes) throw tooLargeError();
  const saveAs = "Save it from the spreadsheet as “CSV UTF-8 (comma delimited)” and upload that.";
  const known = SIGNATURES.find((s) => startsWith(bytes, s.bytes));
  if (known) throw new ImportFileError(`This is not a CSV file: it is ${known.name}. ${saveAs}`, 415);

  let text: string;
  const utf16 = startsWith(bytes, [0xff, 0xfe]) ? "utf-16le" : startsWith(bytes, [0xfe, 0xff]) ? "utf-16be" : null;
  try {
    // The decoder drops the byte-order mark; `fatal` refuses malformed input instead of replacing it.
    text = new TextDecoder(utf16 ?? "utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ImportFileError(
      utf16
        ? "The file says it is UTF-16 (by its byte-order mark) but is not valid UTF-16 text. " + saveAs
        : "The file is not UTF-8 text (it may be in a legacy encoding such as Windows-1252, or binary). " + saveAs,
      415,
    );
  }
  // Text files never hold NUL; binary formats without a known signature almost always do.
  if (text.includes("\0")) throw new ImportFileError(`This is not a CSV text file: it holds binary data. ${saveAs}`, 415);
  if (text.trim() === "") throw new ImportFileError("The file is empty: it needs a header row and at least one data row.", 400);
  return text;
}
