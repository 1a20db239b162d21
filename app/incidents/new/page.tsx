import type { Metadata } from "next";
import { IncidentForm } from "@/components/incidents/incident-form";
import { createIncidentAction } from "@/lib/actions/incidents";
import { requirePagePermission } from "@/lib/auth/guards";
import { listGroups } from "@/lib/data/dashboard";
import { listSiteChoices } from "@/lib/data/site-choices";
import { EMPTY_INCIDENT_FORM } from "@/lib/validation/incident-form-values";

export const metadata: Metadata = { title: "New incident" };

export default async function NewIncidentPage() {
  await requirePagePermission("create:incident", "/incidents/new");
  const [groups, sites] = await Promise.all([listGroups(), listSiteChoices()]);
  return (
    <div className="max-w-4xl space-y-4">
      <h1 className="text-2xl font-bold">New incident</h1>
      <p className="text-sm text-stone-600">New incidents are saved as drafts: only editors see them until one publishes it.</p>
      <IncidentForm action={createIncidentAction} initial={EMPTY_INCIDENT_FORM} groups={groups} sites={sites} />
    </div>
  );
}
