import "server-only";
import { type Actor, actorCan, assertActorCan } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import type { IncidentSnapshot } from "./incident-snapshot";

export type FieldChange = { field: string; before: unknown; after: unknown };
export type HistoryEntry = { id: string; at: Date; actor: string; action: string; reason: string | null; changes: FieldChange[] };

/**
 * The incident's history, newest first, as field-level changes. The caller has already shown that
 * the actor may see the incident itself (getIncidentForActor).
 */
export async function listIncidentHistory(actor: Actor, incidentId: string): Promise<HistoryEntry[]> {
  assertActorCan(actor, "read:incident");
  const entries = await getDb().auditEntry.findMany({
    where: { entityType: "incident", entityId: incidentId },
    orderBy: { id: "desc" },
    select: { id: true, at: true, actorId: true, actorLabel: true, action: true, reason: true, before: true, after: true },
  });
  // Staff see who acted; the public sees the role of the change, not editors' e-mail addresses.
  // Entries with no account behind them (the public-record loader) name what wrote them.
  const showActors = actorCan(actor, "read:draft");
  return entries.map((entry) => ({
    id: String(entry.id),
    at: entry.at,
    actor: showActors || entry.actorId === null ? entry.actorLabel : "an editor",
    action: entry.action,
    reason: entry.reason,
    // A creation lists what it set; later entries hold only the fields they changed.
    changes: fieldChanges((entry.before ?? {}) as Partial<IncidentSnapshot>, (entry.after ?? {}) as Partial<IncidentSnapshot>),
  }));
}

function fieldChanges(before: Partial<IncidentSnapshot>, after: Partial<IncidentSnapshot>): FieldChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((field) => field !== "version");
  return fields.map((field) => ({
    field,
    before: before[field as keyof IncidentSnapshot] ?? null,
    after: after[field as keyof IncidentSnapshot] ?? null,
  }));
}
