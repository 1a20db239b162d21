import { describe, expect, it } from "vitest";
import { CsvLimitError, type CsvRow, readCsvChunks, readCsvRows } from "@/lib/export/csv";
import { decodeCsvChunks, fileChunks, IMPORT_LIMITS } from "@/lib/import/file";

// Uploads are read as they arrive: bytes → text (TextDecoder in stream mode) → rows, a piece at a
// time. Wherever the pieces happen to be cut (inside a quote pair, between CR and LF, inside a
// multi-byte character), the rows, their line numbers and the refusals are those of the whole text.

const TEXTS = [
  'a,b,c\r\n"x, y","say ""hi""","two\nlines"\n,,عربي\n',
  "\uFEFFa,b\n1,2",
  'h1,h2\r\n"""",""""""\r\n"a\r\nb",c\r\nlone\rcr,x\r\n,\r\n',
  "one\n\n\ntwo,\n",
  '"q"\r\n""',
  "",
];
const BAD = ['"q"\r\n"', 'a,"open\n', 'a,b"c\n', '"a"b\n', 'x\n"ok"\rz\n', "ok\n\"never closed,\r\n\r\n"];

async function* pieces(text: string, size: number): AsyncGenerator<string> {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
}
async function collect(rows: AsyncIterable<CsvRow>): Promise<CsvRow[]> {
  const out: CsvRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}
const outcome = async <T>(work: () => Promise<T> | T) => {
  try {
    return { value: await work() };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

describe("readCsvChunks", () => {
  it.each(TEXTS)("reads %j in pieces of any size as readCsvRows reads it whole", async (text) => {
    const whole = [...readCsvRows(text)];
    for (const size of [1, 2, 3, 5, 64]) expect(await collect(readCsvChunks(pieces(text, size)))).toEqual(whole);
    for (let cut = 0; cut <= text.length; cut++) {
      async function* two() {
        yield text.slice(0, cut);
        yield text.slice(cut);
      }
      expect(await collect(readCsvChunks(two()))).toEqual(whole);
    }
  });

  it.each(BAD)("refuses %j with the whole text's message, however it is cut", async (text) => {
    const whole = await outcome(() => [...readCsvRows(text)]);
    expect(whole.error).toMatch(/^CSV line \d+: /);
    for (const size of [1, 2, 3, 7]) expect(await outcome(() => collect(readCsvChunks(pieces(text, size))))).toEqual(whole);
  });

  it("refuses a cell or a row over the limits at the line it starts, before reading much past the limit", async () => {
    const limits = { maxCellChars: 100, maxRowChars: 1_000 };
    let read = 0;
    async function* endless(head: string, fill: string) {
      yield head;
      for (;;) {
        read += 10;
        yield fill.repeat(10);
      }
    }
    await expect(collect(readCsvChunks(endless('a\nb\n"multi\nline', '"'), limits))).rejects.toThrow(
      new CsvLimitError(3, "cell", 100),
    );
    expect(read).toBeLessThan(400);
    read = 0;
    await expect(collect(readCsvChunks(endless("a\nb\n", "x"), limits))).rejects.toThrow("line 3 has a cell longer than 100 characters, the limit for one cell");
    expect(read).toBeLessThan(400);
    read = 0;
    await expect(collect(readCsvChunks(endless("a\nb\n", ","), limits))).rejects.toThrow(
      "the row on line 3 is longer than 1,000 characters, the limit for one row",
    );
    expect(read).toBeLessThan(4_000);
    // Within the limits, whole: a cell of exactly the limit (quotes counted) is read.
    const cell = `"${"y".repeat(98)}"`;
    expect(await collect(readCsvChunks(pieces(`${cell},z\n`, 7), limits))).toEqual([{ cells: ["y".repeat(98), "z"], line: 1 }]);
    await expect(collect(readCsvChunks(pieces(`"${"y".repeat(99)}"\n`, 7), limits))).rejects.toThrow(CsvLimitError);
  });
});

describe("decodeCsvChunks", () => {
  const text = "\uFEFFlocation,notes\r\nقاعدة عين الأسد,\"a 😀 \"\"quote\"\"\"\r\n";
  const encodings: Array<[string, Buffer]> = [
    ["UTF-8", Buffer.from(text)],
    ["UTF-8 without a byte-order mark", Buffer.from(text.slice(1))],
    ["UTF-16 LE", Buffer.from(text, "utf16le")],
    ["UTF-16 BE", Buffer.from(text, "utf16le").swap16()],
  ];
  async function* bytesOf(bytes: Uint8Array, size: number) {
    for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
  }
  const decoded = async (chunks: AsyncIterable<Uint8Array>) => {
    let out = "";
    for await (const piece of decodeCsvChunks(chunks)) out += piece;
    return out;
  };

  it.each(encodings)("decodes %s split anywhere, the byte-order mark dropped", async (_, bytes) => {
    for (const size of [1, 2, 3, 5, 1024]) expect(await decoded(bytesOf(bytes, size))).toBe(text.slice(1));
    expect(await decoded(fileChunks(bytes))).toBe(text.slice(1));
  });

  it("refuses what the whole-file checks refused, in chunks of a byte", async () => {
    const refusal = (bytes: number[] | Buffer) => outcome(() => decoded(bytesOf(Uint8Array.from(bytes), 1)));
    expect((await refusal([0x50, 0x4b, 0x03, 0x04, 0x14])).error).toMatch(/^This is not a CSV file: it is an Excel workbook/);
    expect((await refusal([0x1f, 0x8b])).error).toMatch(/^This is not a CSV file: it is a gzip archive/);
    expect((await refusal([...Buffer.from("a,b\n"), 0xe9, 0x0a])).error).toMatch(/^The file is not UTF-8 text/);
    expect((await refusal([...Buffer.from("a,b\n"), 0xe2, 0x82])).error).toMatch(/^The file is not UTF-8 text/); // cut short
    expect((await refusal([0xff, 0xfe, 0x41])).error).toMatch(/^The file says it is UTF-16/);
    expect((await refusal([0x41, 0x00, 0x42])).error).toMatch(/^This is not a CSV text file: it holds binary data/);
    expect((await refusal(Buffer.from(" \r\n\t\n"))).error).toBe("The file is empty: it needs a header row and at least one data row.");
    expect((await refusal([])).error).toBe("The file is empty: it needs a header row and at least one data row.");
  });

  it("stops at the size limit, reading no further", async () => {
    let read = 0;
    const chunk = new Uint8Array(1024 * 1024).fill(0x61);
    async function* endless() {
      for (;;) {
        read += chunk.length;
        yield chunk;
      }
    }
    await expect(decoded(endless())).rejects.toThrow(/^The file is larger than 50 MB/);
    expect(read).toBe(IMPORT_LIMITS.maxBytes + chunk.length);
  });
});
