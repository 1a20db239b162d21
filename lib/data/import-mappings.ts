import "server-only";
import { type Actor, assertActorCan } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { headerKey, type ImportChoices, ImportChoicesSchema, type SaveImportMappingInput } from "@/lib/import/values";
import { audit, changedFields, lockVersion, RecordInputError } from "./keyed-record-writes";

// Saved import choices: an editor's column mapping, values for every row and value mappings for a
// hand-made sheet, under a name, offered for the next file with the same header. Shared by every
// editor (the same outside sheet is imported by whoever is on duty); each save is version-locked
// and audited like the other keyed records.

export type SavedImportMapping = { id: string; name: string; version: number; header: string[]; headerKey: string; choices: ImportChoices; updatedAt: string };

/** A saved mapping whose stored choices no longer parse (a newer shape, a hand edit) is not offered. */
function toSaved(row: { id: string; name: string; version: number; header: string[]; headerKey: string; choices: unknown; updatedAt: Date }): SavedImportMapping[] {
  const choices = ImportChoicesSchema.safeParse(row.choices);
  return choices.success ? [{ ...row, choices: choices.data, updatedAt: row.updatedAt.toISOString() }] : [];
}

/** Every saved mapping, by name (a team keeps a handful; 200 at most are offered). */
export async function listImportMappings(actor: Actor): Promise<SavedImportMapping[]> {
  assertActorCan(actor, "import:incident");
  const rows = await getDb().importMapping.findMany({
    orderBy: { name: "asc" }, take: 200, select: { id: true, name: true, version: true, header: true, headerKey: true, choices: true, updatedAt: true },
  });
  return rows.flatMap(toSaved);
}

const snapshot = (m: { name: string; header: string[]; choices: unknown; version: number }) => ({ name: m.name, header: m.header, choices: m.choices, version: m.version });

/**
 * Saves the choices: a new mapping, or a new version of the one given by id and version
 * (ConflictError, nothing written, when someone saved it since). A name another mapping has is a
 * RecordInputError on `name`.
 */
export async function saveImportMapping(actor: Actor, input: SaveImportMappingInput): Promise<{ id: string; version: number }> {
  assertActorCan(actor, "import:incident");
  const data = { name: input.name, header: input.header, headerKey: headerKey(input.header), choices: input.choices as Prisma.InputJsonValue };
  try {
    return await getDb().$transaction(async (tx) => {
      if (input.id === undefined) {
        const row = await tx.importMapping.create({ data: { ...data, createdById: actor.userId, updatedById: actor.userId } });
        await audit(tx, actor, "CREATE", "import_mapping", row.id, null, snapshot(row));
        return { id: row.id, version: row.version };
      }
      await lockVersion(tx, "import_mapping", input.id, input.version ?? 0);
      const before = snapshot(await tx.importMapping.findUniqueOrThrow({ where: { id: input.id } }));
      const row = await tx.importMapping.update({ where: { id: input.id }, data: { ...data, version: { increment: 1 }, updatedById: actor.userId } });
      const change = changedFields(before, snapshot(row));
      await audit(tx, actor, "UPDATE", "import_mapping", row.id, change.before, change.after);
      return { id: row.id, version: row.version };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new RecordInputError("name", `Saved choices called "${input.name}" exist already; choose another name, or load those and save them again.`);
    }
    throw error;
  }
}
