import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { IncidentForm } from "@/components/incidents/incident-form";
import { updateIncidentAction } from "@/lib/actions/incidents";
import { requirePagePermission } from "@/lib/auth/guards";
import { listGroups } from "@/lib/data/dashboard";
import { getIncidentSnapshot } from "@/lib/data/incident-snapshot";
import { listSiteChoices } from "@/lib/data/site-choices";
import { formValuesFromSnapshot } from "@/lib/validation/incident-form-values";

export const metadata: Metadata = { title: "Edit incident" };

type Props = { params: Promise<{ id: string }> };

export default async function EditIncidentPage({ params }: Props) {
  const { id } = await params;
  const actor = await requirePagePermission("update:incident", `/incidents/${id}/edit`);
  const [snapshot, groups, sites] = await Promise.all([getIncidentSnapshot(actor, id), listGroups(), listSiteChoices()]);
  if (!snapshot) notFound();
  return (
    <div className="max-w-4xl space-y-4">
      <h1 className="text-2xl font-bold">Edit {snapshot.reference}</h1>
      <p className="text-sm text-stone-600">
        You are editing version {snapshot.version} ({snapshot.status.toLowerCase()}). If someone else saves first, the fields only you
        changed are applied on top of their version, and any field you both changed is shown side by side for you to choose.
      </p>
      <IncidentForm
        action={updateIncidentAction} initial={formValuesFromSnapshot(snapshot)} groups={groups} sites={sites}
        editing={{ id, version: snapshot.version, reference: snapshot.reference }}
      />
    </div>
  );
}
