import { answerRead, BadParameter } from "@/lib/api/read-params";
import { actorFromHeaders } from "@/lib/auth/guards";
import { getReconciliation } from "@/lib/data/tallies";

export const dynamic = "force-dynamic";

/** GET /api/tallies → { tallies: [published count, ours of the same scope, difference, why] } */
export async function GET(request: Request) {
  return answerRead(request, async () => {
    // Strict like every read route: this one takes no parameters at all.
    const [unknown] = new URL(request.url).searchParams.keys();
    if (unknown !== undefined) throw new BadParameter(unknown, `${unknown} is not a parameter of /api/tallies (it takes none)`);
    // answerRead has checked read:incident; the data layer takes the actor itself.
    const tallies = await getReconciliation(await actorFromHeaders(request.headers));
    return Response.json({ tallies });
  });
}
