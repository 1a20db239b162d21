import "server-only";
import { getDb } from "@/lib/db";

/** True while any generated demo row is loaded: every page then says so. */
export async function hasSyntheticData(): Promise<boolean> {
  const row = await getDb().incident.findFirst({ where: { isSynthetic: true }, select: { id: true } });
  return row !== null;
}
