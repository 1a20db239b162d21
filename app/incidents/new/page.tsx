import type { Metadata } from "next";
import Link from "next/link";
import { IncidentForm } from "@/components/incidents/incident-form";
import { createIncidentAction } from "@/lib/actions/incidents";
import { requirePagePermission } from "@/lib/auth/guards";
import { listGroups } from "@/lib/data/dashboard";
import { getIncidentForActor } from "@/lib/data/incident-detail";
import { getIncidentSnapshot } from "@/lib/data/incident-snapshot";
import { listSiteChoices } from "@/lib/data/site-choices";
import { EMPTY_INCIDENT_FORM, formValuesLikeIncident } from "@/lib/validation/incident-form-values";

export const metadata: Metadata = { title: "New incident" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * The form for a new incident, empty or (`?like=<id>`) started from another incident the editor
 * may see. It is only a starting point: the save is checked like any other.
 */
export default async function NewIncidentPage({ searchParams }: Props) {
  const actor = await requirePagePermission("create:incident", "/incidents/new");
  const { like } = await searchParams;
  // Lenient like every page: an unknown or unreadable id starts an empty form and says so.
  const model = typeof like === "string" && (await getIncidentForActor(actor, like)) ? await getIncidentSnapshot(actor, like) : null;
  const [groups, sites] = await Promise.all([listGroups(), listSiteChoices()]);
  return (
    <div className="max-w-4xl space-y-4">
      <h1 className="text-2xl font-bold">New incident</h1>
      <p className="text-sm text-stone-600">New incidents are saved as drafts: only editors see them until one publishes it.</p>
      {model && (
        <p role="note" className="rounded border border-blue-300 bg-blue-50 p-3 text-sm" data-testid="like-incident-note">
          Started from <Link href={`/incidents/${like as string}`} className="text-blue-800 underline">{model.reference}</Link>: the date, weapon,
          claim, confidence and sources are copied. Choose the site or point, and enter this incident&apos;s outcome and casualties.
        </p>
      )}
      {like !== undefined && !model && (
        <p role="note" className="rounded border border-amber-400 bg-amber-50 p-3 text-sm" data-testid="like-incident-note">
          The incident to start from was not found, so the form starts empty.
        </p>
      )}
      <IncidentForm action={createIncidentAction} initial={model ? formValuesLikeIncident(model) : EMPTY_INCIDENT_FORM} groups={groups} sites={sites} />
    </div>
  );
}
