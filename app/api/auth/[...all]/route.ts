import { getAuth } from "@/lib/auth/auth";

// Better Auth's endpoints (sign-in, sign-out, session). Sign-in goes through here rather than a
// server action so that its per-address rate limit applies (it skips direct server-side calls).
export const GET = (request: Request) => getAuth().handler(request);
export const POST = (request: Request) => getAuth().handler(request);
