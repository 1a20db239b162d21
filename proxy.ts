import { type NextRequest, NextResponse } from "next/server";
import { refuseCrossOrigin } from "@/lib/api/same-origin";
import { ACTION_BODY_LIMIT_KB, contentSecurityPolicy } from "@/lib/security/headers";

// A fresh CSP nonce for every page request. Next reads the policy from the request headers while
// rendering and puts the nonce on its own scripts; the browser gets the same policy on the response.
// Nothing here decides access: the guards in each page, route and action do (a proxy can be skipped).
export function proxy(request: NextRequest) {
  const isAction = request.method === "POST" && request.headers.has("next-action");
  // Next refuses a server action from another site too, but by throwing: a 500 and an error in the
  // log. Answered here as a 403, by the rule of the write routes (this site's origins, ALLOWED_ORIGINS).
  const crossOrigin = isAction ? refuseCrossOrigin(request) : null;
  if (crossOrigin) return crossOrigin;
  // Next refuses an oversized action body too, but as a 500; a declared size is answered plainly here.
  if (isAction && Number(request.headers.get("content-length")) > ACTION_BODY_LIMIT_KB * 1024) {
    return new NextResponse(`The request is larger than ${ACTION_BODY_LIMIT_KB} kB.`, { status: 413, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy({ nonce, tileUrl: process.env.MAP_TILE_URL, isDev: process.env.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages and server actions only: JSON routes and static files run no scripts, and prefetches
      // are rendered again (with a new nonce) when followed.
      source: "/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
