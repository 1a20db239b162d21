// Browsers and crawlers ask for /favicon.ico whatever the page's <link rel="icon"> says; send
// them to the one icon we have instead of a 404. The Location is relative on purpose: behind
// `next start` request.url names "localhost", and an absolute redirect there from a page served as
// 127.0.0.1 (or any other host) leaves the page's origin and breaks its Content-Security-Policy.
export function GET() {
  return new Response(null, { status: 308, headers: { Location: "/icon.svg" } });
}
