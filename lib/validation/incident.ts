// What an editor may send when creating or editing an incident. One schema, used by the form in
// the browser (to show errors early) and by the server actions (to decide). Schemas are strict:
// a key that is not listed here (role, createdBy, status, …) is refused, never silently written.
//
// No server-only here: the form imports it.

import { z } from "zod";
import { COUNTRY_NAMES } from "@/lib/vocabulary";
import { SLUG_PATTERN as SLUG, UUID_PATTERN as UUID } from "@/lib/ids";
import { ATTACK_TYPES, CLAIM_STATEMENT_STATUSES, CLAIM_STATUSES, CONFIDENCES, DATE_PRECISIONS, GEO_PRECISIONS, OUTCOMES, SOURCE_KINDS, TARGET_TYPES } from "@/lib/codes";

export const MAX_CONFIRMERS = 10;

export const MAX_CASUALTIES = 10_000; // far above any single attack here; catches typos like 2147483648
export const MAX_CLAIMS = 20;
export const MAX_SOURCES = 30;
const EARLIEST_DAY = "2003-01-01";


/** Today in the region (UTC+3), so an attack late in the evening there is not "in the future". */
export function regionToday(now = new Date()): string {
  return new Date(now.getTime() + 3 * 3600_000).toISOString().slice(0, 10);
}

// --- text -------------------------------------------------------------------------------------

const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const MARKUP = /<\s*\/?\s*[a-z!?][^>]*>/i;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** A character without which none of the rules above can object: most text passes this one scan. */
const SUSPECT_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069<\uD800-\uDFFF]/;

/** Plain text as people type it: trimmed; no control characters, direction overrides or markup. */
function text(max: number, { multiline = false } = {}) {
  return z
    .string()
    .transform((s) => s.replace(/\r\n?/g, "\n").trim())
    .superRefine((s, ctx) => {
      if (s.length <= max && !SUSPECT_CHAR.test(s) && (multiline || !s.includes("\n"))) return;
      const problem = LONE_SURROGATE.test(s)
        ? "contains a broken character (a lone surrogate); paste the text again"
        : CONTROL_CHARS.test(s) || (!multiline && s.includes("\n"))
          ? "contains control characters or line breaks; use plain text"
          : BIDI_CONTROLS.test(s)
            ? "contains invisible direction-override characters (U+202A–U+202E, U+2066–U+2069); remove them"
            : MARKUP.test(s)
              ? "contains HTML tags; write plain text"
              : s.length > max
                ? `is too long (${s.length} characters; at most ${max})`
                : null;
      if (problem) ctx.addIssue({ code: "custom", message: `This ${problem}.` });
    });
}
const requiredText = (max: number, what: string) => text(max).refine((s) => s.length > 0, `Enter ${what}.`);
const optionalText = (max: number, opts?: { multiline?: boolean }) => text(max, opts).transform((s) => (s === "" ? null : s));

// --- numbers, dates, codes ------------------------------------------------------------------------

/** A count typed in a box: empty means unknown (null), which is not zero. Digits only: no "3.5", "1e3", "0x10", "５". */
const casualtyCount = z.string().trim().transform((s, ctx) => {
  if (s === "") return null;
  if (!/^[0-9]+$/.test(s)) {
    ctx.addIssue({ code: "custom", message: "Enter a whole number (0 or more), or leave empty if unknown." });
    return z.NEVER;
  }
  const n = Number(s);
  if (n > MAX_CASUALTIES) {
    ctx.addIssue({ code: "custom", message: `At most ${MAX_CASUALTIES.toLocaleString("en")}; check the figure.` });
    return z.NEVER;
  }
  return n;
});

const coordinate = (min: number, max: number, name: string) =>
  z.string().trim().transform((s, ctx) => {
    const n = /^-?[0-9]{1,3}(\.[0-9]{1,8})?$/.test(s) ? Number(s) : NaN;
    if (!Number.isFinite(n) || n < min || n > max) {
      ctx.addIssue({ code: "custom", message: `Enter a ${name} from ${min} to ${max} in decimal degrees (e.g. 33.7856).` });
      return z.NEVER;
    }
    return n;
  });

/** YYYY-MM-DD naming a day that exists: "2024-13-01" and "2024-02-30" are not dates. */
function isRealDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  // An invalid date's toISOString throws a RangeError (the action would answer 500): test for NaN first.
  const time = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(s);
}

/**
 * A browser date input posts YYYY-MM-DD, or "" when it is empty or holds an incomplete date: that
 * case is answered in the widget's terms. A malformed non-empty value comes from a file or a
 * crafted request, where the format is the useful hint.
 */
export const EMPTY_DATE_MESSAGE = "Enter the date (day, month and year).";

const day = z.string().trim().superRefine((s, ctx) => {
  const valid = isRealDay(s);
  if (s === "") ctx.addIssue({ code: "custom", message: EMPTY_DATE_MESSAGE });
  else if (!valid) ctx.addIssue({ code: "custom", message: "Enter a real date as YYYY-MM-DD." });
  else if (s > regionToday()) ctx.addIssue({ code: "custom", message: "The date is in the future." });
  else if (s < EARLIEST_DAY) ctx.addIssue({ code: "custom", message: `The date is before ${EARLIEST_DAY}.` });
});

const timeOfDay = z.string().trim().transform((s, ctx) => {
  if (s === "") return null;
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(s)) {
    ctx.addIssue({ code: "custom", message: "Enter a time as HH:MM (24-hour), or leave empty." });
    return z.NEVER;
  }
  return s;
});

const choice = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { error: `Choose ${what}.` });

const optionalSlug = z.string().trim().refine((s) => s === "" || SLUG.test(s), "Choose from the list.").transform((s) => (s === "" ? null : s));

const internalHost = (host: string) =>
  host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal") ||
  /^(127\.|10\.|0\.|169\.254\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(host) ||
  /^\[(::1?|f[cd][0-9a-f]{2}:.*|fe80:.*)\]$/i.test(host) || /^\d+$/.test(host);

/** Links readers will open: public http(s) addresses only. */
const publicUrl = z.string().trim().superRefine((s, ctx) => {
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    ctx.addIssue({ code: "custom", message: "Enter a full web address starting with https:// or http://." });
    return;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    ctx.addIssue({ code: "custom", message: "Only http and https addresses are allowed." });
  } else if (url.username || url.password) {
    ctx.addIssue({ code: "custom", message: "Remove the user name and password from the address." });
  } else if (internalHost(url.hostname.toLowerCase())) {
    ctx.addIssue({ code: "custom", message: "This is a private or local address; link to a public page." });
  } else if (s.length > 2000) {
    ctx.addIssue({ code: "custom", message: "The address is too long (at most 2,000 characters)." });
  }
});
const optionalPublicUrl = z.union([z.literal("").transform(() => null), publicUrl]);

// --- rows ---------------------------------------------------------------------------------------

const claimRow = z.strictObject({
  /** An existing claim statement keeps its id; a new one has none. */
  id: z.string().regex(UUID, "Unknown claim.").or(z.literal("")).transform((s) => (s === "" ? null : s)),
  group: z.string().trim().regex(SLUG, "Choose the claiming group from the list."),
  statedOn: day,
  channel: optionalText(100),
  url: optionalPublicUrl,
  text: optionalText(5000, { multiline: true }),
  /** The ledger: where the statement stands, and what it says it hit and with what. */
  status: choice(CLAIM_STATEMENT_STATUSES, "where the claim stands (issued, superseded, withdrawn or denied)").default("ISSUED"),
  weaponClaimed: z.union([z.literal("").transform(() => null), choice(ATTACK_TYPES, "the weapon the claim names")]).default(null),
  targetClaimed: optionalText(200).default(null),
  textAr: optionalText(5000, { multiline: true }).default(null),
});

const sourceRow = z.strictObject({
  id: z.string().regex(UUID, "Unknown source.").or(z.literal("")).transform((s) => (s === "" ? null : s)),
  url: publicUrl,
  publisher: optionalText(200),
  title: optionalText(500),
  kind: choice(SOURCE_KINDS, "the kind of source"),
  publishedOn: z.union([z.literal("").transform(() => null), day]),
  language: z.string().trim().refine((s) => s === "" || /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(s), "Use a language tag such as en or ar.")
    .transform((s) => (s === "" ? null : s)),
});

// --- the incident -------------------------------------------------------------------------------

const incidentFields = {
  occurredOn: day,
  occurredTime: timeOfDay,
  datePrecision: choice(DATE_PRECISIONS, "how precise the date is"),
  // Own keys only: `in` would take "constructor" or "__proto__" for a country.
  country: z.string().trim().refine((s) => Object.hasOwn(COUNTRY_NAMES, s), `Choose a country (${Object.keys(COUNTRY_NAMES).join(", ")}).`),
  admin1: optionalText(100),
  locationName: requiredText(200, "the place name"),
  locationNameAr: optionalText(200),
  lat: coordinate(-90, 90, "latitude"),
  lon: coordinate(-180, 180, "longitude"),
  geoPrecision: choice(GEO_PRECISIONS, "how precise the location is"),
  site: optionalSlug,
  targetType: choice(TARGET_TYPES, "the target type"),
  attackType: choice(ATTACK_TYPES, "the weapon"),
  outcome: choice(OUTCOMES, "the outcome"),
  killedMin: casualtyCount,
  killedMax: casualtyCount,
  woundedMin: casualtyCount,
  woundedMax: casualtyCount,
  claimStatus: choice(CLAIM_STATUSES, "the claim status"),
  attributedTo: optionalSlug,
  confidence: choice(CONFIDENCES, "a confidence level"),
  /** Officials who confirmed the attack happened, separated by semicolons ("Pentagon; CENTCOM"). */
  confirmedBy: text(500)
    .transform((s) => [...new Set(s.split(";").map((name) => name.trim()).filter(Boolean))])
    .refine((names) => names.length <= MAX_CONFIRMERS, `Name at most ${MAX_CONFIRMERS} officials or bodies.`)
    .refine((names) => names.every((name) => name.length <= 100), "Each name is at most 100 characters.")
    .default([]),
  notes: optionalText(5000, { multiline: true }),
  claims: z.array(claimRow).max(MAX_CLAIMS, `At most ${MAX_CLAIMS} claims.`).default([]),
  sources: z.array(sourceRow).max(MAX_SOURCES, `At most ${MAX_SOURCES} sources.`).default([]),
  /** The editor saw the possible duplicates and saves anyway. */
  confirmDuplicates: z.enum(["on"]).optional().transform((v) => v === "on"),
  /** The editor saw that the point lies outside the named country and saves anyway. */
  confirmCountry: z.enum(["on"]).optional().transform((v) => v === "on"),
};

/** One figure given means an exact count: the empty bound takes it. Both empty: unknown. */
function completeRange(min: number | null, max: number | null) {
  return { min: min ?? max, max: max ?? min };
}

type IncidentFields = z.output<z.ZodObject<typeof incidentFields>>;
type RuleIssue = { path: [keyof IncidentFields]; message: string };

/** The fields the cross-field rules read, as far as they parsed: a rule runs when all of its fields did. */
type RuleFields = Partial<Pick<IncidentFields, "killedMin" | "killedMax" | "woundedMin" | "woundedMax" | "claimStatus" | "attributedTo">> & {
  claims?: readonly unknown[];
};

/**
 * What is wrong with the combination of fields. Runs on whatever fields parsed (a key that is
 * missing failed its own check), so one round of errors names every problem: "killed at least 3,
 * at most 1" is reported beside an invalid date, not after it is fixed.
 */
function ruleIssues(data: RuleFields): RuleIssue[] {
  const has = (key: keyof RuleFields) => Object.hasOwn(data, key);
  const issues: RuleIssue[] = [];
  for (const [min, max] of [["killedMin", "killedMax"], ["woundedMin", "woundedMax"]] as const) {
    if (!has(min) || !has(max)) continue;
    const range = completeRange(data[min] ?? null, data[max] ?? null);
    if (range.min !== null && range.max !== null && range.min > range.max) {
      issues.push({ path: [max], message: "The highest figure is below the lowest." });
    }
  }
  if (has("claimStatus") && has("claims")) {
    if (data.claimStatus === "CLAIMED" && data.claims!.length === 0) {
      issues.push({ path: ["claimStatus"], message: "A claimed incident needs at least one claim statement; add it below." });
    }
    if (data.claimStatus === "UNCLAIMED" && data.claims!.length > 0) {
      issues.push({ path: ["claimStatus"], message: "The incident has claim statements, so it is not unclaimed." });
    }
  }
  if (has("claimStatus") && has("attributedTo") && data.claimStatus === "ATTRIBUTED" && !data.attributedTo) {
    issues.push({ path: ["attributedTo"], message: "Choose the group it is attributed to." });
  }
  return issues;
}

/**
 * The rules between fields, for input whose every field is valid: the casualty ranges completed,
 * and what is wrong with the combination. The schemas below and checkIncidentFields both use it.
 */
function applyFieldRules<T extends IncidentFields>(data: T) {
  const killed = completeRange(data.killedMin, data.killedMax);
  const wounded = completeRange(data.woundedMin, data.woundedMax);
  const value = { ...data, killedMin: killed.min, killedMax: killed.max, woundedMin: wounded.min, woundedMax: wounded.max };
  return { value, issues: ruleIssues(data) };
}

/** The cross-field rules' verdict on a whole input (a merge of two saves must still obey them). */
export function incidentRuleIssues(input: IncidentInput): RuleIssue[] {
  return ruleIssues(input);
}

/** The row lists' parsed form for the rules: a list of rows with bad fields still has its rows. */
const listLengthLimit = (name: string) => ROW_LISTS[name]?.max;

/** Each field of a strict shape parsed alone: the ones that parsed, for the rules. */
function parsedFieldsOf(shape: z.ZodRawShape, input: unknown): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  if (!input || typeof input !== "object" || Array.isArray(input)) return data;
  for (const name of Object.keys(shape)) {
    const raw = Object.hasOwn(input, name) ? (input as Record<string, unknown>)[name] : undefined;
    const result = (shape[name] as z.ZodType).safeParse(raw);
    const max = listLengthLimit(name);
    if (result.success) data[name] = result.data;
    else if (max !== undefined && Array.isArray(raw) && raw.length <= max) data[name] = raw;
  }
  return data;
}

function withRules<T extends z.ZodRawShape>(shape: T) {
  const fields = z.strictObject(shape);
  type Fields = z.output<typeof fields>;
  type Output = Fields & { killedMin: number | null; killedMax: number | null; woundedMin: number | null; woundedMax: number | null };
  return z.unknown().transform((input, ctx): Output => {
    const parsed = fields.safeParse(input);
    if (parsed.success) {
      const { value, issues } = applyFieldRules(parsed.data as unknown as IncidentFields);
      for (const issue of issues) ctx.addIssue({ code: "custom", ...issue });
      return value as unknown as Output;
    }
    // The fields' own issues, then the rules over the fields that did parse: all in one round.
    for (const issue of parsed.error.issues) ctx.addIssue(issue as Parameters<typeof ctx.addIssue>[0]);
    for (const issue of ruleIssues(parsedFieldsOf(shape, input))) ctx.addIssue({ code: "custom", ...issue });
    return z.NEVER;
  });
}

export const CreateIncidentSchema = withRules(incidentFields);

export const UpdateIncidentSchema = withRules({
  ...incidentFields,
  id: z.string().regex(UUID, "Unknown incident."),
  /** The version the editor started from: a save against a newer one is refused. */
  version: z.string().regex(/^[1-9][0-9]{0,8}$/, "Missing or malformed version; reload the page.").transform(Number),
});

export type IncidentInput = z.output<typeof CreateIncidentSchema>;
export type IncidentUpdateInput = z.output<typeof UpdateIncidentSchema>;

// --- many rows at once (imports) ---------------------------------------------------------------------

export type IncidentCheck =
  | { success: true; data: IncidentInput }
  | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };

type Issue = { path: PropertyKey[]; message: string };
type ShapeParser = (input: Record<string, unknown>) => { data: Record<string, unknown>; issues: Issue[] } | null;

/** The lists of rows, parsed row by row (their only list-level rule is the maximum length). */
const ROW_LISTS: Partial<Record<string, { row: typeof claimRow | typeof sourceRow; max: number }>> = {
  claims: { row: claimRow, max: MAX_CLAIMS },
  sources: { row: sourceRow, max: MAX_SOURCES },
};

/**
 * A strict object's fields parsed one by one, each field's result remembered per distinct value
 * (up to `memoLimit` values a field). Null when the input has a key the shape lacks: the caller
 * then asks the schema itself, for its exact message.
 */
function memoizedShapeParser(shape: z.ZodRawShape, memoLimit: number): ShapeParser {
  const names = Object.keys(shape);
  const memos = new Map(names.map((name) => [name, new Map<string, z.ZodSafeParseResult<unknown>>()]));
  const rowParsers = new Map(names.flatMap((name) => {
    const list = ROW_LISTS[name];
    return list ? [[name, { parse: memoizedShapeParser(list.row.shape, memoLimit), full: list.row, max: list.max }] as const] : [];
  }));

  const parseField = (name: string, value: unknown): z.ZodSafeParseResult<unknown> => {
    // Long text (notes, titles) rarely repeats, and hashing it for the lookup costs more than it saves.
    if (typeof value === "string" && value.length > 64) return (shape[name] as z.ZodType).safeParse(value);
    const key = typeof value === "string" ? value : `\u0000${JSON.stringify(value)}`;
    const memo = memos.get(name)!;
    let result = memo.get(key);
    if (!result) {
      result = (shape[name] as z.ZodType).safeParse(value);
      if (memo.size < memoLimit) memo.set(key, result);
    }
    return result;
  };

  return (input) => {
    for (const key of Object.keys(input)) if (!Object.hasOwn(shape, key)) return null;
    const data: Record<string, unknown> = {};
    const issues: Issue[] = [];
    for (const name of names) {
      const value = input[name];
      const rows = rowParsers.get(name);
      if (rows && Array.isArray(value) && value.length <= rows.max) {
        const parsedRows: unknown[] = [];
        value.forEach((row, index) => {
          const parsed = row && typeof row === "object" ? rows.parse(row as Record<string, unknown>) : null;
          if (parsed === null) {
            const full = rows.full.safeParse(row);
            // A row that failed still counts as a row for the rules ("claimed needs a claim").
            parsedRows.push(full.success ? full.data : row);
            if (!full.success) for (const issue of full.error.issues) issues.push({ path: [name, index, ...issue.path], message: issue.message });
            return;
          }
          parsedRows.push(parsed.data);
          for (const issue of parsed.issues) issues.push({ path: [name, index, ...issue.path], message: issue.message });
        });
        data[name] = parsedRows;
        continue;
      }
      const result = parseField(name, value);
      if (result.success) data[name] = result.data;
      else for (const issue of result.error.issues) issues.push({ path: [name, ...issue.path], message: issue.message });
    }
    return { data, issues };
  };
}

/**
 * CreateIncidentSchema.safeParse for many rows: the same field schemas and the same rules, with
 * each field's verdict remembered per distinct value. An import repeats its dates, codes, sites and
 * claimants row after row, so most fields are looked up instead of parsed again. Verdicts, messages
 * and output equal the schema's (tests/unit/incident-checker.test.ts compares them); input with a
 * key the schema does not know goes to the schema itself. Results are shared between rows: treat
 * them as read-only. Each field remembers at most `memoLimit` values, so a column of unique notes
 * costs no more memory than that. A checker lives for one import: "today" (the future-date rule)
 * is as of its first sight of a date.
 */
export function incidentChecker(memoLimit = 10_000): (input: Record<string, unknown>) => IncidentCheck {
  const parseFields = memoizedShapeParser(incidentFields, memoLimit);
  return (input) => {
    const fields = parseFields(input);
    if (!fields) {
      const parsed = CreateIncidentSchema.safeParse(input);
      return parsed.success ? { success: true, data: parsed.data } : { success: false, error: parsed.error };
    }
    if (fields.issues.length) return { success: false, error: { issues: [...fields.issues, ...ruleIssues(fields.data)] } };
    const { value, issues } = applyFieldRules(fields.data as IncidentFields);
    if (issues.length) return { success: false, error: { issues } };
    return { success: true, data: value as IncidentInput };
  };
}

/** Publish, retract and delete act on one version of one incident; retract and delete need a reason. */
export const StatusChangeSchema = z.strictObject({
  id: z.string().regex(UUID, "Unknown incident."),
  version: z.string().regex(/^[1-9][0-9]{0,8}$/, "Missing or malformed version; reload the page.").transform(Number),
  reason: optionalText(1000, { multiline: true }).optional().transform((s) => s ?? null),
});

export type FieldErrors = Record<string, string[]>;

/** zod issues as "field → messages", with row fields named like the form's inputs (sources.0.url). */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "form";
    const message = issue.code === "unrecognized_keys" ? `Unexpected field${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}.` : issue.message;
    (errors[key] ??= []).push(message);
  }
  return errors;
}
