import type { PossibleDuplicate } from "@/lib/data/incident-writes";
import type { FieldErrors } from "@/lib/validation/incident";

/** What an incident action answers when it does not redirect: the form shows it next to the input. */
export type IncidentFormState = {
  ok: boolean;
  message?: string;
  fieldErrors?: FieldErrors;
  duplicates?: PossibleDuplicate[];
  /** Set when someone saved a newer version first. */
  conflict?: { currentVersion: number; changedFields: string[] };
};

export const INITIAL_FORM_STATE: IncidentFormState = { ok: true };
