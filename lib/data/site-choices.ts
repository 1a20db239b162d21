import "server-only";
import { getDb } from "@/lib/db";

/** Every known site with what a form needs to fill the location from it. */
export async function listSiteChoices() {
  return getDb().site.findMany({
    orderBy: { name: "asc" },
    select: { slug: true, name: true, nameAr: true, country: true, admin1: true, lat: true, lon: true, type: true, coordinatesApproximate: true },
  });
}
