import { z } from "zod";
import { refuseCrossOrigin } from "@/lib/api/same-origin";
import { PermissionDenied, requireApiPermission } from "@/lib/auth/guards";
import { stageImport } from "@/lib/data/incident-import";
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
 * checked and staged, nothing is imported yet. A refused file is a 4xx `{ error }` saying why.
 * The body is read here with its own bound (server actions stop at 256 kB; files are larger).
 */
export async function POST(request: Request) {
  const refused = refuseCrossOrigin(request);
  if (refused) return refused;
  const actor = await requireApiPermission(request, "import:incident");
  if (actor instanceof Response) return actor;
  try {
    const params = ParamsSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!params.success) {
      const issue = params.error.issues[0]!;
      throw new ImportFileError(`Parameter ${issue.path.join(".") || "?"}: ${issue.message}`, 400);
    }
    const { name, layout, mapping } = params.data;
    if (layout === "custom" && !mapping) throw new ImportFileError("Map the file's columns to fields (mapping) for a custom layout.", 400);
    const bytes = await readBoundedBody(request);
    const staged = await stageImport(actor, { fileName: name, bytes, layout: layout ?? null, mapping: mapping ?? null });
    return Response.json({ ...staged, preview: `/import/${staged.batchId}` }, { status: 201 });
  } catch (error) {
    if (error instanceof ImportFileError) return Response.json({ error: error.message }, { status: error.status });
    if (error instanceof PermissionDenied) return Response.json({ error: error.message }, { status: 403 });
    console.error("import upload:", error);
    return Response.json({ error: "The server could not read this file; nothing was imported." }, { status: 500 });
  }
}

/** The body, refused as soon as it passes the size limit (before it is all received, and before any parsing). */
async function readBoundedBody(request: Request): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > IMPORT_LIMITS.maxBytes) throw tooLargeError();
  if (!request.body) throw new ImportFileError("The file is empty: it needs a header row and at least one data row.", 400);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > IMPORT_LIMITS.maxBytes) {
      await reader.cancel();
      throw tooLargeError();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}
