import { answerRead, BadParameter, readApiFilters, readBBox, readInteger } from "@/lib/api/read-params";
import { getMapFeatures } from "@/lib/data/incident-map";

export const dynamic = "force-dynamic";

/**
 * GET /api/map?bbox=w,s,e,n&zoom=z&<filter> → GeoJSON FeatureCollection of clusters or incidents.
 * `bbox` is the visible map here; the filter's searched area travels as `area`.
 */
export async function GET(request: Request) {
  return answerRead(request, async () => {
    const params = new URL(request.url).searchParams;
    const view = readBBox(params, "bbox");
    if (!view) throw new BadParameter("bbox", "bbox (the visible map: west,south,east,north) is required");
    const zoom = readInteger(params, "zoom", { min: 0, max: 22, fallback: -1 });
    if (zoom < 0) throw new BadParameter("zoom", "zoom (a whole number from 0 to 22) is required");
    const filterParams = new URLSearchParams(params);
    filterParams.delete("bbox");
    filterParams.delete("zoom");
    const area = readBBox(params, "area");
    filterParams.delete("area");
    const filters = await readApiFilters(filterParams);
    if (area) filters.bbox = area;
    return Response.json(await getMapFeatures(filters, view, zoom));
  });
}
