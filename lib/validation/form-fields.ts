// FormData → a plain object for the zod schemas. Row fields are named like `sources.0.url`, so the
// form needs no JSON and works as ordinary inputs. Anything odd is refused here, before zod:
// a key sent twice (an array where one value is expected), a file, or a malformed row key.

import type { FieldErrors } from "./incident";

const ROW_KEY = /^([a-zA-Z]+)\.(\d{1,2})\.([a-zA-Z]+)$/;
const PLAIN_KEY = /^[a-zA-Z][a-zA-Z0-9]*$/;

export type FormFields = { ok: true; fields: Record<string, unknown> } | { ok: false; errors: FieldErrors };

export function formFields(formData: FormData, rowNames: readonly string[] = ["claims", "sources"]): FormFields {
  // Null-prototype objects: a key named __proto__ or constructor is just an unexpected key.
  const fields: Record<string, unknown> = Object.create(null);
  const rows = new Map<string, Map<number, Record<string, string>>>();
  const errors: FieldErrors = Object.create(null);
  const seen = new Set<string>();

  for (const [key, value] of formData.entries()) {
    if (key.startsWith("$ACTION")) continue; // Next.js's own action bookkeeping
    if (seen.has(key)) {
      (errors[key] ??= []).push("This field was sent more than once.");
      continue;
    }
    seen.add(key);
    if (typeof value !== "string") {
      (errors[key] ??= []).push("Files are not accepted here.");
      continue;
    }
    const row = ROW_KEY.exec(key);
    if (row && rowNames.includes(row[1]!)) {
      const [, name, index, field] = row as unknown as [string, string, string, string];
      const byIndex = rows.get(name) ?? new Map<number, Record<string, string>>();
      rows.set(name, byIndex);
      const entry = byIndex.get(Number(index)) ?? (Object.create(null) as Record<string, string>);
      byIndex.set(Number(index), entry);
      entry[field] = value;
    } else if (PLAIN_KEY.test(key) && !rowNames.includes(key)) {
      fields[key] = value;
    } else {
      (errors.form ??= []).push(`Unexpected field: ${key.slice(0, 60)}.`);
    }
  }
  for (const [name, byIndex] of rows) {
    fields[name] = [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, entry]) => ({ ...entry }));
  }
  return Object.keys(errors).length ? { ok: false, errors: { ...errors } } : { ok: true, fields: { ...fields } };
}
