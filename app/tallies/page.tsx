import type { Metadata } from "next";
import { connection } from "next/server";
import { EventForm } from "@/components/tallies/event-form";
import { formatDay, ReconciliationTable } from "@/components/tallies/reconciliation-table";
import { TallyForm } from "@/components/tallies/tally-form";
import { actorCan, requirePagePermission } from "@/lib/auth/guards";
import { getReconciliation } from "@/lib/data/tallies";
import { listTimelineEvents } from "@/lib/data/timeline-events";
import { TIMELINE_EVENT_KIND_LABELS } from "@/lib/validation/tally";

export const metadata: Metadata = { title: "Published counts and ours" };

const editBox = "rounded border border-stone-300 bg-stone-50 p-3";

export default async function TalliesPage() {
  await connection(); // ours is counted from the live record on every request
  const actor = await requirePagePermission("read:incident", "/tallies");
  const [tallies, events] = await Promise.all([getReconciliation(actor), listTimelineEvents(actor)]);
  const canEditTallies = actorCan(actor, "edit:tally");
  const canEditEvents = actorCan(actor, "edit:event");

  return (
    <div className="space-y-8">
      <section aria-labelledby="tallies-heading" className="space-y-3">
        <h1 id="tallies-heading" className="text-2xl font-bold">Published counts and ours</h1>
        <p className="max-w-3xl text-sm text-stone-700">
          Each count published by the Pentagon, the Washington Institute, the Syrian Observatory (SOHR), ISW and others, beside our count of the
          same scope on the same date. Ours counts real published incidents from 17 October 2023 (SOHR&apos;s from 19 October), never synthetic
          demo rows, and is worked out from the record on every visit, so a corrected incident changes it at once. Our unit is one attack on one
          site on one local day: several attacks on a site in a day are one incident, which is the main reason our counts run below the
          publishers&apos;.
        </p>
        <ReconciliationTable
          tallies={tallies}
          below={canEditTallies ? (t) => (
            <details className={editBox}>
              <summary className="cursor-pointer text-sm text-blue-800">Correct this tally</summary>
              <div className="mt-3"><TallyForm tally={t} /></div>
            </details>
          ) : undefined}
        />
        {canEditTallies && (
          <details className={editBox}>
            <summary className="cursor-pointer font-semibold">Add a published tally</summary>
            <div className="mt-3"><TallyForm /></div>
          </details>
        )}
      </section>

      <section aria-labelledby="events-heading" className="space-y-3">
        <h2 id="events-heading" className="text-xl font-semibold">Key events</h2>
        <p className="text-sm text-stone-700">Marked on the dashboard&apos;s timeline; hover a mark there to see its title.</p>
        {events.length === 0 ? (
          <p className="text-stone-600">No key events yet.</p>
        ) : (
          <ol className="space-y-3" data-testid="key-events">
            {events.map((e) => (
              <li key={e.id} className="rounded border border-stone-300 bg-white p-3" data-testid={`event-${e.key}`}>
                <p className="text-sm text-stone-500">{formatDay(e.occurredOn)} · {TIMELINE_EVENT_KIND_LABELS[e.kind]}</p>
                <h3 className="font-semibold">{e.title}</h3>
                <p className="text-sm text-stone-700">{e.description}</p>
                {e.sourceUrls.length > 0 && (
                  <p className="mt-1 text-sm">
                    Sources:{" "}
                    {e.sourceUrls.map((url, i) => (
                      <span key={`${i}-${url}`}>
                        {i > 0 && " · "}
                        <a href={url} rel="noopener noreferrer nofollow" target="_blank" className="text-blue-800 underline">{e.sourcePublishers[i] || "source"}</a>
                      </span>
                    ))}
                  </p>
                )}
                {canEditEvents && (
                  <details className={`${editBox} mt-2`}>
                    <summary className="cursor-pointer text-sm text-blue-800">Correct this event</summary>
                    <div className="mt-3"><EventForm event={e} /></div>
                  </details>
                )}
              </li>
            ))}
          </ol>
        )}
        {canEditEvents && (
          <details className={editBox}>
            <summary className="cursor-pointer font-semibold">Add a key event</summary>
            <div className="mt-3"><EventForm /></div>
          </details>
        )}
      </section>
    </div>
  );
}
