import { answerRead, BadParameter, readApiFilters, readChoice } from "@/lib/api/read-params";
import { exportIncidents } from "@/lib/data/incident-export";
import { EXPORT_CONTENT_TYPES, EXPORT_FORMATS, EXPORT_PROFILES, exportFileName } from "@/lib/export/file-name";
import { toSearchParams } from "@/lib/filters";

export const dynamic = "force-dynamic";

/**
 * GET /api/export?format=csv|geojson|json[&profile=acled]&<filter> → the filtered published
 * incidents as a file, streamed. Strict like the rest of the API: a bad parameter is a 400 naming it.
 * No row count header: the count is not known until the last row has been sent.
 */
export async function GET(request: Request) {
  return answerRead(request, async () => {
    const params = new URL(request.url).searchParams;
    const format = readChoice(params, "format", EXPORT_FORMATS, "csv");
    const profile = readChoice(params, "profile", EXPORT_PROFILES, "standard");
    if (profile === "acled" && format === "geojson") throw new BadParameter("profile", "profile=acled is offered for csv and json only");
    const filters = await readApiFilters(params);
    const { dataVersion, body } = await exportIncidents(filters, { format, profile, signal: request.signal });
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
