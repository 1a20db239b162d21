import "server-only";
import { type Actor, assertActorCan } from "@/lib/auth/guards";
import { getDb, getPool } from "@/lib/db";
import type { TimelineEvent } from "@/lib/generated/prisma/client";
import type { TimelineEventKind } from "@/lib/codes";
import type { TimelineEventInput, TimelineEventUpdateInput } from "@/lib/validation/tally";
import { audit, changedFields, lockVersion, toDate, toDay, withUniqueKey } from "./keyed-record-writes";

// The campaign's key events (first attacks, US strikes, pauses), drawn as marks on the timeline.

export type TimelineEventRecord = {
  id: string;
  key: string;
  version: number;
  occurredOn: string;
  kind: TimelineEventKind;
  title: string;
  description: string;
  sourceUrls: string[];
  sourcePublishers: string[];
};

/** Events between from and to (YYYY-MM-DD, both inclusive, either open), oldest first. */
export async function listTimelineEvents(actor: Actor, range: { from?: string; to?: string } = {}): Promise<TimelineEventRecord[]> {
  assertActorCan(actor, "read:incident");
  const { rows } = await getPool().query<TimelineEventRecord>(
    `SELECT e.id::text AS id, e.key, e.version, e.occurred_on::text AS "occurredOn", e.kind::text AS kind, e.title, e.description,
            e.source_urls AS "sourceUrls", e.source_publishers AS "sourcePublishers"
     FROM timeline_event e
     WHERE ($1::date IS NULL OR e.occurred_on >= $1::date) AND ($2::date IS NULL OR e.occurred_on <= $2::date)
     ORDER BY e.occurred_on, e.key`,
    [range.from ?? null, range.to ?? null],
  );
  return rows;
}

type EventSnapshot = Omit<TimelineEventRecord, "id">;

function snapshot(row: TimelineEvent): EventSnapshot {
  return {
    key: row.key, version: row.version, occurredOn: toDay(row.occurredOn), kind: row.kind, title: row.title, description: row.description,
    sourceUrls: row.sourceUrls, sourcePublishers: row.sourcePublishers,
  };
}

function columns(input: TimelineEventInput | TimelineEventUpdateInput) {
  return {
    occurredOn: toDate(input.occurredOn), kind: input.kind, title: input.title, description: input.description,
    sourceUrls: input.sourceUrls, sourcePublishers: input.sourcePublishers,
  };
}

export async function createTimelineEvent(actor: Actor, input: TimelineEventInput): Promise<{ id: string; version: number }> {
  assertActorCan(actor, "edit:event");
  return withUniqueKey(() =>
    getDb().$transaction(async (tx) => {
      // updatedById set: the public-record loader leaves rows a person saved as they are.
      const row = await tx.timelineEvent.create({ data: { key: input.key, ...columns(input), createdById: actor.userId, updatedById: actor.userId } });
      await audit(tx, actor, "CREATE", "timeline_event", row.id, null, snapshot(row));
      return { id: row.id, version: row.version };
    }),
  );
}

/** ConflictError (nothing written) when someone saved after the editor's version. */
export async function updateTimelineEvent(actor: Actor, input: TimelineEventUpdateInput): Promise<{ id: string; version: number }> {
  assertActorCan(actor, "edit:event");
  return getDb().$transaction(async (tx) => {
    await lockVersion(tx, "timeline_event", input.id, input.version);
    const before = snapshot(await tx.timelineEvent.findUniqueOrThrow({ where: { id: input.id } }));
    const row = await tx.timelineEvent.update({
      where: { id: input.id },
      data: { ...columns(input), version: { increment: 1 }, updatedById: actor.userId },
    });
    const change = changedFields(before, snapshot(row));
    await audit(tx, actor, "UPDATE", "timeline_event", row.id, change.before, change.after);
    return { id: row.id, version: row.version };
  });
}
