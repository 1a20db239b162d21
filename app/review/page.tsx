import type { Metadata } from "next";
import Link from "next/link";
import { requirePagePermission } from "@/lib/auth/guards";
import { listDrafts } from "@/lib/data/incident-history";
import { ATTACK_TYPE_LABELS, label } from "@/lib/vocabulary";

export const metadata: Metadata = { title: "Review drafts" };

type Props = { searchParams: Promise<{ deleted?: string }> };

export default async function ReviewPage({ searchParams }: Props) {
  const actor = await requirePagePermission("read:draft", "/review");
  const drafts = await listDrafts(actor);
  const { deleted } = await searchParams;
  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-bold">Drafts to review</h1>
        <Link href="/incidents/new" className="rounded bg-stone-800 px-3 py-1.5 text-sm text-white">New incident</Link>
      </div>
      {deleted && <p role="status" className="text-sm text-green-900">The incident was deleted; its history keeps a full copy.</p>}
      <p className="text-sm text-stone-600">Drafts are visible only to editors: not on the dashboard, the API or in exports until published.</p>
      {drafts.length === 0 ? (
        <p data-testid="no-drafts">No drafts are waiting.</p>
      ) : (
        <table className="w-full border-collapse bg-white text-sm" data-testid="drafts-table">
          <thead>
            <tr className="text-left">
              <th className="px-3 py-2">Reference</th><th className="px-3 py-2">Date</th><th className="px-3 py-2">Place</th>
              <th className="px-3 py-2">Weapon</th><th className="px-3 py-2">Created by</th><th className="px-3 py-2">Last change</th>
            </tr>
          </thead>
          <tbody>
            {drafts.map((d) => (
              <tr key={d.id} className="border-t border-stone-200" data-incident-id={d.id}>
                <td className="px-3 py-2 font-mono text-xs"><Link href={`/incidents/${d.id}`} className="text-blue-800 underline">{d.reference}</Link></td>
                <td className="px-3 py-2">{d.occurredOn}</td>
                <td className="px-3 py-2">{d.locationName}</td>
                <td className="px-3 py-2">{label(ATTACK_TYPE_LABELS, d.attackType)}</td>
                <td className="px-3 py-2">{d.createdBy ?? "—"}</td>
                <td className="px-3 py-2">{d.updatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
