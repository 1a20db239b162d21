import Link from "next/link";
import { connection } from "next/server";
import { requirePagePermission } from "@/lib/auth/guards";
import { CAMPAIGN_PHASES } from "@/lib/campaign-phases";
import { getProvenance, getRecordCoverage } from "@/lib/data/incidents";
import { COUNTRY_NAMES } from "@/lib/vocabulary";

export const metadata = { title: "Methodology" };

const th = "border-b border-stone-300 px-2 py-1 text-left align-bottom";
const td = "border-b border-stone-200 px-2 py-1 align-top";

/** Where each phase of the record is thin, and why: what the search of public reporting found. */
const KNOWN_GAPS: Record<string, string> = {
  opening:
    "The Pentagon counted 61 attacks by 17 November (29 in Iraq, 32 in Syria). Part of the difference is our unit: several attacks on one base on one day are one incident here. The rest are attacks officials counted but never named by place and date: Iraq 13–16 November and Syria 19–22 November have none on record; the Syrian Observatory counted more attacks at Rumalyn (Kharab al-Jir) than we can place.",
  "truce-to-tower-22":
    "Iraq 9–13 December and 12–19 January are thin: the Pentagon's Iraq count rose by about eight in the first and ten in the second window, but few attacks in them were reported by place. Many January incidents rest on the militias' own claims only and are marked unverified.",
  "tower-22-to-pause":
    "Few attacks between 29 January and 2 February were reported by place; the Pentagon counted about 170 attacks by 4 February under its own rule.",
  pause:
    "The Pentagon reported no attacks on US forces. Attacks in Syria reported by the Syrian Observatory or by Russian and Iranian outlets are kept and marked disputed; the Observatory counted about twenty in this period, of which we could date and place fewer than half.",
  "resumption-2024": "May to mid-June and December 2024 have none on record; several autumn attacks in Syria rest on a single outlet.",
  "2025": "Almost nothing was reported by place; the record has the drones downed near Erbil airport in June and July.",
  "escalation-2026":
    "Searched only in part. Iran also struck sites in Iraq directly in March 2026; those strikes are left out, and some drone attacks may be hard to tell apart from them.",
};

export default async function MethodologyPage() {
  await connection(); // figures from the live database
  await requirePagePermission("read:incident", "/docs/methodology");
  const phases = CAMPAIGN_PHASES.map((p) => ({ label: p.name, from: p.from, to: p.to, slug: p.slug, summary: p.summary }));
  const [coverage, provenance] = await Promise.all([getRecordCoverage(phases), getProvenance()]);

  return (
    <article className="max-w-4xl space-y-8 text-stone-800" data-testid="methodology">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">Methodology</h1>
        <p>
          Attack Tracker is a record of the attacks by Iran-aligned militias on US and coalition forces in Iraq, Syria and Jordan
          since 17 October 2023, compiled from public reporting. It holds {provenance.realIncidents.toLocaleString("en")} published
          incidents{provenance.cutoff && <>, with an information cutoff of {provenance.cutoff}</>}. Every incident names the sources it
          rests on; where the sources disagree or are thin, the record says so instead of choosing for you.
        </p>
      </header>

      <section aria-labelledby="unit" className="space-y-2">
        <h2 id="unit" className="text-xl font-semibold">What counts as an incident</h2>
        <ul className="list-disc space-y-1 pl-6">
          <li>
            <strong>One attack on one site on one local day.</strong> Several salvos at the same base on the same day are one incident
            (its notes say so); an attack on two bases is two incidents. Officials often count each wave, so their totals run higher.
          </li>
          <li>
            <strong>Dates are the local date</strong> in Iraq, Syria or Jordan. US statements use Washington time, which can put a
            night attack on the day before; the notes record such differences. A date known only to the week or month says so
            (date precision).
          </li>
          <li>
            <strong>Places</strong> are the target sites of our site register (the US facility, not the city). Where the sources name
            no site, the point is the place they give, or the province or country centre, and its precision says which — a province
            or country point on the map is an area, not a position. Sites whose coordinates public sources give only roughly are
            marked approximate.
          </li>
          <li>
            <strong>Who is counted.</strong> Killed and wounded are US and coalition personnel only. Partner forces (the SDF, Iraqi
            troops) and civilians are named in the notes, not in the figures.
          </li>
        </ul>
      </section>

      <section aria-labelledby="uncertainty" className="space-y-2">
        <h2 id="uncertainty" className="text-xl font-semibold">How uncertainty is kept</h2>
        <ul className="list-disc space-y-1 pl-6">
          <li>
            <strong>Casualties are ranges.</strong> The lowest and highest figures the sources support; an empty figure means not
            reported, which is not zero. Wounded counts rise for days after an attack as brain injuries are diagnosed — at Tower 22 the
            reported figure went from 25 to more than 40 and later higher — so the range spans the revisions and the notes list them.
          </li>
          <li>
            <strong>Confirmed by</strong> names the officials who said the attack happened (the Pentagon, CENTCOM, a named or anonymous
            US official, Kurdistan Region counter-terrorism). It is a fact of its own, kept apart from confidence.
          </li>
          <li>
            <strong>Confidence</strong>: <em>confirmed</em> — officials confirmed it; <em>likely</em> — credible independent reporting
            (news agencies, the Syrian Observatory, local outlets) without official confirmation; <em>unverified</em> — it rests on the
            claim alone or on outlets that relay claims; <em>disputed</em> — officials or credible sources deny or contradict it.
            Disputed incidents stay in the record so you can see them; filter them out if your question needs it.
          </li>
        </ul>
      </section>

      <section aria-labelledby="claims" className="space-y-2">
        <h2 id="claims" className="text-xl font-semibold">Claims as a ledger</h2>
        <p>
          Each claim statement is kept as issued: the group, the date of the statement (so the delay after the attack is known), the
          weapon and target it names — which often differ from what officials confirm — and, where a source gives it, the original
          Arabic wording. A statement can be <em>superseded</em> by a later one (the first claim of the 18 October 2023 Harir attack,
          by Tashkil al-Waritheen, was replaced by one under the Islamic Resistance in Iraq banner), <em>withdrawn</em> by its issuer, or{" "}
          <em>denied</em>. An incident is credited to the group of its earliest claim that still stands; a superseded, withdrawn or
          denied claim credits nobody. Façade names roll up to their parent group in filters and counts.
        </p>
      </section>

      <section aria-labelledby="sources" className="space-y-2">
        <h2 id="sources" className="text-xl font-semibold">Sources and their reliability</h2>
        <ul className="list-disc space-y-1 pl-6">
          <li><strong>Highest</strong>: the Pentagon and CENTCOM and named US officials, as published or relayed by news agencies; Kurdistan Region counter-terrorism statements, which give times and places.</li>
          <li><strong>Medium</strong>: the Syrian Observatory for Human Rights, news agencies citing security sources, local outlets.</li>
          <li><strong>Claims only</strong>: the militias&apos; Telegram statements and the outlets that relay them (Al Mayadeen, PressTV, Mehr, Sabereen, TASS). They often report “direct hits” that no one else confirms; incidents resting on them alone are unverified and their outcome is mostly unknown.</li>
        </ul>
        <p>Incident notes are written by us from the sources; nothing is copied from them. Every source is linked from its incident.</p>
      </section>

      <section aria-labelledby="tallies" className="space-y-2">
        <h2 id="tallies" className="text-xl font-semibold">Why published counts differ from ours</h2>
        <p>
          The Pentagon counts attacks on US facilities in Iraq and Syria (and Jordan from Tower 22), wave by wave, including drones
          downed on their way; officials&apos; figures on the same day differ by a few. The Washington Institute counts attacks
          claimed by the Islamic Resistance in Iraq. The Syrian Observatory counts attacks on coalition bases in Syria only, from 19
          October, with a wider rule. Our count follows our unit above. The <Link href="/tallies" className="underline">published counts page</Link>{" "}
          sets every published tally beside our count of the same scope on the same date, computed from the record.
        </p>
      </section>

      <section aria-labelledby="coverage" className="space-y-2">
        <h2 id="coverage" className="text-xl font-semibold">Coverage and known gaps, by phase</h2>
        <table className="w-full border-collapse text-sm" data-testid="coverage-table">
          <thead>
            <tr>
              <th className={th}>Phase</th>
              <th className={th}>Incidents</th>
              <th className={th}>By country</th>
              <th className={th}>Confirmed by officials</th>
              <th className={th}>Claim only</th>
              <th className={th}>Known gaps</th>
            </tr>
          </thead>
          <tbody>
            {coverage.map((row, i) => (
              <tr key={row.label}>
                <td className={td}>
                  <strong>{row.label}</strong>
                  <br />
                  <span className="text-xs text-stone-600">{row.from} – {row.to ?? "now"}</span>
                  <p className="text-xs text-stone-600">{phases[i]!.summary}</p>
                </td>
                <td className={td}>{row.incidents}</td>
                <td className={td}>
                  {Object.entries(row.byCountry).map(([c, n]) => `${COUNTRY_NAMES[c] ?? c} ${n}`).join(", ") || "—"}
                </td>
                <td className={td}>{row.official}</td>
                <td className={td}>{row.claimOnly}</td>
                <td className={td}>{KNOWN_GAPS[phases[i]!.slug]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="cite" className="space-y-2">
        <h2 id="cite" className="text-xl font-semibold">How to cite</h2>
        <p>
          Cite an incident by its reference code and address, with the information cutoff: “Attack Tracker, incident IQ-2024-0012,
          information cutoff {provenance.cutoff ?? "(date)"}, accessed (date)”. A reference code never changes once published. For a
          figure, give the filter: the dashboard&apos;s address holds it, and a download&apos;s file name carries the filter and the data
          version (see the <Link href="/docs/data" className="underline">data dictionary</Link>).
        </p>
        <p>
          Synthetic demo data, when an operator loads it, is marked on every page and in every download; it is never part of the
          record.
        </p>
      </section>
    </article>
  );
}
