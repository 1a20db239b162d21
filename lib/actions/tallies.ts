"use server";

import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { refusedActionState } from "@/lib/audit/refusals";
import { type Actor, PermissionDenied, requirePermission } from "@/lib/auth/guards";
import { ConflictError } from "@/lib/data/incident-writes";
import { RecordInputError, RecordNotFound } from "@/lib/data/keyed-record-writes";
import { createTally, updateTally } from "@/lib/data/tallies";
import { createTimelineEvent, updateTimelineEvent } from "@/lib/data/timeline-events";
import type { Permission } from "@/lib/permissions";
import { formFields } from "@/lib/validation/form-fields";
import { fieldErrorsOf } from "@/lib/validation/incident";
import { CreateTallySchema, CreateTimelineEventSchema, UpdateTallySchema, UpdateTimelineEventSchema } from "@/lib/validation/tally";
import type { FormState } from "./form-state";

// Tallies and key events: who (permission) → what (strict parsing) → do (the data layer, audited in
// the same transaction) → refresh every page that shows them. Expected failures come back as the
// form's state; bugs are thrown.

/** The tally and event forms' answer: the common form state, plus the conflict when there is one. */
export type RecordFormState = FormState & { conflict?: { currentVersion: number; changedFields: string[] } };

export async function createTallyAction(_previous: RecordFormState, formData: FormData): Promise<RecordFormState> {
  return save("createTallyAction", "edit:tally", formData, [], CreateTallySchema, createTally, "Tally added.");
}

export async function updateTallyAction(_previous: RecordFormState, formData: FormData): Promise<RecordFormState> {
  return save("updateTallyAction", "edit:tally", formData, [], UpdateTallySchema, updateTally, "Tally saved.");
}

export async function createTimelineEventAction(_previous: RecordFormState, formData: FormData): Promise<RecordFormState> {
  return save("createTimelineEventAction", "edit:event", formData, ["sources"], CreateTimelineEventSchema, createTimelineEvent, "Event added.");
}

export async function updateTimelineEventAction(_previous: RecordFormState, formData: FormData): Promise<RecordFormState> {
  return save("updateTimelineEventAction", "edit:event", formData, ["sources"], UpdateTimelineEventSchema, updateTimelineEvent, "Event saved.");
}

/** One write; a refusal is recorded under the action's name (lib/audit/refusals.ts). */
async function save<S extends z.ZodType>(
  action: string, permission: Permission, formData: FormData, rowNames: string[], schema: S,
  write: (actor: Actor, input: z.output<S>) => Promise<unknown>, done: string,
): Promise<RecordFormState> {
  try {
    const actor = await requirePermission(permission);
    const fields = formFields(formData, rowNames);
    if (!fields.ok) return { ok: false, message: "Some fields were not accepted.", fieldErrors: fields.errors };
    const parsed = schema.safeParse(fields.fields);
    if (!parsed.success) return { ok: false, message: "Please correct the fields marked below.", fieldErrors: fieldErrorsOf(parsed.error) };
    await write(actor, parsed.data);
  } catch (error) {
    if (error instanceof PermissionDenied) return refusedActionState(action, error);
    if (error instanceof RecordNotFound) return { ok: false, message: error.message };
    if (error instanceof ConflictError) {
      const fields = error.changedSince.length ? ` They changed: ${error.changedSince.join(", ")}.` : "";
      return {
        ok: false,
        message: `Someone else saved this after you opened it, so your changes were not saved.${fields} Reload to see their version; your input is still here.`,
        conflict: { currentVersion: error.currentVersion, changedFields: error.changedSince },
      };
    }
    if (error instanceof RecordInputError) return { ok: false, message: "Please correct the fields marked below.", fieldErrors: { [error.field]: [error.message] } };
    throw error;
  }
  // Tallies and events show on the dashboard, the tallies page and the API.
  revalidatePath("/", "layout");
  return { ok: true, message: done };
}
