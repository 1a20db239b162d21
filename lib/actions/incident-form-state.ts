import type { FieldConflict, MergeChoice, MergeRequest, PossibleDuplicate } from "@/lib/data/incident-writes";
import type { FormState } from "./form-state";

/** The incident form's answer when an action does not redirect: the common form state, plus… */
export type IncidentFormState = FormState & {
  /** incidents that may be the same attack, when the editor has not yet confirmed */
  duplicates?: PossibleDuplicate[];
  /**
   * set when someone saved a newer version first and the two saves could not be merged alone:
   * `conflicts` are the fields both changed (started-from, theirs, mine), to choose for one by one;
   * `stale` says the editor's choices were made against a version since replaced.
   */
  conflict?: {
    currentVersion: number; changedFields: string[]; conflicts: FieldConflict[]; stale: boolean; problem: string | null;
  };
};

// The editor's per-field choices travel as two plain fields beside the incident's own:
// mergeVersion=3 and mergeChoices=killedMax:theirs,notes:mine. They are not incident fields, so the
// action (and the form, before checking the rest with the schema) takes them out first.

export const MERGE_CHOICES = ["base", "theirs", "mine"] as const satisfies readonly MergeChoice[];
const CHOICE = /^([a-zA-Z]{1,40}):(base|theirs|mine)$/;

export function formatMergeChoices(choices: Partial<Record<string, MergeChoice>>): string {
  return Object.entries(choices).filter(([, choice]) => choice).map(([field, choice]) => `${field}:${choice}`).join(",");
}

/**
 * The incident's fields without the merge fields, and the merge they describe: null when none was
 * sent, an error message when they are malformed.
 */
export function splitMergeFields(fields: Record<string, unknown>): { fields: Record<string, unknown>; merge: MergeRequest | null | { error: string } } {
  const { mergeVersion, mergeChoices, ...rest } = fields;
  if (mergeVersion === undefined && mergeChoices === undefined) return { fields: rest, merge: null };
  if (typeof mergeVersion !== "string" || !/^[1-9][0-9]{0,8}$/.test(mergeVersion) || typeof mergeChoices !== "string" || mergeChoices.length > 2000) {
    return { fields: rest, merge: { error: "Your choices for the conflicting fields were not understood; reload the page." } };
  }
  const choices: Partial<Record<string, MergeChoice>> = Object.create(null) as Partial<Record<string, MergeChoice>>;
  for (const part of mergeChoices.split(",").filter(Boolean)) {
    const match = CHOICE.exec(part);
    if (!match) return { fields: rest, merge: { error: "Your choices for the conflicting fields were not understood; reload the page." } };
    choices[match[1]!] = match[2] as MergeChoice;
  }
  return { fields: rest, merge: { version: Number(mergeVersion), choices: { ...choices } } };
}
