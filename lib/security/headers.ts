// The browser-side defences every response carries. Pure, so unit tests and next.config.ts share it.

/** Headers that do not change per request: set on every response in next.config.ts. */
/** Server-action bodies above this are refused: our forms send a few kilobytes. */
export const ACTION_BODY_LIMIT_KB = 256;

export const STATIC_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  // frame-ancestors in the CSP says the same to current browsers; this covers older ones.
  { key: "X-Frame-Options", value: "DENY" },
  // The app needs none of these powerful features; nothing embedded may ask for them either.
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
];

/**
 * The origin (or, for Leaflet's `{s}` subdomains, a wildcard host) that MAP_TILE_URL loads images
 * from, as a CSP source; null when unset or not an http(s) URL.
 */
export function tileSource(tileUrl: string | undefined): string | null {
  const match = tileUrl ? /^(https?):\/\/([^/?#]+)/i.exec(tileUrl.trim()) : null;
  if (!match) return null;
  const [, scheme, authority] = match as unknown as [string, string, string];
  const host = authority.replace(/^\{s\}\./, "*.");
  return /^(\*\.)?[a-z0-9.-]+(:\d+)?$/i.test(host) ? `${scheme.toLowerCase()}://${host.toLowerCase()}` : null;
}

/**
 * The Content-Security-Policy of one page response. Scripts run only with this request's nonce
 * (Next adds it to its own scripts) or when loaded by such a script ('strict-dynamic': the map's
 * lazy chunk). Styles allow inline: Leaflet positions tiles and markers, and Recharts sizes its
 * charts, with style attributes that cannot carry a nonce.
 */
export function contentSecurityPolicy({ nonce, tileUrl, isDev = false }: { nonce: string; tileUrl?: string; isDev?: boolean }): string {
  const tiles = tileSource(tileUrl);
  return [
    "default-src 'self'",
    // React's development build evaluates code to rebuild server error stacks; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data:${tiles ? ` ${tiles}` : ""}`,
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
