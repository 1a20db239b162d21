// What the values of a hand-made file's coded columns mean: the valid choices of each coded field
// (codes with their labels, groups and sites by slug, name and alias), the first guess for a value
// ("Drone" → one-way drone, "KH" → Kata'ib Hezbollah), and the editor's choices for a file (the
// column mapping, a value for every row, and what each distinct value stands for), checked before
// a single row is read. The upload page guesses with these rules; the server reads and checks with
// the same ones.
//
// No server-only: the upload page uses it.

import { z } from "zod";
import type { IncidentColumnName } from "@/lib/export/columns";
import {
  ATTACK_TYPE_LABELS, CLAIM_STATUS_LABELS, CONFIDENCE_LABELS, COUNTRY_NAMES, OUTCOME_LABELS, TARGET_TYPE_LABELS,
} from "@/lib/vocabulary";
import { ATTACK_TYPES, CLAIM_STATUSES, CONFIDENCES, DATE_PRECISIONS, GEO_PRECISIONS, OUTCOMES, TARGET_TYPES } from "@/lib/codes";

/** One valid value of a coded field: what is stored, what people read, and other ways to write it. */
export type ValueChoice = { code: string; label: string; also?: readonly string[] };

/** A group or site as the page and the checks know it. */
export type NamedReference = { slug: string; name: string; aliases?: readonly string[] };

/** The fields whose values come from a list; each distinct value of their columns is mapped. */
export const CODED_FIELDS = [
  "attack_type", "claimants", "credited_claimant", "attributed_group", "site", "country", "target_type", "outcome",
  "claim_status", "confidence", "date_precision", "geo_precision",
] as const satisfies readonly IncidentColumnName[];
export type CodedField = (typeof CODED_FIELDS)[number];
export const isCodedField = (field: string): field is CodedField => (CODED_FIELDS as readonly string[]).includes(field);

/** Fields that may be empty: a value can mean "none" (claimants: "Unknown" names nobody). */
export const OPTIONAL_CODED_FIELDS: ReadonlySet<CodedField> = new Set(["claimants", "credited_claimant", "attributed_group", "site"]);

/** Fields holding a `;`-separated list: each item is a value of its own. */
export const LIST_FIELDS: ReadonlySet<CodedField> = new Set(["claimants"]);

/** A claim status for every row that follows the row's claimants: claimed when it names a group, else unclaimed. */
export const CLAIM_STATUS_FROM_CLAIMANTS = "FROM_CLAIMANTS";

/** What a field's values are, in a message: "Weapon 'Rocketz' is not a known attack type". */
export const CODED_FIELD_NOUNS: Record<CodedField, string> = {
  attack_type: "attack type", claimants: "group", credited_claimant: "group", attributed_group: "group", site: "site",
  country: "country", target_type: "target type", outcome: "outcome", claim_status: "claim status", confidence: "confidence level",
  date_precision: "date precision", geo_precision: "location precision",
};

const fromLabels = (codes: readonly string[], labels: Record<string, string>, also: Record<string, readonly string[]> = {}): ValueChoice[] =>
  codes.map((code) => ({ code, label: labels[code] ?? code, also: also[code] }));

/** Common ways of writing our codes in other people's sheets: guesses only, shown for the editor to confirm. */
const FIXED_CHOICES: Record<Exclude<CodedField, "claimants" | "credited_claimant" | "attributed_group" | "site">, ValueChoice[]> = {
  attack_type: fromLabels(ATTACK_TYPES, ATTACK_TYPE_LABELS, {
    ONE_WAY_DRONE: ["drone", "drones", "uav", "uavs", "uas", "one way attack drone", "suicide drone", "kamikaze drone"],
    ROCKET: ["rockets", "rocket attack"],
    MORTAR: ["mortars", "mortar attack"],
    BALLISTIC_MISSILE: ["missile", "missiles", "ballistic missiles", "srbm"],
    IED: ["ieds", "roadside bomb", "bomb"],
    SMALL_ARMS: ["gunfire", "small arms fire", "shooting", "rifle"],
  }),
  country: Object.entries(COUNTRY_NAMES).map(([code, name]) => ({
    code, label: name, also: { IQ: ["irq"], SY: ["syr", "syrian arab republic"], JO: ["jor"] }[code],
  })),
  target_type: fromLabels(TARGET_TYPES, TARGET_TYPE_LABELS, { MILITARY_BASE: ["base", "military"], DIPLOMATIC: ["embassy", "consulate"] }),
  outcome: fromLabels(OUTCOMES, OUTCOME_LABELS, { INTERCEPTED: ["shot down", "downed"], IMPACT: ["hit", "struck"], FAILED: ["fell short", "misfired"] }),
  claim_status: fromLabels(CLAIM_STATUSES, CLAIM_STATUS_LABELS, { CLAIMED: ["yes"], UNCLAIMED: ["no", "none"] }),
  confidence: fromLabels(CONFIDENCES, CONFIDENCE_LABELS, { UNVERIFIED: ["unconfirmed"] }),
  date_precision: fromLabels(DATE_PRECISIONS, { DAY: "Day", WEEK: "Week", MONTH: "Month" }, { DAY: ["exact", "daily"] }),
  geo_precision: fromLabels(GEO_PRECISIONS, { EXACT: "Exact site", NEAR: "Near", DISTRICT: "District", PROVINCE: "Province", COUNTRY: "Country" }),
};

/** Values that mean "no group" in a claimant column. */
const NOBODY = new Set(["unknown", "unclaimed", "none", "n a", "na", "no claim", "not claimed"]);

export type ReferenceLists = { groups: readonly NamedReference[]; sites: readonly NamedReference[] };

/** Fields naming a stored group or site rather than a code of a fixed list. */
export type ReferenceField = "claimants" | "credited_claimant" | "attributed_group" | "site";
export const isReferenceField = (field: CodedField): field is ReferenceField => OPTIONAL_CODED_FIELDS.has(field);

/** The valid choices of a coded field (groups and sites from the lists given). */
export function choicesFor(field: CodedField, references: ReferenceLists): ValueChoice[] {
  if (field === "site") return references.sites.map((s) => ({ code: s.slug, label: s.name, also: s.aliases }));
  if (isReferenceField(field)) return references.groups.map((g) => ({ code: g.slug, label: g.name, also: g.aliases }));
  return FIXED_CHOICES[field];
}

/** The codes of a fixed list's field. */
export const fixedChoices = (field: Exclude<CodedField, ReferenceField>): readonly ValueChoice[] => FIXED_CHOICES[field];

/** How values are compared: case, accents, spaces and punctuation aside ("Kata'ib" = "kataib", "ONE_WAY_DRONE" = "one-way drone"). */
export function valueKey(value: string): string {
  return value.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/['’`]/g, "").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

/** A field's choices by every way of writing them; `withGuesses` adds the common other spellings. */
export function choiceIndex(choices: readonly ValueChoice[], { withGuesses }: { withGuesses: boolean }): Map<string, string> {
  const index = new Map<string, string>();
  for (const c of choices) {
    for (const name of [c.code, c.label, ...(withGuesses ? (c.also ?? []) : [])]) {
      const key = valueKey(name);
      if (key && !index.has(key)) index.set(key, c.code);
    }
  }
  return index;
}

/**
 * The first guess for a value found in a file: its code when it is written as a code, a label, an
 * alias or a common other spelling; "" (none) for a claimant column's "Unknown"; undefined when
 * nothing fits (the editor chooses).
 */
export function guessValue(field: CodedField, value: string, index: ReadonlyMap<string, string>): string | undefined {
  const key = valueKey(value);
  const found = index.get(key) ?? index.get(key.replace(/s$/, ""));
  if (found !== undefined) return found;
  if (OPTIONAL_CODED_FIELDS.has(field) && (key === "" || NOBODY.has(key))) return "";
  return undefined;
}

/** "choose one of One-way drone, Rocket, …": a field's choices for a message (groups and sites point to their lists). */
export function chooseFrom(field: CodedField): string {
  if (field === "site") return "choose a site listed by /api/sites (its slug or name)";
  if (isReferenceField(field)) return "choose a group listed by /api/groups (its slug, name or alias)";
  return `choose one of ${FIXED_CHOICES[field].map((c) => c.label).join(", ")}`;
}

// --- the editor's choices for one file -----------------------------------------------------------

const fieldName = z.string().max(60);

/**
 * What an upload of a hand-made file carries besides the file (sent ahead of it in the body, see
 * app/api/import/route.ts). Pairs and triples rather than objects: keys come from a stranger's
 * file, and "__proto__" must stay a value.
 */
export const ImportChoicesSchema = z.strictObject({
  /** File column → our field ("" = not imported). */
  mapping: z.array(z.tuple([z.string().max(200), fieldName])).max(200),
  /** Our field → the value every row takes (for a field no column feeds). */
  constants: z.array(z.tuple([fieldName, z.string().max(5000)])).max(60).default([]),
  /** Our field, a value as the file writes it (trimmed) → the code it stands for ("" = none, for optional fields). */
  values: z.array(z.tuple([fieldName, z.string().max(500), z.string().max(100)])).max(20_000).default([]),
});
export type ImportChoices = z.output<typeof ImportChoicesSchema>;

/** The header's names as files are matched on them (any order, any case). */
export function headerKey(header: readonly string[]): string {
  return header.map((h) => h.trim().toLowerCase()).sort().join("\t");
}

/** Saving the choices under a name: a new mapping, or (with its id and version) a new version of one. */
export const SaveImportMappingSchema = z.strictObject({
  id: z.uuid("Unknown saved mapping.").optional(),
  version: z.number().int().min(1).optional(),
  name: z.string().trim().min(1, "Name the saved choices.").max(100, "At most 100 characters.").regex(/^[^\u0000-\u001f<>]*$/, "Plain text only."),
  header: z.array(z.string().max(200)).min(1).max(200),
  choices: ImportChoicesSchema,
});
export type SaveImportMappingInput = z.output<typeof SaveImportMappingSchema>;
