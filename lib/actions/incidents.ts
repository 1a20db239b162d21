"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { z } from "zod";
import { refusedActionState } from "@/lib/audit/refusals";
import { PermissionDenied, requirePermission } from "@/lib/auth/guards";
import {
  ConflictError, createIncident, deleteIncident, IncidentInputError, IncidentNotFound, type MergeRequest, publishIncident, retractIncident,
  updateIncident,
} from "@/lib/data/incident-writes";
import type { Permission } from "@/lib/permissions";
import { CreateIncidentSchema, fieldErrorsOf, type IncidentInput, StatusChangeSchema, UpdateIncidentSchema } from "@/lib/validation/incident";
import { formFields } from "@/lib/validation/form-fields";
import { countryMismatch } from "@/lib/map/country-of-point";
import { type IncidentFormState, splitMergeFields } from "./incident-form-state";

// The incident actions. Each one: who (permission, checked here on the server whatever the UI
// showed) → what (strict zod parsing of the form) → do (the data layer, one transaction with its
// audit entry) → refresh. Expected failures come back as a state the form shows; bugs are thrown.

export async function createIncidentAction(_previous: IncidentFormState, formData: FormData): Promise<IncidentFormState> {
  const id = await saveIncident("createIncidentAction", "create:incident", formData, CreateIncidentSchema, (actor, input, merge) => {
    if (merge) throw new IncidentInputError("form", "A new incident has nothing to merge with.");
    return createIncident(actor, input);
  });
  if (typeof id !== "string") return id;
  revalidatePath("/", "layout");
  redirect(`/incidents/${id}`);
}

export async function updateIncidentAction(_previous: IncidentFormState, formData: FormData): Promise<IncidentFormState> {
  const id = await saveIncident("updateIncidentAction", "update:incident", formData, UpdateIncidentSchema, (actor, input, merge) => updateIncident(actor, input, merge ?? undefined));
  if (typeof id !== "string") return id;
  revalidatePath("/", "layout");
  redirect(`/incidents/${id}`);
}

export async function publishIncidentAction(_previous: IncidentFormState, formData: FormData): Promise<IncidentFormState> {
  const result = await changeStatus("publishIncidentAction", "publish:incident", formData, (actor, { id, version }) => publishIncident(actor, id, version));
  if (result) return result;
  redirect(`/incidents/${formData.get("id")}`);
}

export async function retractIncidentAction(_previous: IncidentFormState, formData: FormData): Promise<IncidentFormState> {
  const result = await changeStatus("retractIncidentAction", "retract:incident", formData, (actor, { id, version, reason }) => retractIncident(actor, id, version, reason));
  if (result) return result;
  redirect(`/incidents/${formData.get("id")}`);
}

export async function deleteIncidentAction(_previous: IncidentFormState, formData: FormData): Promise<IncidentFormState> {
  const result = await changeStatus("deleteIncidentAction", "delete:incident", formData, (actor, { id, version, reason }) => deleteIncident(actor, id, version, reason));
  if (result) return result;
  redirect("/review?deleted=1");
}

// --- shared steps ---------------------------------------------------------------------------------

type Actor = Awaited<ReturnType<typeof requirePermission>>;

/** Returns the saved incident's id, or the state to show in the form. */
async function saveIncident<S extends z.ZodType<IncidentInput>>(
  action: string, permission: Permission, formData: FormData, schema: S,
  save: (actor: Actor, input: z.output<S>, merge: MergeRequest | null) => ReturnType<typeof createIncident>,
): Promise<string | IncidentFormState> {
  return guarded(action, permission, async (actor) => {
    const fields = formFields(formData);
    if (!fields.ok) return { ok: false, message: "Some fields were not accepted.", fieldErrors: fields.errors };
    // The editor's choices for a conflict (mergeVersion, mergeChoices) are not incident fields.
    const { fields: incidentFields, merge } = splitMergeFields(fields.fields);
    if (merge && "error" in merge) return { ok: false, message: merge.error };
    const parsed = schema.safeParse(incidentFields);
    if (!parsed.success) return { ok: false, message: "Please correct the fields marked below.", fieldErrors: fieldErrorsOf(parsed.error) };
    // The form warned already; the server does not take a point outside its country unasked.
    const mismatch = parsed.data.confirmCountry ? null : countryMismatch(parsed.data.lat, parsed.data.lon, parsed.data.country);
    if (mismatch) {
      return {
        ok: false, message: "Check the location: the point is outside the country.",
        fieldErrors: { country: [`${mismatch.message} Correct the point or the country; if both are right, tick “The point and the country are both right” and save again.`] },
      };
    }
    const result = await save(actor, parsed.data, merge);
    if (!result.saved) {
      return { ok: false, message: "Possible duplicates found. Check them; to save anyway, tick the confirmation and save again.", duplicates: result.duplicates };
    }
    return result.id;
  });
}

async function changeStatus(
  action: string, permission: Permission, formData: FormData,
  change: (actor: Actor, input: z.output<typeof StatusChangeSchema>) => Promise<unknown>,
): Promise<IncidentFormState | null> {
  const result = await guarded(action, permission, async (actor) => {
    const fields = formFields(formData, []);
    if (!fields.ok) return { ok: false, message: "Some fields were not accepted.", fieldErrors: fields.errors };
    const parsed = StatusChangeSchema.safeParse(fields.fields);
    if (!parsed.success) return { ok: false, message: "The request was not accepted.", fieldErrors: fieldErrorsOf(parsed.error) };
    await change(actor, parsed.data);
    return null;
  });
  if (result === null) revalidatePath("/", "layout");
  return result;
}

/**
 * Runs `work` for an actor holding the permission; turns the expected failures into form states.
 * A refusal is recorded under the action's name (lib/audit/refusals.ts).
 */
async function guarded<T>(action: string, permission: Permission, work: (actor: Actor) => Promise<T>): Promise<T | IncidentFormState> {
  try {
    return await work(await requirePermission(permission));
  } catch (error) {
    if (error instanceof PermissionDenied) return refusedActionState(action, error);
    if (error instanceof ConflictError) {
      const { currentVersion, changedSince, conflicts, stale, problem } = error;
      return {
        ok: false,
        message: conflicts.length
          ? stale
            ? `Someone saved this incident again (version ${currentVersion}) while you were choosing, so nothing was saved. Here are the values now; choose again.`
            : "Someone saved this incident while you were editing, and you both changed the fields below. Choose a value for each; nothing was saved yet."
          : "Someone else saved this incident after you opened it, so your changes were not saved. Your input is still here.",
        conflict: { currentVersion, changedFields: changedSince, conflicts, stale, problem },
      };
    }
    if (error instanceof IncidentNotFound) return { ok: false, message: error.message };
    if (error instanceof IncidentInputError) return { ok: false, message: "Please correct the fields marked below.", fieldErrors: { [error.field]: [error.message] } };
    throw error;
  }
}
