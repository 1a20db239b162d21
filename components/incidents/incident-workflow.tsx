"use client";

import Link from "next/link";
import { useActionState } from "react";
import { deleteIncidentAction, publishIncidentAction, retractIncidentAction } from "@/lib/actions/incidents";
import { INITIAL_FORM_STATE } from "@/lib/actions/form-state";
import type { IncidentFormState } from "@/lib/actions/incident-form-state";

type Props = {
  id: string;
  version: number;
  status: string;
  can: { edit: boolean; create: boolean; publish: boolean; retract: boolean; delete: boolean };
};

/**
 * Edit, start a new incident from this one, publish, retract and delete, as the viewer's role
 * allows; the actions check again.
 */
export function IncidentWorkflow({ id, version, status, can }: Props) {
  const [publishState, publish, publishing] = useActionState(publishIncidentAction, INITIAL_FORM_STATE);
  const [retractState, retract, retracting] = useActionState(retractIncidentAction, INITIAL_FORM_STATE);
  const [deleteState, remove, deleting] = useActionState(deleteIncidentAction, INITIAL_FORM_STATE);
  const hidden = (
    <>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={version} />
    </>
  );
  const button = "rounded px-3 py-1.5 text-sm text-white disabled:opacity-60";

  return (
    <section aria-label="Editing" className="space-y-3 rounded border border-stone-300 bg-stone-50 p-3" data-testid="incident-workflow">
      <div className="flex flex-wrap items-center gap-3">
        {can.edit && <Link href={`/incidents/${id}/edit`} className={`${button} bg-stone-800`} data-testid="edit-incident">Edit</Link>}
        {can.create && (
          // The salvo case: the same day, group and weapon at another site.
          <Link href={`/incidents/new?like=${id}`} className="rounded border border-stone-700 px-3 py-1.5 text-sm" data-testid="new-like-incident">
            New incident like this one
          </Link>
        )}
        {can.publish && status !== "PUBLISHED" && (
          <form action={publish}>
            {hidden}
            <button type="submit" disabled={publishing} className={`${button} bg-green-800`} data-testid="publish-incident">
              {status === "RETRACTED" ? "Publish again" : "Publish"}
            </button>
          </form>
        )}
      </div>
      <ActionMessage state={publishState} />
      {can.retract && status === "PUBLISHED" && (
        <form action={retract} className="flex flex-wrap items-end gap-2">
          {hidden}
          <label className="grow text-sm">
            Reason for retracting (shown in the history)
            <input name="reason" required className="mt-1 w-full rounded border border-stone-400 bg-white px-2 py-1" data-testid="retract-reason" />
          </label>
          <button type="submit" disabled={retracting} className={`${button} bg-amber-800`} data-testid="retract-incident">Retract</button>
        </form>
      )}
      <ActionMessage state={retractState} />
      {can.delete && (
        <details className="text-sm">
          <summary className="cursor-pointer text-red-900">Delete permanently (administrators)</summary>
          <form action={remove} className="mt-2 flex flex-wrap items-end gap-2">
            {hidden}
            <label className="grow">
              Reason for deleting (kept in the history with a full copy of the incident)
              <input name="reason" required className="mt-1 w-full rounded border border-stone-400 bg-white px-2 py-1" data-testid="delete-reason" />
            </label>
            <button type="submit" disabled={deleting} className={`${button} bg-red-800`} data-testid="delete-incident">Delete</button>
          </form>
          <ActionMessage state={deleteState} />
        </details>
      )}
    </section>
  );
}

function ActionMessage({ state }: { state: IncidentFormState }) {
  if (state.ok || !state.message) return null;
  const details = Object.values(state.fieldErrors ?? {}).flat();
  return (
    <p role="alert" className="text-sm text-red-800" data-testid="workflow-message">
      {state.message} {details.join(" ")}
    </p>
  );
}
