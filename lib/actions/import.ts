"use server";

import { revalidatePath } from "next/cache";
import { refusedActionState } from "@/lib/audit/refusals";
import { PermissionDenied, requirePermission } from "@/lib/auth/guards";
import { saveImportMapping } from "@/lib/data/import-mappings";
import { ConflictError } from "@/lib/data/incident-writes";
import { RecordInputError, RecordNotFound } from "@/lib/data/keyed-record-writes";
import { SaveImportMappingSchema } from "@/lib/import/values";
import { fieldErrorsOf } from "@/lib/validation/incident";
import type { FormState } from "./form-state";

export type SaveMappingState = FormState & { saved?: { id: string; version: number } };

/**
 * Saves an upload's choices under a name (the upload page sends them as an object, not a form):
 * who → what (strict) → do (audited, version-locked) → the import page offers them from now on.
 */
export async function saveImportMappingAction(input: unknown): Promise<SaveMappingState> {
  try {
    const actor = await requirePermission("import:incident");
    const parsed = SaveImportMappingSchema.safeParse(input);
    if (!parsed.success) return { ok: false, message: "The choices could not be saved.", fieldErrors: fieldErrorsOf(parsed.error) };
    const saved = await saveImportMapping(actor, parsed.data);
    revalidatePath("/import");
    return { ok: true, message: `Saved as “${parsed.data.name}”.`, saved };
  } catch (error) {
    if (error instanceof PermissionDenied) return refusedActionState("saveImportMappingAction", error);
    if (error instanceof RecordNotFound) return { ok: false, message: "Those saved choices were deleted; save them under a new name." };
    if (error instanceof ConflictError) return { ok: false, message: "Someone saved these choices after you loaded them; reload the page to see theirs." };
    if (error instanceof RecordInputError) return { ok: false, message: error.message, fieldErrors: { [error.field]: [error.message] } };
    throw error;
  }
}
