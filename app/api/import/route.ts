import { z } from "zod";
import { databaseUnavailableResponse, isDatabaseUnavailable } from "@/lib/api/database-unavailable";
import { refusedApiAnswer, requireWriteAccess } from "@/lib/audit/refusals";
import { PermissionDenied } from "@/lib/auth/guards";
import { ImportBusyError, stageImport } from "@/lib/data/incident-import";
import { IMPORT_LAYOUTS } from "@/lib/import/columns";
import { IMPORT_LIMITS, ImportFileError, tooLargeError } from "@/lib/import/file";

export const dynamic = "force-dynamic";

const ParamsSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).regex(/^[^\u0000-\u001f]*$/, "no control characters").default("upload.csv"),
  layout: z.enum(IMPORT_LAYOUTS).optional(),
  mapping: z
    .string()
    .max(20_000)
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "is not JSON" });
        return z.NEVER;
      }
    })
    .pipe(z.array(z.tuple([z.string().max(200), z.string().max(60)])).max(200))
    .optional(),
});

/**
 * POST /api/import?name=<file name>[&layout=standard|acled|custom&mapping=[["file column","field"],…]]
 * with the CSV file as the body → 201 `{ batchId, rowCount, validCount, preview }`: the rows are
 * checked and staged, nothing is imported yet. A refused file is a 4xx `{ error }` saying why;
 * while another upload is being checked, 503 with Retry-After. The body is read as a stream with
 * its own bound (server actions stop at 256 kB; files are larger).
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
    const { name, layout, mapping } = params.data;
    if (layout === "custom" && !mapping) throw new ImportFileError("Map the file's columns to fields (mapping) for a custom layout.", 400);
    const bytes = boundedBody(request);
    const staged = await stageImport(actor, { fileName: name, bytes, layout: layout ?? null, mapping: mapping ?? null });
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
