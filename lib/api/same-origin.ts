// Route handlers get no CSRF check from Next (server actions do). A browser sends the session
// cookie with a cross-site form post or fetch, so every mutating route handler first calls
// refuseCrossOrigin and returns its answer when there is one.
//
// "This site" is any of: the address the request was sent to (the Host header with the request's
// scheme: localhost, 127.0.0.1 or the network address `npm start` prints all work), BETTER_AUTH_URL,
// and the origins listed in ALLOWED_ORIGINS (comma-separated; for a proxy that changes the host or
// the scheme). X-Forwarded-Host is never trusted: anyone can send it, so a proxy is named in
// ALLOWED_ORIGINS instead. Trusting Host is safe against cross-site requests: a page elsewhere
// sends its own Origin, and a page on a host name that merely resolves to this server (DNS
// rebinding) never receives this site's cookies, which belong to the host the user opened.

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function originOf(value: string): string | null {
  try {
    const url = new URL(value.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
  } catch {
    return null;
  }
}

/** BETTER_AUTH_URL and ALLOWED_ORIGINS, as origins (scheme://host[:port]). */
export function configuredOrigins(): string[] {
  const values = [process.env.BETTER_AUTH_URL ?? "", ...(process.env.ALLOWED_ORIGINS ?? "").split(",")];
  return [...new Set(values.map((value) => (value.trim() ? originOf(value) : null)).filter((o): o is string => o !== null))];
}

/** The origin the request was addressed to: its scheme with its Host header (null without one). */
export function requestedOrigin(request: Request): string | null {
  const host = request.headers.get("host")?.trim();
  // A Host header with a path, credentials or other junk names no origin.
  if (!host || /[\s/\\@?#]/.test(host)) return null;
  return originOf(`${new URL(request.url).protocol}//${host}`);
}

/** This app's origins for this request (see the top of the file). */
export function siteOrigins(request: Request): Set<string> {
  const origins = new Set([new URL(request.url).origin, ...configuredOrigins()]);
  const requested = requestedOrigin(request);
  if (requested) origins.add(requested);
  return origins;
}

/** Why this request may not change anything, or null when it comes from this site (or changes nothing). */
export function crossOriginReason(request: Request, trusted: ReadonlySet<string> = siteOrigins(request)): string | null {
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
  const normalized = originOf(origin);
  return normalized !== null && trusted.has(normalized) ? null : `a request from ${origin.slice(0, 100)}`;
}

/** A 403 JSON response to return as is, or null to carry on. */
export function refuseCrossOrigin(request: Request): Response | null {
  const reason = crossOriginReason(request);
  if (!reason) return null;
  return Response.json({ error: `Refused ${reason}: changes are accepted from this site's own pages only.` }, { status: 403 });
}
