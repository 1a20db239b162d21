/** What every form action returns: expected failures come back here; bugs are thrown to error.tsx. */
export type FormState = { ok: boolean; message?: string; fieldErrors?: Record<string, string[]> };

export const INITIAL_FORM_STATE: FormState = { ok: true };
