"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { AccessChangeSchema } from "@/lib/accounts/access-change";
import { type Actor, PermissionDenied, requirePermission } from "@/lib/auth/guards";
import { updateUserAccess, UserChangeRefused } from "@/lib/data/users";
import { formFields } from "@/lib/validation/form-fields";
import type { FormState } from "./form-state";

/** The admin page's role change, deactivation and reactivation of one user. */
export async function updateUserAccessAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let actor: Actor;
  try {
    actor = await requirePermission("manage:users");
  } catch (error) {
    // A demoted or signed-out administrator posting from a stale page gets the reason, not an error page.
    if (error instanceof PermissionDenied) return { ok: false, message: error.message };
    throw error;
  }

  const fields = formFields(formData, []);
  if (!fields.ok) return { ok: false, message: Object.values(fields.errors).flat()[0] };
  const parsed = AccessChangeSchema.safeParse(fields.fields);
  if (!parsed.success) {
    const { formErrors, fieldErrors } = z.flattenError(parsed.error);
    return { ok: false, message: formErrors[0] ?? Object.values(fieldErrors).flat()[0] ?? "The form is not valid.", fieldErrors };
  }
  const { userId, change, reason } = parsed.data;

  try {
    if (!(await updateUserAccess(actor, userId, change, reason))) return { ok: true, message: "Nothing to change." };
  } catch (error) {
    if (error instanceof UserChangeRefused) return { ok: false, message: error.message };
    throw error;
  }
  revalidatePath("/admin/users");
  return {
    ok: true,
    message: change.role
      ? `Role changed to ${change.role}.`
      : change.isActive ? "Account reactivated: the user can sign in again." : "Account deactivated: the user is signed out everywhere.",
  };
}
