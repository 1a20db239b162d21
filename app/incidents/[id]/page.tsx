import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { IncidentHistory } from "@/components/incidents/incident-history";
import { IncidentLocationMap } from "@/components/incidents/incident-location-map";
import { IncidentWorkflow } from "@/components/incidents/incident-workflow";
import { actorCan, requirePagePermission } from "@/lib/auth/guards";
import { getIncidentForActor } from "@/lib/data/incident-detail";
import { listIncidentHistory } from "@/lib/data/incident-history";
import {
  ATTACK_TYPE_LABELS, CLAIM_STATUS_EXPLAINED, CLAIM_STATUS_LABELS, CONFIDENCE_EXPLAINED, CONFIDENCE_LABELS, COUNTRY_NAMES,
  DATE_PRECISION_EXPLAINED, formatRange, GEO_PRECISION_EXPLAINED, label, OUTCOME_LABELS, SOURCE_KIND_LABELS, TARGET_TYPE_LABELS,
} from "@/lib/vocabulary";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const actor = await requirePagePermission("read:incident", `/incidents/${id}`);
  const incident = await getIncidentForActor(actor, id);
  return { title: incident ? `${incident.reference}: ${incident.locationName}` : "Incident not found" };
}

export default async function IncidentPage({ params }: Props) {
  const { id } = await params;
  const actor = await requirePagePermission("read:incident", `/incidents/${id}`);
  // Drafts and retracted incidents exist only for editors; for everyone else they are not found.
  const incident = await getIncidentForActor(actor, id);
  if (!incident) notFound();
  const history = await listIncidentHistory(actor, incident.id);
  const row = "grid grid-cols-3 gap-2 border-t border-stone-200 py-2";
  const term = "text-sm font-semibold text-stone-600";
  const explained = (text: string) => <p className="text-xs text-stone-500">{text}</p>;

  return (
    <article className="space-y-6" data-testid="incident-page">
      {incident.status !== "PUBLISHED" && (
        <p role="note" className="rounded border border-amber-400 bg-amber-50 p-3 text-sm" data-testid="incident-status">
          {incident.status === "DRAFT"
            ? "Draft: only editors can see this incident until it is published."
            : `Retracted: hidden from public views and exports. Reason: ${incident.retractionReason}`}
        </p>
      )}
      <header>
        <p className="font-mono text-sm text-stone-500" data-testid="incident-reference">{incident.reference}</p>
        <h1 className="text-2xl font-bold">
          {label(ATTACK_TYPE_LABELS, incident.attackType)} attack, {incident.locationName}
        </h1>
        <p className="text-stone-700">
          {incident.occurredOn}
          {incident.occurredTime && `, ${incident.occurredTime} local time`} · {COUNTRY_NAMES[incident.country] ?? incident.country}
          {incident.admin1 && ` · ${incident.admin1}`}
        </p>
        <p className="mt-1 text-sm">
          Permalink: <Link href={`/incidents/${incident.id}`} className="break-all text-blue-800 underline">/incidents/{incident.id}</Link>
        </p>
      </header>

      {actorCan(actor, "update:incident") && (
        <IncidentWorkflow
          id={incident.id} version={incident.version} status={incident.status}
          can={{
            edit: actorCan(actor, "update:incident"), publish: actorCan(actor, "publish:incident"),
            retract: actorCan(actor, "retract:incident"), delete: actorCan(actor, "delete:incident"),
          }}
        />
      )}

      <div className="grid gap-6 md:grid-cols-2">
        <dl>
          <div className={row}><dt className={term}>Date</dt><dd className="col-span-2">{incident.occurredOn}{explained(DATE_PRECISION_EXPLAINED[incident.datePrecision])}</dd></div>
          <div className={row}>
            <dt className={term}>Place</dt>
            <dd className="col-span-2">
              {incident.locationName}
              {incident.locationNameAr && <span dir="rtl" lang="ar" className="block">{incident.locationNameAr}</span>}
              <span className="block text-sm text-stone-600">{incident.lat.toFixed(4)}, {incident.lon.toFixed(4)}</span>
              {explained(GEO_PRECISION_EXPLAINED[incident.geoPrecision])}
            </dd>
          </div>
          <div className={row}>
            <dt className={term}>Target</dt>
            <dd className="col-span-2">
              {incident.site ? incident.site.name : "No known site"} ({label(TARGET_TYPE_LABELS, incident.targetType)})
              {incident.site?.coordinatesApproximate && explained("The site's position is approximate in public sources.")}
            </dd>
          </div>
          <div className={row}><dt className={term}>Weapon</dt><dd className="col-span-2">{label(ATTACK_TYPE_LABELS, incident.attackType)}</dd></div>
          <div className={row}><dt className={term}>Outcome</dt><dd className="col-span-2">{label(OUTCOME_LABELS, incident.outcome)}</dd></div>
          <div className={row}>
            <dt className={term}>Killed</dt>
            <dd className="col-span-2" data-testid="incident-killed">{formatRange(incident.killedMin, incident.killedMax)}</dd>
          </div>
          <div className={row}>
            <dt className={term}>Wounded</dt>
            <dd className="col-span-2" data-testid="incident-wounded">{formatRange(incident.woundedMin, incident.woundedMax)}</dd>
          </div>
          <div className={row}>
            <dt className={term}>Claim</dt>
            <dd className="col-span-2">
              {label(CLAIM_STATUS_LABELS, incident.claimStatus)}
              {incident.claimant && <span className="block">Credited to {incident.claimant.name}</span>}
              {explained(CLAIM_STATUS_EXPLAINED[incident.claimStatus])}
            </dd>
          </div>
          <div className={row}>
            <dt className={term}>Assessed perpetrator</dt>
            <dd className="col-span-2">{incident.attributedTo?.name ?? "None assessed"}</dd>
          </div>
          <div className={row}>
            <dt className={term}>Confidence</dt>
            <dd className="col-span-2">{label(CONFIDENCE_LABELS, incident.confidence)}{explained(CONFIDENCE_EXPLAINED[incident.confidence])}</dd>
          </div>
          {incident.notes && (
            <div className={row}><dt className={term}>Notes</dt><dd className="col-span-2 whitespace-pre-line" data-testid="incident-notes">{incident.notes}</dd></div>
          )}
          <div className={row}><dt className={term}>Last changed</dt><dd className="col-span-2">{incident.updatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC (version {incident.version})</dd></div>
        </dl>
        <IncidentLocationMap lat={incident.lat} lon={incident.lon} label={incident.locationName} />
      </div>

      <section aria-labelledby="claims-heading">
        <h2 id="claims-heading" className="mb-2 text-lg font-semibold">Claims</h2>
        {incident.claims.length === 0 ? (
          <p className="text-stone-600">No claim statements are recorded.</p>
        ) : (
          <ul className="space-y-2">
            {incident.claims.map((claim) => (
              <li key={claim.id} className="rounded border border-stone-300 bg-white p-3 text-sm">
                <p className="font-semibold">
                  {claim.group.name}
                  {claim.group.parent && <span className="font-normal text-stone-600"> (part of {claim.group.parent.name})</span>}
                </p>
                <p className="text-stone-600">
                  {claim.statedAt.toISOString().slice(0, 16).replace("T", " ")} UTC{claim.channel && ` · ${claim.channel}`}
                  {claim.incidentCount > 1 && ` · this statement claims ${claim.incidentCount} incidents`}
                </p>
                {claim.text && <blockquote className="mt-1 border-l-2 border-stone-300 pl-2">{claim.text}</blockquote>}
                {claim.url && <ExternalLink href={claim.url}>Statement</ExternalLink>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="sources-heading">
        <h2 id="sources-heading" className="mb-2 text-lg font-semibold">Sources</h2>
        {incident.sources.length === 0 ? (
          <p className="text-stone-600">No sources are recorded.</p>
        ) : (
          <ul className="space-y-1 text-sm" data-testid="incident-sources">
            {incident.sources.map((source) => (
              <li key={source.id}>
                <ExternalLink href={source.url}>{source.title || source.url}</ExternalLink>
                <span className="text-stone-600">
                  {" "}— {source.publisher ?? "unknown publisher"}, {label(SOURCE_KIND_LABELS, source.kind)}
                  {source.publishedOn && `, ${source.publishedOn.toISOString().slice(0, 10)}`}
                  {source.language && ` (${source.language})`}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading" className="mb-2 text-lg font-semibold">History</h2>
        <IncidentHistory entries={history} />
      </section>
    </article>
  );
}

/** External links open in a new tab without giving it a handle on this page or a referrer. */
function ExternalLink({ href, children }: { href: string; children: React.ReactNode }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow" referrerPolicy="no-referrer" className="break-all text-blue-800 underline">
      {children}
    </a>
  );
}
