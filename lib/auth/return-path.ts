// Any origin would do: only whether the path leaves it matters. `.invalid` can never be a real host.
const OUR_ORIGIN = "https://return-path.invalid";
// Browsers drop tabs and line breaks from addresses and read "\" as "/", so "/<TAB>/evil.example"
// is "//evil.example"; a control character in a Location header is a 500. None is in a path we write.
const CONTROL_OR_BACKSLASH = /[\u0000-\u001F\u007F-\u009F\\]/;

/**
 * Where to go after sign-in: only a path on this site, so a crafted link cannot send users
 * elsewhere. Parsed against our origin, it must stay on it; anything else is "/".
 */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || CONTROL_OR_BACKSLASH.test(value)) return "/";
  let url: URL;
  try {
    url = new URL(value, OUR_ORIGIN);
  } catch {
    return "/";
  }
  if (url.origin !== OUR_ORIGIN) return "/";
  // The parsed form, not the raw text, is what is returned, so it is checked too: dot segments
  // resolve "/.//evil.example" to "//evil.example", which a browser would read as another host.
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("//") ? "/" : path;
}

/** The path a page was asked for, with its query, to come back to after signing in. */
export function pagePath(pathname: string, searchParams: Record<string, string | string[] | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(searchParams)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) query.append(key, v);
  }
  const search = query.toString();
  return search ? `${pathname}?${search}` : pathname;
}
