import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CopyLinkButton } from "@/components/incidents/copy-link-button";
import { IncidentHistory } from "@/components/incidents/incident-history";
import { IncidentLocationMap } from "@/components/incidents/incident-location-map";
import { IncidentWorkflow } from "@/components/incidents/incident-workflow";
import { ArabicName } from "@/components/profiles/arabic-name";
import { ClaimStatusBadge } from "@/components/profiles/claim-status-badge";
import { ExternalLink } from "@/components/profiles/external-link";
import { GroupLink } from "@/components/profiles/group-link";
import { SiteLink } from "@/components/profiles/site-link";
import { actorCan, requirePagePermission } from "@/lib/auth/guards";
import { listGroups } from "@/lib/data/dashboard";
import { getIncidentForActor, type IncidentDetail } from "@/lib/data/incident-detail";
import { listIncidentHistory } from "@/lib/data/incident-history";
import { excerpt } from "@/lib/data/incident-list";
import { listSiteChoices } from "@/lib/data/site-choices";
import { metadataBase } from "@/lib/page-metadata";
import {
  ATTACK_TYPE_LABELS, CLAIM_STATUS_EXPLAINED, CLAIM_STATUS_LABELS, claimDelayDays, CONFIDENCE_EXPLAINED,
  CONFIDENCE_LABELS, COUNTRY_NAMES, creditedNobodyReason, DATE_PRECISION_EXPLAINED, formatClaimDelay, formatRange, formatStatedAt,
  GEO_PRECISION_EXPLAINED, label, OUTCOME_LABELS, SOURCE_KIND_LABELS, TARGET_TYPE_LABELS, targetDiffers,
} from "@/lib/vocabulary";

type Props = { params: Promise<{ id: string }> };

/**
 * The page answers at /incidents/<id> and at /incidents/<reference code> (any letter case); the
 * canonical address is the id's, which nothing can ever change.
 */
const permalink = (incident: { id: string }) => `/incidents/${incident.id}`;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const actor = await requirePagePermission("read:incident", `/incidents/${encodeURIComponent(id)}`);
  const incident = await getIncidentForActor(actor, id);
  if (!incident) return { title: "Incident not found" };
  const place = incident.site?.name ?? incident.locationName;
  const title = `${incident.reference} · ${place} · ${incident.occurredOn}`;
  const description = summaryOf(incident);
  return {
    metadataBase: await metadataBase(),
    title,
    description,
    alternates: { canonical: permalink(incident) },
    openGraph: { title, description, url: permalink(incident), type: "article" },
    // Drafts and retracted incidents are for editors: never indexed, even if a link leaks.
    ...(incident.status !== "PUBLISHED" && { robots: { index: false, follow: false } }),
  };
}

/** One or two sentences for link previews: what, where, when, outcome, who is credited; then the notes' start. */
function summaryOf(incident: IncidentDetail): string {
  const where = [incident.site?.name ?? incident.locationName, COUNTRY_NAMES[incident.country] ?? incident.country].join(", ");
  const credited = incident.claimant ? `credited to ${incident.claimant.name}` : label(CLAIM_STATUS_LABELS, incident.claimStatus).toLowerCase();
  const facts = `${label(ATTACK_TYPE_LABELS, incident.attackType)} attack, ${where}, ${incident.occurredOn}: ${label(OUTCOME_LABELS, incident.outcome).toLowerCase()}, ${credited}.`;
  const notes = excerpt(incident.notes);
  return notes ? `${facts} ${notes}` : facts;
}

export default async function IncidentPage({ params }: Props) {
  const { id } = await params;
  const actor = await requirePagePermission("read:incident", `/incidents/${id}`);
  // Drafts and retracted incidents exist only for editors; for everyone else they are not found.
  const incident = await getIncidentForActor(actor, id);
  if (!incident) notFound();
  const [history, groups, sites] = await Promise.all([listIncidentHistory(actor, incident.id), listGroups(), listSiteChoices()]);
  // History stores groups and sites by slug: it shows their names.
  const names = { groups: Object.fromEntries(groups.map((g) => [g.slug, g.name])), sites: Object.fromEntries(sites.map((s) => [s.slug, s.name])) };
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
        <p className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
          <span>
            Permalink: <Link href={permalink(incident)} className="break-all text-blue-800 underline" data-testid="incident-permalink">{permalink(incident)}</Link>
          </span>
          <CopyLinkButton path={permalink(incident)} />
        </p>
      </header>

      {actorCan(actor, "update:incident") && (
        <IncidentWorkflow
          id={incident.id} version={incident.version} status={incident.status}
          can={{
            edit: actorCan(actor, "update:incident"), create: actorCan(actor, "create:incident"), publish: actorCan(actor, "publish:incident"),
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
              {incident.locationNameAr && <span className="block"><ArabicName>{incident.locationNameAr}</ArabicName></span>}
              <span className="block text-sm text-stone-600">{incident.lat.toFixed(4)}, {incident.lon.toFixed(4)}</span>
              {explained(GEO_PRECISION_EXPLAINED[incident.geoPrecision])}
            </dd>
          </div>
          <div className={row}>
            <dt className={term}>Target</dt>
            <dd className="col-span-2">
              {incident.site ? <SiteLink site={incident.site} /> : "No known site"} ({label(TARGET_TYPE_LABELS, incident.targetType)})
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
              {incident.claimant && <span className="block">Credited to <GroupLink group={incident.claimant} /></span>}
              {explained(CLAIM_STATUS_EXPLAINED[incident.claimStatus])}
            </dd>
          </div>
          <div className={row}>
            <dt className={term}>Assessed perpetrator</dt>
            <dd className="col-span-2">{incident.attributedTo ? <GroupLink group={incident.attributedTo} /> : "None assessed"}</dd>
          </div>
          <div className={row}>
            <dt className={term}>Confidence</dt>
            <dd className="col-span-2">{label(CONFIDENCE_LABELS, incident.confidence)}{explained(CONFIDENCE_EXPLAINED[incident.confidence])}</dd>
          </div>
          <div className={row}>
            <dt className={term}>Official confirmation</dt>
            <dd className="col-span-2" data-testid="incident-confirmed-by">
              {incident.confirmedBy.length ? `Confirmed by: ${incident.confirmedBy.join(", ")}` : "No official confirmation"}
              {explained("Officials who said the attack happened. A fact of its own: it does not set the confidence level.")}
            </dd>
          </div>
          {incident.notes && (
            <div className={row}><dt className={term}>Notes</dt><dd className="col-span-2 whitespace-pre-line" data-testid="incident-notes">{incident.notes}</dd></div>
          )}
          <div className={row}><dt className={term}>Last changed</dt><dd className="col-span-2">{incident.updatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC (version {incident.version})</dd></div>
        </dl>
        <IncidentLocationMap lat={incident.lat} lon={incident.lon} label={incident.locationName} />
      </div>

      <ClaimsLedger incident={incident} />

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
        <IncidentHistory entries={history} names={names} />
      </section>
    </article>
  );
}

type LedgerClaim = IncidentDetail["claims"][number];

/**
 * Every claim statement, earliest first, as the ledger holds it: where it stands, what it says it
 * hit and with what (flagged where that differs from the record), and its original wording. The
 * credited group is the one of the earliest issued statement; the database keeps that rule.
 */
function ClaimsLedger({ incident }: { incident: IncidentDetail }) {
  const firstIssued = incident.claims.find((claim) => claim.status === "ISSUED");
  const creditedId = firstIssued && incident.claimant && firstIssued.group.slug === incident.claimant.slug ? firstIssued.id : null;
  return (
    <section aria-labelledby="claims-heading" data-testid="claims-ledger">
      <h2 id="claims-heading" className="mb-2 text-lg font-semibold">Claims ledger</h2>
      <p className="mb-2 text-sm" data-testid="claims-credited">
        {incident.claimant ? (
          <>Credited to: <GroupLink group={incident.claimant} /></>
        ) : (
          `Credited to nobody: ${creditedNobodyReason(incident.claims.map((claim) => claim.status))}`
        )}
      </p>
      {incident.claims.length === 0 ? (
        <p className="text-stone-600">No claim statements are recorded.</p>
      ) : (
        <ol className="space-y-2">
          {incident.claims.map((claim) => (
            <ClaimStatement key={claim.id} claim={claim} incident={incident} isCredited={claim.id === creditedId} />
          ))}
        </ol>
      )}
    </section>
  );
}

function ClaimStatement({ claim, incident, isCredited }: { claim: LedgerClaim; incident: IncidentDetail; isCredited: boolean }) {
  const recordedTarget = `${incident.site?.name ?? incident.locationName} (${label(TARGET_TYPE_LABELS, incident.targetType).toLowerCase()})`;
  const weaponDiffers = claim.weaponClaimed !== null && claim.weaponClaimed !== incident.attackType;
  const targetDiffersHere = claim.targetClaimed !== null && targetDiffers(claim.targetClaimed, [incident.site?.name, incident.locationName, incident.locationNameAr]);
  const term = "font-semibold text-stone-600";
  const differs = "rounded bg-amber-100 px-1 text-amber-950";
  return (
    <li className="rounded border border-stone-300 bg-white p-3 text-sm" data-testid="claim-statement" data-status={claim.status}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="font-semibold">
          <GroupLink group={claim.group} />
          {claim.group.parent && <span className="font-normal text-stone-600"> (part of <GroupLink group={claim.group.parent} />)</span>}
        </p>
        <p className="flex flex-wrap gap-1">
          {isCredited && <span className="rounded border border-blue-800 bg-blue-50 px-1.5 text-xs font-semibold text-blue-900">Credited</span>}
          <ClaimStatusBadge status={claim.status} supersededBy={claim.supersededBy} />
        </p>
      </div>
      <p className="text-stone-600">
        <time dateTime={statedAtAttribute(claim.statedAt)}>{formatStatedAt(claim.statedAt)}</time>
        {" · "}
        <span data-testid="claim-delay">
          {formatClaimDelay(claimDelayDays(incident.occurredOn, claim.statedAt), { approximate: incident.datePrecision !== "DAY" })}
        </span>
        {claim.channel && ` · ${claim.channel}`}
        {claim.incidentCount > 1 && ` · this statement claims ${claim.incidentCount} incidents`}
      </p>
      <dl className="mt-1 grid gap-x-3 gap-y-0.5 sm:grid-cols-[auto_1fr]">
        <dt className={term}>Weapon as claimed</dt>
        <dd data-testid="claim-weapon" data-differs={weaponDiffers || undefined}>
          {claim.weaponClaimed === null ? (
            <span className="text-stone-600">not named in the statement</span>
          ) : weaponDiffers ? (
            <span className={differs}>
              claimed: {label(ATTACK_TYPE_LABELS, claim.weaponClaimed).toLowerCase()} · recorded: {label(ATTACK_TYPE_LABELS, incident.attackType).toLowerCase()}
            </span>
          ) : (
            `${label(ATTACK_TYPE_LABELS, claim.weaponClaimed)}, as recorded`
          )}
        </dd>
        <dt className={term}>Target as claimed</dt>
        <dd data-testid="claim-target" data-differs={targetDiffersHere || undefined}>
          {claim.targetClaimed === null ? (
            <span className="text-stone-600">not named in the statement</span>
          ) : targetDiffersHere ? (
            <span className={differs}>claimed: {claim.targetClaimed} · recorded: {recordedTarget}</span>
          ) : (
            <>{claim.targetClaimed} <span className="text-stone-600">· recorded: {recordedTarget}</span></>
          )}
        </dd>
      </dl>
      {claim.text && <blockquote className="mt-1 border-l-2 border-stone-300 pl-2">{claim.text}</blockquote>}
      {claim.textAr && (
        <blockquote dir="rtl" lang="ar" className="mt-1 border-r-2 border-stone-300 pr-2 text-base" data-testid="claim-text-ar">{claim.textAr}</blockquote>
      )}
      {claim.url && <p className="mt-1"><ExternalLink href={claim.url}>Read the statement</ExternalLink></p>}
    </li>
  );
}

/** The machine-readable form of formatStatedAt: a statement entered as a day is a day here too, not midnight UTC. */
function statedAtAttribute(statedAt: Date): string {
  const iso = statedAt.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
}
