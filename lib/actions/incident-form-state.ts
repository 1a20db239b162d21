import type { PossibleDuplicate } from "@/lib/data/incident-writes";
import type { FormState } from "./form-state";

/** The incident form's answer when an action does not redirect: the common form state, plus… */
export type IncidentFormState = FormState & {
  /** incidents that may be the same attack, when the editor has not yet confirmed */
  duplicates?: PossibleDuplicate[];
  /** set when someone saved a newer version first */
  conflict?: { currentVersion: number; changedFields: string[] };
};
