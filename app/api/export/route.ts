import { answerRead, BadParameter, readApiFilters, readChoice } from "@/lib/api/read-params";
import { exportIncidents } from "@/lib/data/incident-export";
import { ExportsBusyError } from "@/lib/db";
import { EXPORT_CONTENT_TYPES, EXPORT_FORMATS, EXPORT_PROFILES, exportFileName } from "@/lib/export/file-name";
import { toSearchParams } from "@/lib/filters";

export const dynamic = "force-dynamic";

/** Seconds a refused download is told to wait: exports end, or are cut when stalled, within about that. */
const RETRY_AFTER_S = 10;

/**
 * GET /api/export?format=csv|geojson|json[&profile=acled][&bom=1]&<filter> → the filtered published
 * incidents as a file, streamed. Strict like the rest of the API: a bad parameter is a 400 naming it.
 * `bom=1` (CSV only) starts the file with a UTF-8 byte-order mark, without which Excel reads it in
 * the computer's legacy code page and shows Arabic as garbage.
 * No row count header: the count is not known until the last row has been sent.
 * Exports have a few database connections of their own (EXPORT_MAX_CONNECTIONS): when all are
 * streaming, the answer is 503 with Retry-After at once, and pages and reads are not affected.
 */
export async function GET(request: Request) {
  return answerRead(request, async () => {
    const params = new URL(request.url).searchParams;
    const format = readChoice(params, "format", EXPORT_FORMATS, "csv");
    const profile = readChoice(params, "profile", EXPORT_PROFILES, "standard");
    if (profile === "acled" && format === "geojson") throw new BadParameter("profile", "profile=acled is offered for csv and json only");
    const hasByteOrderMark = readChoice(params, "bom", ["0", "1"], "0") === "1";
    // JSON must not start with one (RFC 8259), and only spreadsheets need it.
    if (hasByteOrderMark && format !== "csv") throw new BadParameter("bom", "bom=1 is offered for csv only");
    const filters = await readApiFilters(params);
    let exported: Awaited<ReturnType<typeof exportIncidents>>;
    try {
      exported = await exportIncidents(filters, { format, profile, hasByteOrderMark, signal: request.signal });
    } catch (error) {
      if (!(error instanceof ExportsBusyError)) throw error;
      return Response.json(
        { error: { message: "Too many exports are running at the moment; try again in a few seconds." } },
        { status: 503, headers: { "Retry-After": String(RETRY_AFTER_S), "Cache-Control": "no-store" } },
      );
    }
    const { dataVersion, body } = exported;
    return new Response(body, {
      headers: {
        "Content-Type": EXPORT_CONTENT_TYPES[format],
        "Content-Disposition": `attachment; filename="${exportFileName({ filters, dataVersion, format, profile })}"`,
        "X-Data-Version": dataVersion ?? "none",
        "X-Filter": toSearchParams(filters).toString(),
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  });
}
