import Link from "next/link";
import type { LedgerStatement } from "@/lib/data/group-profile";
import { ATTACK_TYPE_LABELS, formatStatedAt, label } from "@/lib/vocabulary";
import { ClaimStatusBadge } from "./claim-status-badge";
import { ExternalLink } from "./external-link";
import { GroupLink } from "./group-link";

/**
 * A group's claim statements, newest first, each as the ledger holds it: where it stands (a
 * superseded, withdrawn or denied statement credits nobody, and says so), its words in English and
 * Arabic where recorded, and the published incidents it claims with whom each is credited to now.
 */
export function ClaimsLedgerList({ statements, groupSlug }: { statements: LedgerStatement[]; groupSlug: string }) {
  return (
    <ol className="space-y-2" data-testid="group-ledger">
      {statements.map((statement) => (
        <li key={statement.id} className="rounded border border-stone-300 bg-white p-3 text-sm" data-testid="claim-statement" data-status={statement.status}>
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <p>
              <time dateTime={statement.statedAt.toISOString()} className="font-semibold">{formatStatedAt(statement.statedAt)}</time>
              {statement.group.slug !== groupSlug && (
                <> · as <GroupLink group={statement.group} /></>
              )}
              {statement.channel && <span className="text-stone-600"> · {statement.channel}</span>}
            </p>
            <ClaimStatusBadge status={statement.status} supersededBy={statement.supersededBy} />
          </div>
          {(statement.weaponClaimed || statement.targetClaimed) && (
            <p className="text-stone-600">
              Claimed: {[statement.weaponClaimed && label(ATTACK_TYPE_LABELS, statement.weaponClaimed).toLowerCase(), statement.targetClaimed && `on ${statement.targetClaimed}`]
                .filter(Boolean)
                .join(" ")}
            </p>
          )}
          {statement.text && <blockquote className="mt-1 border-l-2 border-stone-300 pl-2">{statement.text}</blockquote>}
          {statement.textAr && (
            <blockquote dir="rtl" lang="ar" className="mt-1 border-r-2 border-stone-300 pr-2 text-base" data-testid="claim-text-ar">{statement.textAr}</blockquote>
          )}
          <p className="mt-1">
            <span className="text-stone-600">{statement.incidents.length === 1 ? "Claims incident" : `Claims ${statement.incidents.length} incidents`}: </span>
            {statement.incidents.map((incident, index) => (
              <span key={incident.id}>
                {index > 0 && ", "}
                <Link href={`/incidents/${incident.id}`} className="font-mono text-xs text-blue-800 underline">{incident.reference}</Link>
                <span className="text-stone-600"> ({incident.occurredOn}{incident.creditedTo !== statement.group.name && `; credited to ${incident.creditedTo ?? "nobody"}`})</span>
              </span>
            ))}
          </p>
          {statement.url && <p className="mt-1"><ExternalLink href={statement.url}>Read the statement</ExternalLink></p>}
        </li>
      ))}
    </ol>
  );
}
