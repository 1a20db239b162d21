"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { AccessChangeSchema } from "@/lib/accounts/access-change";
import { refusedActionState } from "@/lib/audit/refusals";
import { PermissionDenied, requirePermission } from "@/lib/auth/guards";
import { updateUserAccess, UserChangeRefused } from "@/lib/data/users";
import { formFields } from "@/lib/validation/form-fields";
import type { FormState } from "./form-state";

/** The admin page's role change, deactivation and reactivation of one user. */
export async function updateUserAccessAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    return await changeAccess(formData);
  } catch (error) {
    // A demoted or signed-out administrator posting from a stale page gets the reason, not an error
    // page; the refusal is recorded (lib/audit/refusals.ts).
    if (error instanceof PermissionDenied) return refusedActionState("updateUserAccessAction", error);
    if (error instanceof UserChangeRefused) return { ok: false, message: error.message };
    throw error;
  }
}

async function changeAccess(formData: FormData): Promise<FormState> {
  const actor = await requirePermission("manage:users");
  const fields = formFields(formData, []);
  if (!fields.ok) return { ok: false, message: Object.values(fields.errors).flat()[0] };
  const parsed = AccessChangeSchema.safeParse(fields.fields);
  if (!parsed.success) {
    const { formErrors, fieldErrors } = z.flattenError(parsed.error);
    return { ok: false, message: formErrors[0] ?? Object.values(fieldErrors).flat()[0] ?? "The form is not valid.", fieldErrors };
  }
  const { userId, change, reason } = parsed.data;

  if (!(await updateUserAccess(actor, userId, change, reason))) return { ok: true, message: "Nothing to change." };
  revalidatePath("/admin/users");
  return {
    ok: true,
    message: change.role
      ? `Role changed to ${change.role}.`
      : change.isActive ? "Account reactivated: the user can sign in again." : "Account deactivated: the user is signed out everywhere.",
  };
}
