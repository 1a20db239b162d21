import { z } from "zod";
import { databaseUnavailableResponse, isDatabaseUnavailable } from "@/lib/api/database-unavailable";
import { refusedApiAnswer, requireWriteAccess } from "@/lib/audit/refusals";
import { PermissionDenied } from "@/lib/auth/guards";
import { commitImport, ImportBatchError } from "@/lib/data/incident-import";

const ACTION = "POST /api/import/{batchId}/commit";

export const dynamic = "force-dynamic";

const CommitSchema = z.strictObject({
  status: z.enum(["DRAFT", "PUBLISHED"]),
  includeDuplicates: z.union([z.literal("all"), z.array(z.number().int().min(2).max(1_000_000)).max(200_000)]).default([]),
});

/**
 * POST /api/import/{batchId}/commit `{ status: "DRAFT" | "PUBLISHED", includeDuplicates }` → the
 * import, as newline-delimited JSON: `{"done":n,"total":N}` after each step, then
 * `{"imported":N,"leftOut":M}` or `{"error":…}` (nothing written). Rows like stored incidents are
 * left out unless `includeDuplicates` is "all" or lists their row numbers. What fails before the
 * first step (no such batch, already imported, nothing left to import, a bad body) is a plain 4xx
 * `{ error }` instead.
 */
export async function POST(request: Request, { params }: { params: Promise<{ batchId: string }> }) {
  const actor = await requireWriteAccess(request, "import:incident", ACTION);
  if (actor instanceof Response) return actor;
  const parsed = CommitSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: "Send { status: DRAFT or PUBLISHED, includeDuplicates: all or a list of row numbers }." }, { status: 400 });
  const { batchId } = await params;

  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const send = (event: object) => controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
  let markStarted!: () => void;
  const started = new Promise<"started">((resolve) => (markStarted = () => resolve("started")));

  const run = commitImport(actor, batchId, {
    ...parsed.data,
    onProgress: (done, total) => {
      markStarted();
      send({ done, total });
    },
  });
  const outcome = await Promise.race([started, run.then(() => "started" as const, (error: unknown) => error)]);
  if (outcome !== "started") return failure(request, outcome);
  run.then(
    ({ imported, leftOut }) => {
      send({ imported, leftOut });
      controller.close();
    },
    (error: unknown) => {
      send({ error: failureMessage(error) });
      controller.close();
    },
  );
  return new Response(body, { headers: { "Content-Type": "application/x-ndjson; charset=utf-8", "Cache-Control": "no-store" } });
}

async function failure(request: Request, error: unknown): Promise<Response> {
  if (error instanceof ImportBatchError) return Response.json({ error: error.message }, { status: error.status });
  if (error instanceof PermissionDenied) return refusedApiAnswer(request, ACTION, error);
  if (isDatabaseUnavailable(error)) {
    console.warn("import commit: database unavailable:", error instanceof Error ? error.message : error);
    return databaseUnavailableResponse();
  }
  return Response.json({ error: failureMessage(error) }, { status: 500 });
}

/** Expected refusals say why; a database refusal names its rule; anything else goes to the log. */
function failureMessage(error: unknown): string {
  if (error instanceof ImportBatchError || error instanceof PermissionDenied) return error.message;
  console.error("import commit:", error);
  const constraint = (error as { constraint?: string }).constraint;
  return `The import failed and nothing was written${constraint ? `: a row breaks the database rule ${constraint}` : ""}.`;
}
