import "server-only";
import { headers } from "next/headers";
import { configuredOrigins } from "@/lib/api/same-origin";

/**
 * The base for a page's canonical and Open Graph addresses: the site's configured address
 * (BETTER_AUTH_URL, else the first of ALLOWED_ORIGINS) or, without one, the address the request
 * was sent to. Without a base, Next.js would write http://localhost:3000 into shared links.
 */
export async function metadataBase(): Promise<URL | null> {
  const configured = configuredOrigins()[0];
  if (configured) return new URL(configured);
  const host = (await headers()).get("host")?.trim();
  // A Host header with a path, credentials or other junk names no address.
  if (!host || /[\s/\\@?#]/.test(host)) return null;
  try {
    return new URL(`http://${host}`);
  } catch {
    return null;
  }
}
