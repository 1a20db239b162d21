/** Where to go after sign-in: only a path on this site, so a crafted link cannot send users elsewhere. */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  return value;
}
