import Link from "next/link";
import { connection } from "next/server";
import { ACLED_COLUMNS, ACLED_CONSTANTS, ACLED_COUNTRIES, ACLED_EVENT_TYPES, ACLED_GEO_PRECISION, ACLED_TIME_PRECISION } from "@/lib/export/acled";
import { type CodeList, INCIDENT_COLUMNS } from "@/lib/export/columns";
import { FORMULA_TRIGGERS } from "@/lib/export/csv";
import { AttackType, ClaimStatus, Confidence, DatePrecision, GeoPrecision, Outcome, TargetType } from "@/lib/generated/prisma/enums";
import {
  ATTACK_TYPE_LABELS, CLAIM_STATUS_EXPLAINED, CONFIDENCE_EXPLAINED, DATE_PRECISION_EXPLAINED, GEO_PRECISION_EXPLAINED, label, OUTCOME_LABELS,
  TARGET_TYPE_LABELS,
} from "@/lib/vocabulary";

export const metadata = { title: "Data dictionary" };

// Rendered from the export's own column lists and the schema's enums: a column or a code added to
// either appears here without anyone editing this page.

const CODE_LISTS: Record<CodeList, { values: readonly string[]; meanings: Record<string, string> }> = {
  DatePrecision: { values: Object.values(DatePrecision), meanings: DATE_PRECISION_EXPLAINED },
  GeoPrecision: { values: Object.values(GeoPrecision), meanings: GEO_PRECISION_EXPLAINED },
  TargetType: { values: Object.values(TargetType), meanings: TARGET_TYPE_LABELS },
  AttackType: { values: Object.values(AttackType), meanings: ATTACK_TYPE_LABELS },
  Outcome: { values: Object.values(Outcome), meanings: OUTCOME_LABELS },
  ClaimStatus: { values: Object.values(ClaimStatus), meanings: CLAIM_STATUS_EXPLAINED },
  Confidence: { values: Object.values(Confidence), meanings: CONFIDENCE_EXPLAINED },
};

const anchor = (list: CodeList) => `codes-${list}`;
const describeTrigger = (c: string) => (c === "\t" ? "tab" : c === "\r" ? "carriage return" : `“${c}”`);

const th = "border-b border-stone-300 px-2 py-1 text-left align-bottom";
const td = "border-b border-stone-200 px-2 py-1 align-top";

export default async function DataDictionaryPage() {
  await connection(); // the layout's synthetic-data banner reads the live database
  return (
    <article className="max-w-4xl space-y-8 text-stone-800" data-testid="data-dictionary">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">Data dictionary</h1>
        <p>
          Every download holds the published incidents that match the filter you set on the dashboard or the table — the same set
          the map, the timeline and the summary count. This page describes every column of both layouts and every code.
        </p>
      </header>

      <section aria-labelledby="download" className="space-y-2">
        <h2 id="download" className="text-xl font-semibold">Downloading</h2>
        <p>
          <code>GET /api/export?format=csv|geojson|json[&amp;profile=acled][&amp;bom=1]&amp;…filter…</code> takes the dashboard&apos;s filter
          parameters (<code>from</code>, <code>to</code>, <code>claimant</code>, <code>type</code>, <code>outcome</code>,{" "}
          <code>country</code>, <code>admin1</code>, <code>site</code>, <code>confidence</code>, <code>claimStatus</code>,{" "}
          <code>confirmation</code> (official, claim_only, unclaimed), <code>claimLedger</code> (issued, superseded, withdrawn, denied),{" "}
          <code>minKilled</code>, <code>q</code>, <code>bbox</code>). A bad parameter is refused with status 400 and names it.
        </p>
        <ul className="list-disc space-y-1 pl-6">
          <li><strong>CSV</strong> (<code>text/csv; charset=utf-8</code>): RFC 4180, UTF-8, a header row, one row per incident, newest first.</li>
          <li><strong>GeoJSON</strong> (<code>application/geo+json</code>): a FeatureCollection of points (longitude, latitude) whose properties are the columns below.</li>
          <li><strong>JSON</strong> (<code>application/json</code>): <code>{"{ metadata, incidents: [...] }"}</code>, the same columns with their types: lists are arrays, unknown numbers are <code>null</code>.</li>
          <li><strong><code>profile=acled</code></strong> (CSV and JSON): the columns and codes of ACLED&apos;s export, mapped as described below.</li>
          <li>
            <strong><code>bom=1</code></strong> (CSV only, either layout): the file starts with a UTF-8 byte-order mark (the bytes{" "}
            <code>EF BB BF</code>), so that Excel opens it as UTF-8 and shows Arabic text; without it Excel guesses the
            computer&apos;s own code page. Everything after the mark is the same file. <code>bom=0</code> or no <code>bom</code> writes none.
          </li>
        </ul>
        <p>
          Each file says what it is: its name carries the filter and the data version (e.g.{" "}
          <code>attack-tracker_2024-01-01_2024-03-31_claimant-kataib-hezbollah_v20261128T183012Z.csv</code>); the response
          headers <code>X-Filter</code> (the canonical filter query) and <code>X-Data-Version</code> (the time of the latest change
          to any incident, UTC) let two downloads be told apart and a figure cite exactly what it used. JSON and GeoJSON repeat both
          in their <code>metadata</code>. There is no row count header: the file is streamed as it is read, so the count is only
          known at its end.
        </p>
      </section>

      <section aria-labelledby="columns" className="space-y-2">
        <h2 id="columns" className="text-xl font-semibold">Columns (standard layout)</h2>
        <table className="w-full text-sm" data-testid="standard-columns">
          <thead><tr><th className={th}>Column</th><th className={th}>Type</th><th className={th}>Meaning</th></tr></thead>
          <tbody>
            {INCIDENT_COLUMNS.map((c) => (
              <tr key={c.name}>
                <td className={td}><code>{c.name}</code></td>
                <td className={td}>{c.kind}</td>
                <td className={td}>
                  {c.description}
                  {"codes" in c && <> Codes: <a href={`#${anchor(c.codes)}`} className="text-blue-800 underline">{c.codes}</a>.</>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="codes" className="space-y-4">
        <h2 id="codes" className="text-xl font-semibold">Code lists</h2>
        {(Object.keys(CODE_LISTS) as CodeList[]).map((list) => (
          <div key={list}>
            <h3 id={anchor(list)} className="font-semibold">{list}</h3>
            <dl className="grid grid-cols-[max-content_1fr] gap-x-4 text-sm">
              {CODE_LISTS[list].values.map((value) => (
                <div key={value} className="contents">
                  <dt><code>{value}</code></dt>
                  <dd>{label(CODE_LISTS[list].meanings, value)}</dd>
                </div>
              ))}
            </dl>
          </div>
        ))}
      </section>

      <section aria-labelledby="counting" className="space-y-2">
        <h2 id="counting" className="text-xl font-semibold">How counting works</h2>
        <ul className="list-disc space-y-1 pl-6">
          <li>One incident is one attack on one site on one day. Only published incidents are exported; drafts and retracted incidents never are.</li>
          <li>An incident is credited to the group of its earliest claim (<code>credited_claimant</code>); every claiming group is listed in <code>claimants</code>. A filter on a parent group includes its façade groups.</li>
          <li>Casualties are ranges. An empty cell (<code>null</code> in JSON) means unknown, which is not zero; totals add up the known ranges only.</li>
          <li>The assessed perpetrator (<code>attributed_group</code>) is kept apart from who claimed the attack.</li>
          <li><code>is_synthetic</code> is true for invented demo rows. They are not real events and must not be cited as such.</li>
        </ul>
      </section>

      <section aria-labelledby="search" className="space-y-2">
        <h2 id="search" className="text-xl font-semibold">Text search (<code>q</code>)</h2>
        <p>
          <code>q</code> matches whole words, every word given (<code>&quot;…&quot;</code> for a phrase, <code>-word</code> to leave
          one out), in the incident&apos;s reference, place names in English and Arabic, province, notes and its sources&apos; titles
          and publishers; an incident also matches when the group it is credited or attributed to has a matching name, Arabic name,
          alias or slug. Latin letters match in any case; accents count (<code>café</code> is not <code>cafe</code>).
        </p>
        <p>
          Arabic is matched however it is spelled, on both sides (what is recorded and what you type), so{" "}
          <span lang="ar" dir="rtl">الأسد</span>, <span lang="ar" dir="rtl">الاسد</span>, <span lang="ar" dir="rtl">الإسد</span> and{" "}
          <span lang="ar" dir="rtl">الأَسَد</span> find the same incidents:
        </p>
        <ul className="list-disc space-y-1 pl-6">
          <li>short vowels and other marks (tashkeel, U+064B–U+065F, and the superscript alef U+0670) and the tatweel (U+0640) are ignored;</li>
          <li>alef with hamza or madda and alef wasla (<span lang="ar" dir="rtl">أ إ آ ٱ</span>) count as a bare alef (<span lang="ar" dir="rtl">ا</span>);</li>
          <li>alef maqsura (<span lang="ar" dir="rtl">ى</span>) counts as yaa (<span lang="ar" dir="rtl">ي</span>), taa marbuta (<span lang="ar" dir="rtl">ة</span>) as haa (<span lang="ar" dir="rtl">ه</span>);</li>
          <li>hamza on waw (<span lang="ar" dir="rtl">ؤ</span>) counts as waw (<span lang="ar" dir="rtl">و</span>), hamza on yaa (<span lang="ar" dir="rtl">ئ</span>) as yaa;</li>
          <li>the Persian keyboard&apos;s yeh and keheh (<span lang="fa" dir="rtl">ی ک</span>) count as <span lang="ar" dir="rtl">ي ك</span>, and Arabic-Indic digits (<bdi lang="ar">٠–٩</bdi>, <bdi lang="fa">۰–۹</bdi>) as 0–9.</li>
        </ul>
      </section>

      <section aria-labelledby="formulas" className="space-y-2">
        <h2 id="formulas" className="text-xl font-semibold">Text that looks like a formula</h2>
        <p>
          Spreadsheet programs run a cell as a formula when it starts with {FORMULA_TRIGGERS.map(describeTrigger).join(", ")}. In
          CSV files, a text cell that starts with one of these is written with a leading apostrophe (<code>&apos;</code>), which
          spreadsheets show as text; remove it to get the original. Numbers and dates are never changed. JSON and GeoJSON are
          written verbatim. A NUL character cannot occur: the database does not store it.
        </p>
      </section>

      <section aria-labelledby="acled" className="space-y-3">
        <h2 id="acled" className="text-xl font-semibold">ACLED layout (<code>profile=acled</code>)</h2>
        <p>ACLED&apos;s columns in ACLED&apos;s order. Where ACLED has no equivalent of a field of ours, the <code>tags</code> column keeps it.</p>
        <table className="w-full text-sm" data-testid="acled-columns">
          <thead><tr><th className={th}>ACLED column</th><th className={th}>Type</th><th className={th}>From</th></tr></thead>
          <tbody>
            {ACLED_COLUMNS.map((c) => (
              <tr key={c.name}><td className={td}><code>{c.name}</code></td><td className={td}>{c.kind}</td><td className={td}>{c.mapping}</td></tr>
            ))}
          </tbody>
        </table>
        <h3 className="font-semibold">Event type by attack_type</h3>
        <table className="w-full text-sm">
          <thead><tr><th className={th}>attack_type</th><th className={th}>event_type</th><th className={th}>sub_event_type</th></tr></thead>
          <tbody>
            {Object.entries(ACLED_EVENT_TYPES).map(([type, t]) => (
              <tr key={type}><td className={td}><code>{type}</code></td><td className={td}>{t.eventType}</td><td className={td}>{t.subEventType}</td></tr>
            ))}
          </tbody>
        </table>
        <p className="text-sm">
          time_precision: {Object.entries(ACLED_TIME_PRECISION).map(([k, v]) => `${k} → ${v}`).join(", ")}. geo_precision:{" "}
          {Object.entries(ACLED_GEO_PRECISION).map(([k, v]) => `${k} → ${v}`).join(", ")}. Actors: inter1 = {ACLED_CONSTANTS.attackerInter}{" "}
          (political militia), inter2 = {ACLED_CONSTANTS.targetInter} (external/other forces), interaction = {ACLED_CONSTANTS.interaction}.
          Countries: {Object.entries(ACLED_COUNTRIES).map(([code, c]) => `${code} → ${c.name} (${c.iso})`).join(", ")}.
        </p>
      </section>

      <p className="text-sm">
        <Link href="/" className="text-blue-800 underline">Back to the dashboard</Link>
      </p>
    </article>
  );
}
