// Route handlers get no CSRF check from Next (server actions do). A browser sends the session
// cookie with a cross-site form post or fetch, so every mutating route handler first calls
// refuseCrossOrigin and returns its answer when there is one.

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** This app's origins: the one the request reached, and the public one when behind a proxy. */
function trustedOrigins(request: Request): Set<string> {
  const origins = new Set([new URL(request.url).origin]);
  if (process.env.BETTER_AUTH_URL) origins.add(new URL(process.env.BETTER_AUTH_URL).origin);
  return origins;
}

/** Why this request may not change anything, or null when it comes from this site (or changes nothing). */
export function crossOriginReason(request: Request, trusted: ReadonlySet<string> = trustedOrigins(request)): string | null {
  if (!MUTATING.has(request.method.toUpperCase())) return null;
  // Browsers that send Sec-Fetch-Site say exactly where the request started.
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") return `a ${site} request`;
  const origin = request.headers.get("origin");
  if (origin === null) {
    // Browsers send Origin on every POST; a cookie without one is a replay or an odd client. A
    // script without a cookie is a signed-out caller that the permission check refuses anyway.
    return request.headers.has("cookie") ? "a request with a cookie but no Origin" : null;
  }
  if (origin === "null") return "a request from an opaque origin";
  return trusted.has(origin) ? null : `a request from ${origin.slice(0, 100)}`;
}

/** A 403 JSON response to return as is, or null to carry on. */
export function refuseCrossOrigin(request: Request): Response | null {
  const reason = crossOriginReason(request);
  if (!reason) return null;
  return Response.json({ error: `Refused ${reason}: changes are accepted from this site's own pages only.` }, { status: 403 });
}
