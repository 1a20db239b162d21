// One claim statement in the incident form: who claimed it and when, where the statement stands,
// what it says it hit and with what, and its wording (with the original Arabic). Inputs are named
// like `claims.0.status`, the names lib/validation/form-fields.ts turns into the schema's rows.

import { controlProps, FieldError, fieldId, LabelText, useFieldAria } from "@/components/ui/field";
import type { ClaimRowValues } from "@/lib/validation/incident-form-values";
import { ATTACK_TYPE_LABELS, CLAIM_STATEMENT_STATUS_LABELS } from "@/lib/vocabulary";
import { GroupPicker, type PickerGroup } from "./group-picker";
import { ATTACK_TYPES, CLAIM_STATEMENT_STATUSES } from "@/lib/codes";

const small = "mt-1 w-full rounded border border-stone-400 bg-white px-2 py-1";

export function ClaimRow({ index, row, groups, errorOf, onRemove }: {
  index: number; row: ClaimRowValues; groups: PickerGroup[]; errorOf: (name: string) => string | undefined; onRemove: () => void;
}) {
  const name = (f: keyof ClaimRowValues) => `claims.${index}.${f}`;
  /** The props every input of the row shares: its name, its id for the label, its error and hint. */
  const props = (f: keyof ClaimRowValues, options: { required?: boolean; hint?: string } = {}) => controlProps(name(f), errorOf(name(f)), options);
  const labelFor = (f: keyof ClaimRowValues, text: string, required = false) => (
    <label htmlFor={fieldId(name(f))} className="text-sm"><LabelText text={text} required={required} /></label>
  );
  const statusHint = `hint-${name("status")}`;
  // The picker renders its own input: its error and required state are wired on by id.
  useFieldAria(name("group"), errorOf(name("group")), { required: true });
  return (
    <fieldset className="grid gap-2 rounded border border-stone-200 p-3 md:grid-cols-4" data-testid="claim-row">
      <legend className="px-1 text-xs text-stone-600">Claim {index + 1}</legend>
      <input type="hidden" name={name("id")} value={row.id} />
      <div className="md:col-span-2">
        {labelFor("group", "Claiming group", true)}
        <GroupPicker name={name("group")} id={fieldId(name("group"))} groups={groups} initialSlug={row.group} invalid={!!errorOf(name("group"))} />
        <RowError text={errorOf(name("group"))} name={name("group")} />
      </div>
      <div>
        {labelFor("statedOn", "Stated on", true)}
        <input type="date" defaultValue={row.statedOn} className={small} {...props("statedOn", { required: true })} />
        <RowError text={errorOf(name("statedOn"))} name={name("statedOn")} />
      </div>
      <div>
        {labelFor("channel", "Channel")}
        <input defaultValue={row.channel} placeholder="Telegram" className={small} {...props("channel")} />
        <RowError text={errorOf(name("channel"))} name={name("channel")} />
      </div>

      <div>
        {labelFor("status", "Status of the statement")}
        <select defaultValue={row.status} className={small} {...props("status", { hint: statusHint })}>
          {CLAIM_STATEMENT_STATUSES.map((s) => <option key={s} value={s}>{CLAIM_STATEMENT_STATUS_LABELS[s]}</option>)}
        </select>
        <p id={statusHint} className="mt-1 text-xs text-stone-600">Only an issued statement credits its group.</p>
        <RowError text={errorOf(name("status"))} name={name("status")} />
      </div>
      <div>
        {labelFor("weaponClaimed", "Weapon as claimed")}
        <select defaultValue={row.weaponClaimed} className={small} {...props("weaponClaimed")}>
          <option value="">Not named in the statement</option>
          {ATTACK_TYPES.map((t) => <option key={t} value={t}>{ATTACK_TYPE_LABELS[t]}</option>)}
        </select>
        <RowError text={errorOf(name("weaponClaimed"))} name={name("weaponClaimed")} />
      </div>
      <div className="md:col-span-2">
        {labelFor("targetClaimed", "Target as claimed (optional)")}
        <input defaultValue={row.targetClaimed} placeholder="in the statement's words, e.g. Ain al-Asad" className={small} {...props("targetClaimed")} />
        <RowError text={errorOf(name("targetClaimed"))} name={name("targetClaimed")} />
      </div>

      <div className="md:col-span-4">
        {labelFor("url", "Link (optional)")}
        <input defaultValue={row.url} inputMode="url" className={small} {...props("url")} />
        <RowError text={errorOf(name("url"))} name={name("url")} />
      </div>
      <div className="md:col-span-2">
        {labelFor("text", "Statement text (optional)")}
        <textarea defaultValue={row.text} rows={3} className={small} {...props("text")} />
        <RowError text={errorOf(name("text"))} name={name("text")} />
      </div>
      <div className="md:col-span-2">
        {labelFor("textAr", "Original Arabic wording (optional)")}
        <textarea dir="rtl" lang="ar" defaultValue={row.textAr} rows={3} className={small} {...props("textAr")} />
        <RowError text={errorOf(name("textAr"))} name={name("textAr")} />
      </div>
      <button type="button" onClick={onRemove} className="justify-self-start text-sm text-red-800 underline">Remove this claim</button>
    </fieldset>
  );
}

/** A row field's message, below it; the field names it in aria-describedby. */
export function RowError({ text, name }: { text?: string; name: string }) {
  return <FieldError name={name} text={text} />;
}
