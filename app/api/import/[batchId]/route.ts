import { refuseCrossOrigin } from "@/lib/api/same-origin";
import { requireApiPermission } from "@/lib/auth/guards";
import { discardImport, isBatchId } from "@/lib/data/incident-import";

export const dynamic = "force-dynamic";

/** DELETE /api/import/{batchId}: drops the uploader's staged file → 204, or 404. */
export async function DELETE(request: Request, { params }: { params: Promise<{ batchId: string }> }) {
  const refused = refuseCrossOrigin(request);
  if (refused) return refused;
  const actor = await requireApiPermission(request, "import:incident");
  if (actor instanceof Response) return actor;
  const { batchId } = await params;
  if (!isBatchId(batchId) || !(await discardImport(actor, batchId))) {
    return Response.json({ error: "There is no such staged import." }, { status: 404 });
  }
  return new Response(null, { status: 204 });
}
