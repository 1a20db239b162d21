import { RETRY_AFTER_SECONDS } from "@/lib/api/database-unavailable";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

const TIMEOUT_MS = 3_000;

/** 200 when the database answers within 3 s, 503 otherwise (for load balancers and `npm start` checks). */
export async function GET() {
  try {
    await Promise.race([
      getDb().$queryRaw`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error("database timeout")), TIMEOUT_MS).unref()),
    ]);
    return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    // One line: Prisma's message spans several, and a monitor may ask every few seconds.
    const message = error instanceof Error ? error.message : String(error);
    console.warn(`health check: database unavailable: ${message.split("\n").filter((line) => line.trim()).at(-1) ?? "no answer"}`);
    return Response.json({ status: "unavailable" }, { status: 503, headers: { "Cache-Control": "no-store", "Retry-After": String(RETRY_AFTER_SECONDS) } });
  }
}
