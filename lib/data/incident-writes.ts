import "server-only";
import { randomUUID } from "node:crypto";
import { type Actor, assertActorCan } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { type IncidentInput, incidentRuleIssues, type IncidentUpdateInput } from "@/lib/validation/incident";
import {
  ATTACK_TYPE_LABELS, CLAIM_STATEMENT_STATUS_LABELS, CLAIM_STATUS_LABELS, CONFIDENCE_LABELS, COUNTRY_NAMES, FIELD_LABELS, label,
  OUTCOME_LABELS, SOURCE_KIND_LABELS, TARGET_TYPE_LABELS,
} from "@/lib/vocabulary";
import { changedFields, type IncidentSnapshot, snapshotIncident } from "./incident-snapshot";

// Every write to an incident: create, edit, publish, retract, delete. Each runs in one transaction
// that also writes its audit entry, checks the actor's permission again (the action already did:
// this layer must be safe whoever calls it), and, for edits, the version the editor started from.

type Tx = Prisma.TransactionClient;

/** A field both saves changed, differently: the values as people read them (labels, names, not codes). */
export type FieldConflict = { field: string; label: string; base: string | null; theirs: string; mine: string };

/** What the editor picked for a field of a conflict: the value they started from, the other save's, or theirs. */
export type MergeChoice = "base" | "theirs" | "mine";

/** The editor's per-field choices, made against one current version (`version`). */
export type MergeRequest = { version: number; choices: Partial<Record<string, MergeChoice>> };

/**
 * Someone saved a newer version first and the two saves could not be merged on their own; nothing
 * was written. `conflicts` lists the fields to choose for; `stale` says the choices the editor sent
 * were made against a version that is no longer the current one.
 */
export class ConflictError extends Error {
  constructor(
    readonly currentVersion: number,
    readonly changedSince: string[],
    readonly conflicts: FieldConflict[] = [],
    readonly stale = false,
    readonly problem: string | null = null,
  ) {
    super("This incident was changed by someone else after you opened it.");
  }
}

export class IncidentNotFound extends Error {
  constructor() {
    super("This incident does not exist (or was deleted).");
  }
}

/** Input that validated but does not fit the data: an unknown site or group, a forbidden transition. */
export class IncidentInputError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

export type PossibleDuplicate = {
  id: string;
  reference: string;
  occurredOn: string;
  locationName: string;
  status: string;
  distanceKm: number;
  sameSite: boolean;
};

export type SaveResult = { saved: true; id: string; version: number } | { saved: false; duplicates: PossibleDuplicate[] };

// --- create and edit ------------------------------------------------------------------------------

export async function createIncident(actor: Actor, input: IncidentInput): Promise<SaveResult> {
  assertActorCan(actor, "create:incident");
  return getDb().$transaction(async (tx) => {
    const refs = await resolveReferences(tx, input);
    if (!input.confirmDuplicates) {
      const duplicates = await findPossibleDuplicates(tx, input, refs.siteId, null);
      if (duplicates.length) return { saved: false, duplicates };
    }
    const id = randomUUID();
    await tx.incident.create({
      data: { id, reference: await nextReference(tx, input.country, input.occurredOn), ...incidentColumns(input, refs), status: "DRAFT", createdById: actor.userId, updatedById: actor.userId },
    });
    await writeClaims(tx, id, input.claims, refs.groupIds);
    await writeSources(tx, id, input.sources);
    const after = await snapshotIncident(tx, id);
    await audit(tx, actor, "CREATE", id, null, after, null);
    return { saved: true, id, version: 1 };
  });
}

/**
 * Saves an edit. `input.version` is the version the editor started from. When someone saved a newer
 * one meanwhile, the two saves are merged field by field against that starting version (rebuilt
 * from the history): a field only this editor changed is applied, a field only the other save
 * changed stays as it is now, and a field both changed differently is a conflict, refused with the
 * three values unless `merge` holds the editor's choice for it, made against the current version.
 */
export async function updateIncident(actor: Actor, edit: IncidentUpdateInput, merge?: MergeRequest): Promise<SaveResult> {
  assertActorCan(actor, "update:incident");
  return getDb().$transaction(async (tx) => {
    await lockRow(tx, edit.id);
    const before = await snapshotIncident(tx, edit.id);
    const merged = before.version === edit.version ? null : await mergeWithCurrent(tx, before, edit, merge);
    const input = merged?.input ?? edit;
    const refs = await resolveReferences(tx, input);
    const moved = before.occurredOn !== input.occurredOn || before.site !== input.site || before.lat !== input.lat || before.lon !== input.lon;
    if (moved && !input.confirmDuplicates) {
      const duplicates = await findPossibleDuplicates(tx, input, refs.siteId, input.id);
      if (duplicates.length) return { saved: false, duplicates };
    }
    await tx.incident.update({
      where: { id: input.id },
      data: { ...incidentColumns(input, refs), version: { increment: 1 }, updatedById: actor.userId },
    });
    await writeClaims(tx, input.id, input.claims, refs.groupIds);
    await writeSources(tx, input.id, input.sources);
    const after = await snapshotIncident(tx, input.id);
    const { before: was, after: now } = changedFields(before, after);
    await audit(tx, actor, "UPDATE", input.id, was, now, merged?.reason ?? null);
    return { saved: true, id: input.id, version: after.version };
  });
}

// --- workflow -------------------------------------------------------------------------------------

export async function publishIncident(actor: Actor, id: string, version: number): Promise<number> {
  assertActorCan(actor, "publish:incident");
  return changeStatus(actor, id, version, "PUBLISH", (before) => {
    if (before.status === "PUBLISHED") throw new IncidentInputError("form", "This incident is already published.");
    return { status: "PUBLISHED", retractionReason: null };
  }, null);
}

export async function retractIncident(actor: Actor, id: string, version: number, reason: string | null): Promise<number> {
  assertActorCan(actor, "retract:incident");
  if (!reason) throw new IncidentInputError("reason", "Say why the incident is retracted; readers of its history will see it.");
  return changeStatus(actor, id, version, "RETRACT", (before) => {
    if (before.status !== "PUBLISHED") throw new IncidentInputError("form", "Only a published incident can be retracted.");
    return { status: "RETRACTED", retractionReason: reason };
  }, reason);
}

/** Admins only: removes the incident, its claim links and sources; the audit entry keeps a full copy. */
export async function deleteIncident(actor: Actor, id: string, version: number, reason: string | null): Promise<void> {
  assertActorCan(actor, "delete:incident");
  if (!reason) throw new IncidentInputError("reason", "Say why the incident is deleted; the history keeps your reason.");
  await getDb().$transaction(async (tx) => {
    const before = await lockVersion(tx, id, version);
    await tx.incident.delete({ where: { id } });
    // Claim statements that named only this incident would be left pointing at nothing.
    await tx.claim.deleteMany({ where: { id: { in: before.claims.map((c) => c.id) }, incidents: { none: {} } } });
    await audit(tx, actor, "DELETE", id, before, null, reason);
  });
}

async function changeStatus(
  actor: Actor, id: string, version: number, action: "PUBLISH" | "RETRACT",
  transition: (before: IncidentSnapshot) => { status: "PUBLISHED" | "RETRACTED"; retractionReason: string | null },
  reason: string | null,
): Promise<number> {
  return getDb().$transaction(async (tx) => {
    const before = await lockVersion(tx, id, version);
    await tx.incident.update({
      where: { id },
      data: { ...transition(before), version: { increment: 1 }, updatedById: actor.userId },
    });
    const after = await snapshotIncident(tx, id);
    const { before: was, after: now } = changedFields(before, after);
    await audit(tx, actor, action, id, was, now, reason);
    return after.version;
  });
}

// --- pieces -------------------------------------------------------------------------------------

/**
 * Locks the row and checks the editor's version. The row lock makes concurrent saves of one
 * incident queue up: the second sees the first one's version and gets a ConflictError.
 */
async function lockVersion(tx: Tx, id: string, version: number): Promise<IncidentSnapshot> {
  const current = await lockRow(tx, id);
  if (current !== version) throw new ConflictError(current, await changedSince(tx, id, version));
  return snapshotIncident(tx, id);
}

/** Locks the incident's row for the transaction; its current version. */
async function lockRow(tx: Tx, id: string): Promise<number> {
  const rows = await tx.$queryRaw<{ version: number }[]>`SELECT version FROM incident WHERE id = ${id}::uuid FOR UPDATE`;
  if (!rows[0]) throw new IncidentNotFound();
  return rows[0].version;
}

/** What the saves after `version` changed, so the editor knows what to look at. */
async function changedSince(tx: Tx, id: string, version: number): Promise<string[]> {
  const later = await tx.$queryRaw<{ after: object }[]>`
    SELECT after FROM audit_entry
    WHERE entity_type = 'incident' AND entity_id = ${id} AND (after ->> 'version')::int > ${version}`;
  return [...new Set(later.flatMap((entry) => Object.keys(entry.after)).filter((key) => key !== "version"))];
}

// --- merging two edits ----------------------------------------------------------------------------

/** The fields an editor edits, in the form's order: the units of a merge. Claims and sources are one field each. */
export const MERGE_FIELDS = [
  "occurredOn", "occurredTime", "datePrecision", "site", "lat", "lon", "country", "admin1", "locationName", "locationNameAr", "geoPrecision",
  "targetType", "attackType", "outcome", "confidence", "confirmedBy", "killedMin", "killedMax", "woundedMin", "woundedMax", "notes",
  "claimStatus", "attributedTo", "claims", "sources",
] as const satisfies readonly (keyof IncidentInput & keyof IncidentSnapshot)[];
type MergeField = (typeof MERGE_FIELDS)[number];

/** Fields a cross-field rule reads together: a merge that breaks the rule asks about all of them. */
const RULE_GROUPS: Record<string, MergeField[]> = {
  killedMax: ["killedMin", "killedMax"], woundedMax: ["woundedMin", "woundedMax"],
  claimStatus: ["claimStatus", "claims"], attributedTo: ["claimStatus", "attributedTo"],
};

type FieldValues = Pick<IncidentInput, MergeField> | Pick<IncidentSnapshot, MergeField>;

/** A field's value for comparison: JSON, with row lists compared as sets of rows without their ids. */
function comparable(field: MergeField, values: FieldValues): string {
  if (field === "claims" || field === "sources") {
    const rows = (values[field] as ReadonlyArray<Record<string, unknown>>).map((row) => {
      const { id: _id, supersededBy: _supersededBy, ...rest } = row;
      return JSON.stringify(Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b))));
    });
    return JSON.stringify(rows.sort());
  }
  return JSON.stringify(values[field] ?? null);
}

/**
 * The record as it stood at `version`, replayed from history: the full entry that created it (a
 * CREATE or IMPORT), then each later entry's changed fields. Null when the history cannot rebuild
 * it (a record loaded without entries): every difference is then a conflict to choose.
 */
async function snapshotAtVersion(tx: Tx, id: string, version: number): Promise<IncidentSnapshot | null> {
  const entries = await tx.$queryRaw<{ action: string; after: Partial<IncidentSnapshot> }[]>`
    SELECT action::text AS action, after FROM audit_entry
    WHERE entity_type = 'incident' AND entity_id = ${id} AND after IS NOT NULL AND (after ->> 'version')::int <= ${version}
    ORDER BY id`;
  const record = entries.reduce<Partial<IncidentSnapshot> | null>(
    (replayed, entry) => (entry.action === "CREATE" || entry.action === "IMPORT" ? { ...entry.after } : replayed && { ...replayed, ...entry.after }),
    null,
  );
  return record?.version === version ? (record as IncidentSnapshot) : null;
}

/** A snapshot's value of a field in the form the write path takes; rows keep only ids still linked. */
function inputValue(field: MergeField, values: FieldValues, current: IncidentSnapshot): unknown {
  if (field === "claims") {
    const linked = new Set(current.claims.map((c) => c.id));
    return (values.claims as IncidentInput["claims"]).map((c) => ({
      id: c.id && linked.has(c.id) ? c.id : null, group: c.group, statedOn: c.statedOn, channel: c.channel, url: c.url, text: c.text,
      status: c.status, weaponClaimed: c.weaponClaimed, targetClaimed: c.targetClaimed, textAr: c.textAr,
    }));
  }
  if (field === "sources") {
    const linked = new Set(current.sources.map((x) => x.id));
    return (values.sources as IncidentInput["sources"]).map((x) => ({
      id: x.id && linked.has(x.id) ? x.id : null, url: x.url, publisher: x.publisher, title: x.title, kind: x.kind, publishedOn: x.publishedOn, language: x.language,
    }));
  }
  return values[field];
}

/**
 * The edit merged onto the current version, or a ConflictError listing what the editor must
 * choose. Returns the input to write and the reason history records.
 */
async function mergeWithCurrent(
  tx: Tx, current: IncidentSnapshot, edit: IncidentUpdateInput, merge: MergeRequest | undefined,
): Promise<{ input: IncidentUpdateInput; reason: string }> {
  const base = await snapshotAtVersion(tx, edit.id, edit.version);
  // Choices count only when made against the version that is current now.
  const choices = merge && merge.version === current.version ? merge.choices : {};
  const stale = !!merge && merge.version !== current.version;

  const take = new Map<MergeField, MergeChoice | null>();
  const changedByEither = new Set<MergeField>();
  for (const field of MERGE_FIELDS) {
    const mine = comparable(field, edit);
    const theirs = comparable(field, current);
    const was = base ? comparable(field, base) : null;
    if (was === null || mine !== was || theirs !== was) changedByEither.add(field);
    const chosen = choices[field];
    if (chosen && (chosen !== "base" || base)) take.set(field, chosen);
    else if (mine === theirs || mine === was) take.set(field, "theirs");
    else if (theirs === was) take.set(field, "mine");
    else take.set(field, null);
  }

  const build = () => {
    const input: Record<string, unknown> = { ...edit };
    for (const [field, choice] of take) {
      const from = choice === "mine" ? edit : choice === "base" ? base! : current;
      input[field] = inputValue(field, from, current);
    }
    return input as IncidentUpdateInput;
  };
  const refuse = async (problem: string | null): Promise<never> => {
    const fields = MERGE_FIELDS.filter((field) => take.get(field) === null);
    throw new ConflictError(current.version, await changedSince(tx, edit.id, edit.version), await describeConflicts(tx, fields, base, current, edit), stale, problem);
  };

  if ([...take.values()].some((choice) => choice === null)) return refuse(null);
  const input = build();
  const broken = incidentRuleIssues(input);
  if (broken.length) {
    // Each save alone kept the rules but together they break one (her minimum, my maximum): ask
    // about the fields the rule reads that either save changed.
    for (const issue of broken) for (const field of RULE_GROUPS[issue.path[0]] ?? []) if (changedByEither.has(field)) take.set(field, null);
    const chose = Object.keys(choices).length > 0;
    return refuse(`${chose ? "The values you chose" : "Together, the two saves"} break a rule: ${broken.map((i) => i.message).join(" ")}`);
  }

  const kept = MERGE_FIELDS.filter((f) => take.get(f) === "theirs" && !choices[f] && comparable(f, current) !== comparable(f, edit));
  const applied = MERGE_FIELDS.filter((f) => take.get(f) === "mine" && !choices[f]);
  const chosen = MERGE_FIELDS.filter((f) => choices[f]);
  const names = (fields: readonly MergeField[]) => fields.map((f) => FIELD_LABELS[f] ?? f).join(", ");
  const whose = { base: "as started from", theirs: `as in version ${current.version}`, mine: "this editor's" } as const;
  const parts = [
    `Merged with version ${current.version} (this edit started from version ${edit.version})`,
    kept.length ? `kept from version ${current.version}: ${names(kept)}` : null,
    applied.length ? `applied from this edit: ${names(applied)}` : null,
    chosen.length ? `chosen field by field: ${chosen.map((f) => `${FIELD_LABELS[f] ?? f} (${whose[choices[f]!]})`).join(", ")}` : null,
  ];
  return { input, reason: `${parts.filter(Boolean).join("; ")}.` };
}

const DATE_PRECISION_SHORT: Record<string, string> = { DAY: "Day known", WEEK: "Week known", MONTH: "Month known" };
const GEO_PRECISION_SHORT: Record<string, string> = {
  EXACT: "Exact site", NEAR: "Near (within about 25 km)", DISTRICT: "District", PROVINCE: "Province", COUNTRY: "Country",
};

/** The three values of each conflicting field as people read them: labels and names, not codes. */
async function describeConflicts(
  tx: Tx, fields: MergeField[], base: IncidentSnapshot | null, current: IncidentSnapshot, edit: IncidentUpdateInput,
): Promise<FieldConflict[]> {
  const sides = [base, current, edit].filter((side): side is NonNullable<typeof side> => side !== null);
  const groupSlugs = new Set<string>();
  const siteSlugs = new Set<string>();
  for (const side of sides) {
    if (side.attributedTo) groupSlugs.add(side.attributedTo);
    for (const claim of side.claims) groupSlugs.add(claim.group);
    if (side.site) siteSlugs.add(side.site);
  }
  // One after the other: a transaction's queries share one connection.
  const groups = await tx.group.findMany({ where: { slug: { in: [...groupSlugs] } }, select: { slug: true, name: true } });
  const sites = await tx.site.findMany({ where: { slug: { in: [...siteSlugs] } }, select: { slug: true, name: true } });
  const groupName = new Map(groups.map((g) => [g.slug, g.name]));
  const siteName = new Map(sites.map((x) => [x.slug, x.name]));

  const human = (field: MergeField, values: FieldValues): string => {
    const value = values[field];
    if (field === "claims") {
      const rows = values.claims as ReadonlyArray<IncidentInput["claims"][number] | IncidentSnapshot["claims"][number]>;
      if (!rows.length) return "No claim statements";
      return rows.map((c) => [
        `${groupName.get(c.group) ?? c.group}, stated on ${c.statedOn} (${label(CLAIM_STATEMENT_STATUS_LABELS, c.status)})`,
        c.channel ? `via ${c.channel}` : null, c.weaponClaimed ? `weapon: ${label(ATTACK_TYPE_LABELS, c.weaponClaimed)}` : null,
        c.targetClaimed ? `target: ${c.targetClaimed}` : null, c.url, c.text ? `“${c.text.length > 80 ? `${c.text.slice(0, 79)}…` : c.text}”` : null,
      ].filter(Boolean).join(", ")).join("; ");
    }
    if (field === "sources") {
      const rows = values.sources as ReadonlyArray<IncidentInput["sources"][number]>;
      if (!rows.length) return "No sources";
      return rows.map((x) => [x.url, x.publisher, x.title, label(SOURCE_KIND_LABELS, x.kind), x.publishedOn].filter(Boolean).join(", ")).join("; ");
    }
    if (value === null || value === undefined || value === "") {
      return field.startsWith("killed") || field.startsWith("wounded") ? "Unknown" : "Not recorded";
    }
    if (Array.isArray(value)) return value.length ? value.join("; ") : "None";
    const code = String(value);
    switch (field) {
      case "country": return COUNTRY_NAMES[code] ?? code;
      case "datePrecision": return DATE_PRECISION_SHORT[code] ?? code;
      case "geoPrecision": return GEO_PRECISION_SHORT[code] ?? code;
      case "targetType": return label(TARGET_TYPE_LABELS, code);
      case "attackType": return label(ATTACK_TYPE_LABELS, code);
      case "outcome": return label(OUTCOME_LABELS, code);
      case "confidence": return label(CONFIDENCE_LABELS, code);
      case "claimStatus": return label(CLAIM_STATUS_LABELS, code);
      case "attributedTo": return groupName.get(code) ?? code;
      case "site": return siteName.get(code) ?? code;
      default: return code;
    }
  };
  return fields.map((field) => ({
    field, label: FIELD_LABELS[field] ?? field,
    base: base ? human(field, base) : null, // not in the history (a record loaded without entries)
    theirs: human(field, current), mine: human(field, edit),
  }));
}

type References = { siteId: string | null; attributedToId: string | null; groupIds: Map<string, string> };

/** Slugs from the form → ids; an unknown one is an input error on its field. */
async function resolveReferences(tx: Tx, input: IncidentInput): Promise<References> {
  let siteId: string | null = null;
  if (input.site) {
    const site = await tx.site.findUnique({ where: { slug: input.site }, select: { id: true } });
    if (!site) throw new IncidentInputError("site", "Unknown site; choose one from the list.");
    siteId = site.id;
  }
  const slugs = [...new Set([...input.claims.map((c) => c.group), ...(input.attributedTo ? [input.attributedTo] : [])])];
  const groups = await tx.group.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true } });
  const groupIds = new Map(groups.map((g) => [g.slug, g.id]));
  input.claims.forEach((claim, i) => {
    if (!groupIds.has(claim.group)) throw new IncidentInputError(`claims.${i}.group`, "Unknown group; choose one from the list.");
  });
  if (input.attributedTo && !groupIds.has(input.attributedTo)) throw new IncidentInputError("attributedTo", "Unknown group; choose one from the list.");
  return { siteId, attributedToId: input.attributedTo ? groupIds.get(input.attributedTo)! : null, groupIds };
}

function incidentColumns(input: IncidentInput, refs: References) {
  return {
    occurredOn: new Date(`${input.occurredOn}T00:00:00Z`),
    occurredTime: input.occurredTime ? new Date(`1970-01-01T${input.occurredTime}:00Z`) : null,
    datePrecision: input.datePrecision,
    country: input.country,
    admin1: input.admin1,
    locationName: input.locationName,
    locationNameAr: input.locationNameAr,
    lat: input.lat,
    lon: input.lon,
    geoPrecision: input.geoPrecision,
    siteId: refs.siteId,
    targetType: input.targetType,
    attackType: input.attackType,
    outcome: input.outcome,
    killedMin: input.killedMin,
    killedMax: input.killedMax,
    woundedMin: input.woundedMin,
    woundedMax: input.woundedMax,
    claimStatus: input.claimStatus,
    attributedToId: refs.attributedToId,
    confidence: input.confidence,
    confirmedBy: input.confirmedBy,
    notes: input.notes,
  };
}

/** IQ-2024-0117: the next number for the country and year, handed out under a row lock. */
async function nextReference(tx: Tx, country: string, occurredOn: string): Promise<string> {
  const year = Number(occurredOn.slice(0, 4));
  const [row] = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO reference_counter (country, year, last) VALUES (${country}, ${year}, 1)
    ON CONFLICT (country, year) DO UPDATE SET last = reference_counter.last + 1
    RETURNING last`;
  return `${country}-${year}-${String(row!.last).padStart(4, "0")}`;
}

/**
 * The incident's claim statements become exactly the rows of the form. A kept row (with its id)
 * updates that statement, which other incidents may share; a removed row unlinks it, and a
 * statement left claiming nothing is deleted.
 */
async function writeClaims(tx: Tx, incidentId: string, claims: IncidentInput["claims"], groupIds: Map<string, string>) {
  const linked = await tx.incidentClaim.findMany({ where: { incidentId }, select: { claimId: true } });
  const linkedIds = new Set(linked.map((l) => l.claimId));
  const keptIds = new Set<string>();
  for (const [i, claim] of claims.entries()) {
    const data = {
      groupId: groupIds.get(claim.group)!,
      statedAt: new Date(`${claim.statedOn}T00:00:00Z`),
      channel: claim.channel,
      url: claim.url,
      text: claim.text,
      status: claim.status,
      weaponClaimed: claim.weaponClaimed,
      targetClaimed: claim.targetClaimed,
      textAr: claim.textAr,
      // Only a superseded statement points at the one that replaced it (a CHECK holds this too).
      ...(claim.status === "SUPERSEDED" ? {} : { supersededById: null }),
    };
    if (claim.id) {
      if (!linkedIds.has(claim.id)) throw new IncidentInputError(`claims.${i}.group`, "This claim statement does not belong to the incident; reload the page.");
      await tx.claim.update({ where: { id: claim.id }, data });
      keptIds.add(claim.id);
    } else {
      const created = await tx.claim.create({ data, select: { id: true } });
      await tx.incidentClaim.create({ data: { incidentId, claimId: created.id } });
    }
  }
  const removed = [...linkedIds].filter((id) => !keptIds.has(id));
  if (removed.length) {
    await tx.incidentClaim.deleteMany({ where: { incidentId, claimId: { in: removed } } });
    await tx.claim.deleteMany({ where: { id: { in: removed }, incidents: { none: {} } } });
  }
}

/** The incident's sources become exactly the rows of the form; kept rows keep their ids. */
async function writeSources(tx: Tx, incidentId: string, sources: IncidentInput["sources"]) {
  const existing = new Set((await tx.source.findMany({ where: { incidentId }, select: { id: true } })).map((s) => s.id));
  const keptIds = new Set<string>();
  for (const [i, source] of sources.entries()) {
    const data = {
      url: source.url,
      publisher: source.publisher,
      title: source.title,
      kind: source.kind,
      publishedOn: source.publishedOn ? new Date(`${source.publishedOn}T00:00:00Z`) : null,
      language: source.language,
    };
    if (source.id) {
      if (!existing.has(source.id)) throw new IncidentInputError(`sources.${i}.url`, "This source does not belong to the incident; reload the page.");
      await tx.source.update({ where: { id: source.id }, data });
      keptIds.add(source.id);
    } else {
      await tx.source.create({ data: { ...data, incidentId } });
    }
  }
  const removed = [...existing].filter((id) => !keptIds.has(id));
  if (removed.length) await tx.source.deleteMany({ where: { id: { in: removed } } });
}

/**
 * The duplicate rule, shared with imports: another incident not retracted, within `days` of the
 * date and `km` of the point (distance_km, in SQL), or at the same site; at most `listed` shown.
 */
export const DUPLICATE_RULE = { days: 1, km: 10, listed: 10 } as const;

/** Incidents within a day and 10 km, or at the same site, that are not retracted. */
async function findPossibleDuplicates(tx: Tx, input: IncidentInput, siteId: string | null, excludeId: string | null): Promise<PossibleDuplicate[]> {
  return tx.$queryRaw<PossibleDuplicate[]>`
    SELECT * FROM (
      SELECT i.id::text AS id, i.reference, to_char(i.occurred_on, 'YYYY-MM-DD') AS "occurredOn",
             i.location_name AS "locationName", i.status::text AS status,
             round(distance_km(${input.lat}::float8, ${input.lon}::float8, i.lat, i.lon)::numeric, 1)::float8 AS "distanceKm",
             coalesce(i.site_id = ${siteId}::uuid, false) AS "sameSite"
      FROM incident i
      WHERE i.occurred_on BETWEEN ${input.occurredOn}::date - ${DUPLICATE_RULE.days}::int AND ${input.occurredOn}::date + ${DUPLICATE_RULE.days}::int
        AND i.status <> 'RETRACTED'
        AND (${excludeId}::uuid IS NULL OR i.id <> ${excludeId}::uuid)
    ) candidate
    WHERE "sameSite" OR "distanceKm" <= ${DUPLICATE_RULE.km}
    ORDER BY "distanceKm", "occurredOn"
    LIMIT ${DUPLICATE_RULE.listed}`;
}

async function audit(
  tx: Tx, actor: Actor, action: "CREATE" | "UPDATE" | "PUBLISH" | "RETRACT" | "DELETE", incidentId: string,
  before: Partial<IncidentSnapshot> | null, after: Partial<IncidentSnapshot> | null, reason: string | null,
) {
  await tx.auditEntry.create({
    data: {
      actorId: actor.userId,
      actorLabel: actor.label,
      action,
      entityType: "incident",
      entityId: incidentId,
      before: (before ?? undefined) as Prisma.InputJsonValue | undefined,
      after: (after ?? undefined) as Prisma.InputJsonValue | undefined,
      reason,
    },
  });
}
