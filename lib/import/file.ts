// An uploaded file's bytes → CSV text, or a refusal that says what the file is and what to do:
// the size bound, an empty file, the encoding (UTF-8 with or without a byte-order mark; UTF-16 when
// its byte-order mark says so) and binary data renamed .csv. Read and decoded as the bytes arrive,
// so neither the file nor its text is ever held whole.
//
// No server-only: pure functions.

export const IMPORT_LIMITS = {
  /** Our own export of 10^5 incidents is ~46 MB; this leaves room and bounds the server's memory. */
  maxBytes: 50 * 1024 * 1024,
  /** Data rows per file (the header not counted); a larger file is refused, not cut short. */
  maxRows: 200_000,
  /** Characters of one cell as written in the file (the form's longest text, notes, is 5,000). */
  maxCellChars: 100_000,
  /** Characters of one row as written in the file. */
  maxRowChars: 1_000_000,
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
const SAVE_AS = "Save it from the spreadsheet as “CSV UTF-8 (comma delimited)” and upload that.";
const emptyError = () => new ImportFileError("The file is empty: it needs a header row and at least one data row.", 400);

/** A file as it arrives: whole (tests, scripts), or a request body read as it comes. */
export type FileSource = Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * The file's bytes, about 64 kB at a time. A request body is read as it arrives (never collected);
 * one that breaks off is refused as an interrupted upload. Stopping early cancels the body, so the
 * rest of a refused file is not received.
 */
export async function* fileChunks(source: FileSource): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    for (let at = 0; at < source.length; at += CHUNK_BYTES) yield source.subarray(at, at + CHUNK_BYTES);
    return;
  }
  if (!("getReader" in source)) {
    yield* source;
    return;
  }
  const reader = source.getReader();
  let isDone = false;
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch {
        isDone = true; // the stream is errored already: nothing to cancel
        throw new ImportFileError("The upload broke off before the whole file arrived; nothing was imported. Try again.", 400);
      }
      if (next.done) {
        isDone = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!isDone) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

const CHUNK_BYTES = 64 * 1024;

/**
 * The file's bytes → its text, piece by piece as the bytes arrive, or a refusal that says what the
 * file is: over the size limit (counted while reading, so the rest is never received), a known
 * binary format (by its first bytes), not UTF-8 (or not the UTF-16 its byte-order mark announces),
 * holding NUL, or empty. TextDecoder in stream mode carries a character split between two chunks
 * over to the next; the byte-order mark is dropped.
 */
export async function* decodeCsvChunks(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  let head: Uint8Array | null = new Uint8Array(0); // the first bytes, until the signatures can be told
  let decoder: TextDecoder | null = null;
  let utf16: "utf-16le" | "utf-16be" | null = null;
  let size = 0;
  let hasText = false;
  const open = (bytes: Uint8Array) => {
    const known = SIGNATURES.find((s) => startsWith(bytes, s.bytes));
    if (known) throw new ImportFileError(`This is not a CSV file: it is ${known.name}. ${SAVE_AS}`, 415);
    utf16 = startsWith(bytes, [0xff, 0xfe]) ? "utf-16le" : startsWith(bytes, [0xfe, 0xff]) ? "utf-16be" : null;
    // `fatal` refuses malformed input instead of replacing it.
    decoder = new TextDecoder(utf16 ?? "utf-8", { fatal: true });
    return decoder;
  };
  const decode = (d: TextDecoder, bytes: Uint8Array, stream: boolean) => {
    let text: string;
    try {
      text = d.decode(bytes, { stream });
    } catch {
      throw new ImportFileError(
        utf16
          ? "The file says it is UTF-16 (by its byte-order mark) but is not valid UTF-16 text. " + SAVE_AS
          : "The file is not UTF-8 text (it may be in a legacy encoding such as Windows-1252, or binary). " + SAVE_AS,
        415,
      );
    }
    // Text files never hold NUL; binary formats without a known signature almost always do.
    if (text.includes("\0")) throw new ImportFileError(`This is not a CSV text file: it holds binary data. ${SAVE_AS}`, 415);
    hasText ||= /\S/.test(text);
    return text;
  };

  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > IMPORT_LIMITS.maxBytes) throw tooLargeError();
    let bytes = chunk;
    if (head) {
      bytes = new Uint8Array(head.length + chunk.length);
      bytes.set(head);
      bytes.set(chunk, head.length);
      if (bytes.length < 4) {
        head = bytes;
        continue;
      }
      head = null;
      open(bytes);
    }
    const text = decode(decoder!, bytes, true);
    if (text) yield text;
  }
  const text = decode(decoder ?? open(head ?? new Uint8Array(0)), head ?? new Uint8Array(0), false);
  if (text) yield text;
  if (!hasText) throw emptyError();
}
