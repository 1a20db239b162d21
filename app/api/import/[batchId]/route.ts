import { databaseUnavailableResponse, isDatabaseUnavailable } from "@/lib/api/database-unavailable";
import { refusedApiAnswer, requireWriteAccess } from "@/lib/audit/refusals";
import { PermissionDenied } from "@/lib/auth/guards";
import { discardImport, isBatchId } from "@/lib/data/incident-import";

const ACTION = "DELETE /api/import/{batchId}";

export const dynamic = "force-dynamic";

/** DELETE /api/import/{batchId}: drops the uploader's staged file → 204, or 404. */
export async function DELETE(request: Request, { params }: { params: Promise<{ batchId: string }> }) {
  const actor = await requireWriteAccess(request, "import:incident", ACTION);
  if (actor instanceof Response) return actor;
  const { batchId } = await params;
  try {
    if (!isBatchId(batchId) || !(await discardImport(actor, batchId))) {
      return Response.json({ error: "There is no such staged import." }, { status: 404 });
    }
  } catch (error) {
    if (error instanceof PermissionDenied) return refusedApiAnswer(request, ACTION, error);
    if (!isDatabaseUnavailable(error)) throw error;
    console.warn("import discard: database unavailable:", error instanceof Error ? error.message : error);
    return databaseUnavailableResponse();
  }
  return new Response(null, { status: 204 });
}
