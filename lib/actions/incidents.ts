"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { z } from "zod";
import { PermissionDenied, requirePermission } from "@/lib/auth/guards";
import {
  ConflictError, createIncident, deleteIncident, IncidentInputError, IncidentNotFound, publishIncident, retractIncident, updateIncident,
} from "@/lib/data/incident-writes";
import type { Permission } from "@/lib/permissions";
import { CreateIncidentSchema, fieldErrorsOf, StatusChangeSchema, UpdateIncidentSchema } from "@/lib/validation/incident";
import { formFields } from "@/lib/validation/form-fields";
import type { IncidentFormState } from "./incident-form-state";

// The incident actions. Each one: who (permission, checked here on the server whatever the UI
// showed) → what (strict zod parsing of the form) → do (the data layer, one transaction with its
// audit entry) → refresh. Expected failures come back as a state the form shows; bugs are thrown.

export async function createIncidentAction(_previous: IncidentFormState, formData: FormData): Promise<IncidentFormState> {
  const id = await saveIncident("create:incident", formData, CreateIncidentSchema, (actor, input) => createIncident(actor, input));
  if (typeof id !== "string") return id;
  revalidatePath("/", "layout");
  redirect(`/incidents/${id}`);
}

export async function updateIncidentAction(_previous: IncidentFormState, formData: FormData): Promise<IncidentFormState> {
  const id = await saveIncident("update:incident", formData, UpdateIncidentSchema, (actor, input) => updateIncident(actor, input));
  if (typeof id !== "string") return id;
  revalidatePath("/", "layout");
  redirect(`/incidents/${id}`);
}

export async function publishIncidentAction(_previous: IncidentFormState, formData: FormData): Promise<IncidentFormState> {
  const result = await changeStatus("publish:incident", formData, (actor, { id, version }) => publishIncident(actor, id, version));
  if (result) return result;
  redirect(`/incidents/${formData.get("id")}`);
}

export async function retractIncidentAction(_previous: IncidentFormState, formData: FormData): Promise<IncidentFormState> {
  const result = await changeStatus("retract:incident", formData, (actor, { id, version, reason }) => retractIncident(actor, id, version, reason));
  if (result) return result;
  redirect(`/incidents/${formData.get("id")}`);
}

export async function deleteIncidentAction(_previous: IncidentFormState, formData: FormData): Promise<IncidentFormState> {
  const result = await changeStatus("delete:incident", formData, (actor, { id, version, reason }) => deleteIncident(actor, id, version, reason));
  if (result) return result;
  redirect("/review?deleted=1");
}

// --- shared steps ---------------------------------------------------------------------------------

type Actor = Awaited<ReturnType<typeof requirePermission>>;

/** Returns the saved incident's id, or the state to show in the form. */
async function saveIncident<S extends z.ZodType>(
  permission: Permission, formData: FormData, schema: S,
  save: (actor: Actor, input: z.output<S>) => ReturnType<typeof createIncident>,
): Promise<string | IncidentFormState> {
  return guarded(permission, async (actor) => {
    const fields = formFields(formData);
    if (!fields.ok) return { ok: false, message: "Some fields were not accepted.", fieldErrors: fields.errors };
    const parsed = schema.safeParse(fields.fields);
    if (!parsed.success) return { ok: false, message: "Please correct the fields marked below.", fieldErrors: fieldErrorsOf(parsed.error) };
    const result = await save(actor, parsed.data);
    if (!result.saved) {
      return { ok: false, message: "Possible duplicates found. Check them; to save anyway, tick the confirmation and save again.", duplicates: result.duplicates };
    }
    return result.id;
  });
}

async function changeStatus(
  permission: Permission, formData: FormData,
  change: (actor: Actor, input: z.output<typeof StatusChangeSchema>) => Promise<unknown>,
): Promise<IncidentFormState | null> {
  const result = await guarded(permission, async (actor) => {
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

/** Runs `work` for an actor holding the permission; turns the expected failures into form states. */
async function guarded<T>(permission: Permission, work: (actor: Actor) => Promise<T>): Promise<T | IncidentFormState> {
  try {
    return await work(await requirePermission(permission));
  } catch (error) {
    if (error instanceof PermissionDenied) return { ok: false, message: error.message };
    if (error instanceof ConflictError) {
      return {
        ok: false,
        message: "Someone else saved this incident after you opened it, so your changes were not saved. Your input is still here.",
        conflict: { currentVersion: error.currentVersion, changedFields: error.changedSince },
      };
    }
    if (error instanceof IncidentNotFound) return { ok: false, message: error.message };
    if (error instanceof IncidentInputError) return { ok: false, message: "Please correct the fields marked below.", fieldErrors: { [error.field]: [error.message] } };
    throw error;
  }
}
