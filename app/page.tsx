import { connection } from "next/server";
import { countPublishedIncidents, listLatestIncidents } from "@/lib/data/incidents";
import { ATTACK_TYPE_LABELS, COUNTRY_NAMES, formatDay, formatRange, label, OUTCOME_LABELS } from "@/lib/vocabulary";

const LATEST = 25;

export default async function HomePage() {
  await connection(); // always rendered per request, from the live database
  const [total, incidents] = await Promise.all([countPublishedIncidents(), listLatestIncidents(LATEST)]);

  return (
    <div className="space-y-6">
      <section>
        <h1 className="text-2xl font-bold">Attacks on coalition forces in Iraq, Syria and the region</h1>
        <p className="mt-2 text-stone-700">
          <strong data-testid="incident-count">{total.toLocaleString("en-US")}</strong> published incidents. One
          incident is one attack on one site on one day.
        </p>
      </section>

      <section aria-labelledby="latest-heading">
        <h2 id="latest-heading" className="mb-2 text-lg font-semibold">
          Latest incidents
        </h2>
        {incidents.length === 0 ? (
          <p className="text-stone-600">No published incidents yet.</p>
        ) : (
          <div className="overflow-x-auto rounded border border-stone-300 bg-white">
            <table className="w-full text-left text-sm" data-testid="latest-incidents">
              <thead className="bg-stone-100 text-stone-700">
                <tr>
                  <th className="px-3 py-2">Date</th>
                  <th className="px-3 py-2">Reference</th>
                  <th className="px-3 py-2">Place</th>
                  <th className="px-3 py-2">Type</th>
                  <th className="px-3 py-2">Outcome</th>
                  <th className="px-3 py-2">Claimed by</th>
                  <th className="px-3 py-2 text-right">Killed</th>
                  <th className="px-3 py-2 text-right">Wounded</th>
                </tr>
              </thead>
              <tbody>
                {incidents.map((incident) => (
                  <tr key={incident.id} className="border-t border-stone-200">
                    <td className="whitespace-nowrap px-3 py-2">{formatDay(incident.occurredOn)}</td>
                    <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{incident.reference}</td>
                    <td className="px-3 py-2">
                      {incident.locationName}
                      <span className="text-stone-500">, {COUNTRY_NAMES[incident.country] ?? incident.country}</span>
                    </td>
                    <td className="px-3 py-2">{label(ATTACK_TYPE_LABELS, incident.attackType)}</td>
                    <td className="px-3 py-2">{label(OUTCOME_LABELS, incident.outcome)}</td>
                    <td className="px-3 py-2">{incident.claimants.join(", ") || "—"}</td>
                    <td className="px-3 py-2 text-right">{formatRange(incident.killedMin, incident.killedMax)}</td>
                    <td className="px-3 py-2 text-right">{formatRange(incident.woundedMin, incident.woundedMax)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
