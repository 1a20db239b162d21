import "server-only";
import { type Actor } from "@/lib/auth/guards";
import { Prisma } from "@/lib/generated/prisma/client";
import { ConflictError } from "./incident-writes";

// The pieces shared by the writes of the small keyed records (tallies, key events): the version
// lock, the audit entry and the errors. Incidents have their own (lib/data/incident-writes.ts);
// these follow the same rules: one transaction, the row locked, the change audited beside it.

type Tx = Prisma.TransactionClient;
export type KeyedTable = "tally" | "timeline_event" | "import_mapping";

export class RecordNotFound extends Error {
  constructor() {
    super("This record does not exist (or was deleted); reload the page.");
  }
}

/** Input that validated but does not fit the data, e.g. a key already taken. */
export class RecordInputError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

/** Fields that are bookkeeping, not content: never reported as "changed since". */
const BOOKKEEPING = new Set(["version", "createdById", "updatedById", "key"]);
const camel = (field: string) => field.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Locks the row and checks the editor's version; a concurrent save queues on the lock and then
 * sees the newer version. On a mismatch, ConflictError names the fields the later saves changed,
 * read from their audit entries (ours use the form's names; the public-record loader's use the
 * column names and list the whole row, so they are camel-cased and may name more than changed).
 */
export async function lockVersion(tx: Tx, table: KeyedTable, id: string, version: number): Promise<void> {
  const rows = await tx.$queryRawUnsafe<{ version: number }[]>(`SELECT version FROM ${table} WHERE id = $1::uuid FOR UPDATE`, id);
  const current = rows[0];
  if (!current) throw new RecordNotFound();
  if (current.version === version) return;
  const later = await tx.$queryRaw<{ after: Record<string, unknown> }[]>`
    SELECT after FROM audit_entry
    WHERE entity_type = ${table} AND entity_id = ${id} AND after IS NOT NULL AND (after ->> 'version')::int > ${version}`;
  const fields = new Set(later.flatMap((entry) => Object.keys(entry.after).map(camel)).filter((field) => !BOOKKEEPING.has(field)));
  throw new ConflictError(current.version, [...fields]);
}

/** The fields that differ, before and after (version included, so history can be replayed). */
export function changedFields<T extends Record<string, unknown>>(before: T, after: T): { before: Partial<T>; after: Partial<T> } {
  const was: Partial<T> = {};
  const now: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      was[key] = before[key];
      now[key] = after[key];
    }
  }
  return { before: was, after: now };
}

export async function audit(
  tx: Tx, actor: Actor, action: "CREATE" | "UPDATE", entityType: KeyedTable, entityId: string,
  before: object | null, after: object,
): Promise<void> {
  await tx.auditEntry.create({
    data: {
      actorId: actor.userId,
      actorLabel: actor.label,
      action,
      entityType,
      entityId,
      before: (before ?? undefined) as Prisma.InputJsonValue | undefined,
      after: after as Prisma.InputJsonValue,
    },
  });
}

/** A unique key taken by another row (Prisma's P2002) becomes a message on the key field. */
export async function withUniqueKey<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new RecordInputError("key", "This key is already used by another record; choose another.");
    }
    throw error;
  }
}

export const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
export const toDay = (date: Date) => date.toISOString().slice(0, 10);
