import { z } from "zod";
import { databaseUnavailableResponse, isDatabaseUnavailable } from "@/lib/api/database-unavailable";
import { refusedApiAnswer, requireWriteAccess } from "@/lib/audit/refusals";
import { PermissionDenied } from "@/lib/auth/guards";
import { ImportBusyError, stageImport } from "@/lib/data/incident-import";
import { IMPORT_LAYOUTS } from "@/lib/import/columns";
import { IMPORT_LIMITS, ImportFileError, tooLargeError } from "@/lib/import/file";
import { type ImportChoices, ImportChoicesSchema } from "@/lib/import/values";

export const dynamic = "force-dynamic";

/** The choices of a hand-made file can list thousands of values: far more than a URL holds. */
const MAX_CHOICES_BYTES = 2 * 1024 * 1024;

const ParamsSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).regex(/^[^\u0000-\u001f]*$/, "no control characters").default("upload.csv"),
  layout: z.enum(IMPORT_LAYOUTS).optional(),
  /** Bytes at the start of the body that hold the choices (JSON) rather than the file. */
  choices: z.coerce.number().int().min(2).max(MAX_CHOICES_BYTES).optional(),
});

/**
 * POST /api/import?name=<file name>[&layout=standard|acled|custom&choices=<n>] with the CSV file
 * as the body → 201 `{ batchId, rowCount, validCount, preview }`: the rows are checked and staged,
 * nothing is imported yet. For a hand-made file (layout=custom) the body starts with `n` bytes of
 * JSON, the editor's choices (lib/import/values.ts: the column mapping, values for every row and
 * value mappings), and the file follows. A refused file is a 4xx `{ error }` saying why; while
 * another upload is being checked, 503 with Retry-After. The body is read as a stream with its own
 * bound (server actions stop at 256 kB; files are larger).
 */
export async function POST(request: Request) {
  const actor = await requireWriteAccess(request, "import:incident", "POST /api/import");
  if (actor instanceof Response) return actor;
  try {
    const params = ParamsSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!params.success) {
      const issue = params.error.issues[0]!;
      throw new ImportFileError(`Parameter ${issue.path.join(".") || "?"}: ${issue.message}`, 400);
    }
    const { name, layout } = params.data;
    if ((layout === "custom") !== (params.data.choices !== undefined)) {
      throw new ImportFileError("A file with columns mapped by hand (layout=custom) comes with its choices (choices), and only such a file.", 400);
    }
    let bytes: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> = boundedBody(request);
    let choices: ImportChoices | null = null;
    if (params.data.choices !== undefined) ({ choices, rest: bytes } = await readChoices(bytes, params.data.choices));
    const staged = await stageImport(actor, { fileName: name, bytes, layout: layout ?? null, mapping: choices?.mapping ?? null, choices });
    return Response.json({ ...staged, preview: `/import/${staged.batchId}` }, { status: 201 });
  } catch (error) {
    if (error instanceof ImportFileError) return Response.json({ error: error.message }, { status: error.status });
    // One staging per server process; the next upload is answered at once, its body unread.
    if (error instanceof ImportBusyError) {
      return Response.json({ error: error.message }, { status: 503, headers: { "Retry-After": String(error.retryAfterSeconds), "Cache-Control": "no-store" } });
    }
    if (error instanceof PermissionDenied) return refusedApiAnswer(request, "POST /api/import", error);
    if (isDatabaseUnavailable(error)) {
      console.warn("import upload: database unavailable:", error instanceof Error ? error.message : error);
      return databaseUnavailableResponse();
    }
    console.error("import upload:", error);
    return Response.json({ error: "The server could not read this file; nothing was imported." }, { status: 500 });
  }
}

/** The first `length` bytes of the body, parsed as the choices; the rest of the body, still unread, is the file. */
async function readChoices(body: ReadableStream<Uint8Array>, length: number): Promise<{ choices: ImportChoices; rest: AsyncIterable<Uint8Array> }> {
  const reader = body.getReader();
  const head = new Uint8Array(length);
  let filled = 0;
  let surplus: Uint8Array | null = null;
  while (filled < length) {
    const { done, value } = await reader.read();
    if (done) throw new ImportFileError("The upload ended inside its choices; nothing was imported.", 400);
    const take = Math.min(value.length, length - filled);
    head.set(value.subarray(0, take), filled);
    filled += take;
    if (take < value.length) surplus = value.subarray(take);
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(head));
  } catch {
    await reader.cancel().catch(() => {});
    throw new ImportFileError("Parameter choices: the first bytes of the body are not JSON.", 400);
  }
  const parsed = ImportChoicesSchema.safeParse(json);
  if (!parsed.success) {
    await reader.cancel().catch(() => {});
    const issue = parsed.error.issues[0]!;
    throw new ImportFileError(`Parameter choices.${issue.path.join(".")}: ${issue.message}`, 400);
  }
  async function* rest(): AsyncGenerator<Uint8Array> {
    try {
      if (surplus?.length) yield surplus;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      await reader.cancel().catch(() => {});
    }
  }
  return { choices: parsed.data, rest: rest() };
}

/**
 * The body as it arrives: refused at once when it declares more than the size limit; otherwise
 * stageImport reads it a chunk at a time and stops as soon as it passes the limit (before it is all
 * received), so the server never holds the whole file.
 */
function boundedBody(request: Request): ReadableStream<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > IMPORT_LIMITS.maxBytes) throw tooLargeError();
  if (!request.body) throw new ImportFileError("The file is empty: it needs a header row and at least one data row.", 400);
  return request.body;
}
