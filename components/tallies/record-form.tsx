"use client";

// What the tally and event forms share: checking in the browser with the server's own schema (errors
// at once), then the server action, which checks everything again. The action is called from
// onSubmit, not as the form's action, so React keeps the typed input when the save fails.

import { startTransition, useActionState, useEffect, useState } from "react";
import type { z } from "zod";
import { INITIAL_FORM_STATE } from "@/lib/actions/form-state";
import type { RecordFormState } from "@/lib/actions/tallies";
import { formFields } from "@/lib/validation/form-fields";
import { fieldErrorsOf } from "@/lib/validation/incident";

export type RecordAction = (state: RecordFormState, formData: FormData) => Promise<RecordFormState>;

export const inputClass = "mt-1 w-full rounded border border-stone-400 bg-white px-2 py-1.5";

/** The form's state and submit handler; `formRef` (the caller's, on its <form>) is emptied after a save when resetOnSave. */
export function useRecordForm(
  action: RecordAction, schema: z.ZodType, formRef: React.RefObject<HTMLFormElement | null>,
  { rowNames = [] as string[], resetOnSave = false } = {},
) {
  const [state, dispatch, isPending] = useActionState<RecordFormState, FormData>(action, INITIAL_FORM_STATE);
  const [clientErrors, setClientErrors] = useState<Record<string, string[]> | null>(null);

  // A new record saved: empty the form for the next one.
  useEffect(() => {
    if (resetOnSave && state.ok && state.message) formRef.current?.reset();
  }, [state, resetOnSave, formRef]);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    const fields = formFields(formData, rowNames);
    const parsed = fields.ok ? schema.safeParse(fields.fields) : null;
    if (!fields.ok || !parsed?.success) {
      setClientErrors(fields.ok ? fieldErrorsOf(parsed!.error!) : fields.errors);
      return;
    }
    setClientErrors(null);
    startTransition(() => dispatch(formData));
  }

  const errors = clientErrors ?? state.fieldErrors ?? {};
  const message = clientErrors ? "Please correct the fields marked below." : state.message;
  return { onSubmit, isPending, ok: !clientErrors && state.ok, message, errorOf: (name: string) => errors[name]?.join(" ") };
}

/** The attributes that tie an input to its error message. */
export function described(id: string, error: string | undefined) {
  return { id, "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${id}-error` : undefined };
}

export function Field({ id, label, error, children, className }: { id: string; label: string; error?: string; children: React.ReactNode; className?: string }) {
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium">{label}</label>
      {children}
      {error && <p id={`${id}-error`} className="mt-1 text-sm text-red-800">{error}</p>}
    </div>
  );
}

export function FormMessage({ ok, message }: { ok: boolean; message?: string }) {
  if (!message) return null;
  return (
    <p role={ok ? "status" : "alert"} className={`rounded border p-2 text-sm ${ok ? "border-green-300 bg-green-50 text-green-900" : "border-red-300 bg-red-50 text-red-900"}`}>
      {message}
    </p>
  );
}
