import { CLAIM_STATEMENT_STATUS_EXPLAINED, CLAIM_STATEMENT_STATUS_LABELS, formatStatedAt, label } from "@/lib/vocabulary";

const BADGE: Record<string, string> = {
  ISSUED: "border-green-700 bg-green-50 text-green-900",
  SUPERSEDED: "border-amber-600 bg-amber-50 text-amber-900",
  WITHDRAWN: "border-stone-500 bg-stone-100 text-stone-800",
  DENIED: "border-red-700 bg-red-50 text-red-900",
};

/** Where a claim statement stands (issued, superseded by whom and when, withdrawn, denied), as a badge with its meaning on hover. */
export function ClaimStatusBadge({ status, supersededBy }: { status: string; supersededBy?: { statedAt: Date; group: { name: string } } | null }) {
  return (
    <span
      className={`rounded border px-1.5 text-xs font-semibold ${BADGE[status] ?? ""}`}
      data-testid="claim-status"
      title={label(CLAIM_STATEMENT_STATUS_EXPLAINED, status)}
    >
      {label(CLAIM_STATEMENT_STATUS_LABELS, status)}
      {status === "SUPERSEDED" && supersededBy && ` by ${supersededBy.group.name}, ${formatStatedAt(supersededBy.statedAt)}`}
    </span>
  );
}
