"use client";

import { useActionState } from "react";
import { INITIAL_FORM_STATE } from "@/lib/actions/form-state";
import { updateUserAccessAction } from "@/lib/actions/users";
import { ROLES } from "@/lib/permissions";

type Props = { userId: string; email: string; role: string; isActive: boolean };

/** One user's role and activation: the pressed button says which change to make, and each is audited. */
export function UserAccessControls({ userId, email, role, isActive }: Props) {
  const [state, update, pending] = useActionState(updateUserAccessAction, INITIAL_FORM_STATE);
  return (
    <form action={update} className="space-y-2">
      <input type="hidden" name="userId" value={userId} />
      <div className="flex flex-wrap items-center gap-2">
        <label className="sr-only" htmlFor={`role-${userId}`}>Role of {email}</label>
        {/* Keyed by the role: after a change the select starts again from the role now stored. */}
        <select key={role} id={`role-${userId}`} name="role" defaultValue={role} className="rounded border border-stone-400 px-2 py-1" data-testid="role-select">
          {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
        </select>
        <button type="submit" name="intent" value="role" disabled={pending} className="rounded bg-stone-800 px-3 py-1 text-white disabled:opacity-60" data-testid="change-role">
          Change role
        </button>
        {isActive ? (
          <button type="submit" name="intent" value="deactivate" disabled={pending} className="rounded bg-red-800 px-3 py-1 text-white disabled:opacity-60" data-testid="deactivate">
            Deactivate
          </button>
        ) : (
          <button type="submit" name="intent" value="reactivate" disabled={pending} className="rounded bg-green-800 px-3 py-1 text-white disabled:opacity-60" data-testid="reactivate">
            Reactivate
          </button>
        )}
      </div>
      <label className="block">
        <span className="sr-only">Reason for changing {email} (optional)</span>
        <input name="reason" maxLength={500} placeholder="Reason (optional, kept in the history)" className="w-full rounded border border-stone-300 px-2 py-1 text-xs" />
      </label>
      {state.message && (
        <p role="status" className={`text-sm ${state.ok ? "text-green-800" : "text-red-800"}`} data-testid="user-message">
          {state.message}
        </p>
      )}
    </form>
  );
}
