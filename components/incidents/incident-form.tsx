"use client";

import Link from "next/link";
import { startTransition, useActionState, useEffect, useRef, useState } from "react";
import { controlProps, Field, FieldError, fieldId, LabelText, useFieldAria } from "@/components/ui/field";
import { INITIAL_FORM_STATE } from "@/lib/actions/form-state";
import { formatMergeChoices, type IncidentFormState, splitMergeFields } from "@/lib/actions/incident-form-state";
import type { MergeChoice } from "@/lib/data/incident-writes";
import { CreateIncidentSchema, fieldErrorsOf, UpdateIncidentSchema } from "@/lib/validation/incident";
import { EMPTY_CLAIM_ROW, type IncidentFormValues, type SourceRowValues } from "@/lib/validation/incident-form-values";
import { formFields } from "@/lib/validation/form-fields";
import {
  ATTACK_TYPE_LABELS, CLAIM_STATUS_LABELS, CONFIDENCE_LABELS, COUNTRY_NAMES, DATE_PRECISION_EXPLAINED, GEO_PRECISION_EXPLAINED,
  OUTCOME_LABELS, SOURCE_KIND_LABELS, TARGET_TYPE_LABELS,
} from "@/lib/vocabulary";
import { ClaimRow, RowError } from "./claim-rows";
import { CHOICE_INPUT_PREFIX, ConflictPanel } from "./conflict-panel";
import { ErrorSummary } from "./error-summary";
import { GroupPicker, type PickerGroup } from "./group-picker";
import { LocationPicker } from "./location-picker";
import { type LocationWarning, locationWarnings, LocationWarnings, usePointChecker } from "./location-warnings";
import { ATTACK_TYPES, CLAIM_STATUSES, CONFIDENCES, DATE_PRECISIONS, GEO_PRECISIONS, OUTCOMES, SOURCE_KINDS, TARGET_TYPES } from "@/lib/codes";

export type FormSite = { slug: string; name: string; nameAr: string | null; country: string; admin1: string | null; lat: number; lon: number; type: string; coordinatesApproximate: boolean };

type Props = {
  action: (state: IncidentFormState, formData: FormData) => Promise<IncidentFormState>;
  initial: IncidentFormValues;
  groups: PickerGroup[];
  sites: FormSite[];
  /** Set when editing: the record and the version the editor started from. */
  editing?: { id: string; version: number; reference: string };
};

const input = "mt-1 w-full rounded border border-stone-400 bg-white px-2 py-1.5";
const sectionClass = "space-y-3 rounded border border-stone-300 bg-white p-4";

let rowCounter = 0;
const rowKey = () => `row-${++rowCounter}`;

/**
 * Create or edit an incident. Checked in the browser with the server's own schema (every problem
 * at once, listed in a summary at the top that takes the focus), then sent to the server action,
 * which checks everything again. The action is called from onSubmit rather than as the form's
 * action, so React keeps the typed input when the save fails.
 *
 * Picking a site fills the location from it and flies the map there; a point outside the named
 * country or far from the named site is warned about as it is set (location-warnings.tsx). Adding a
 * claim statement starts it on the incident's date and marks an unclaimed incident claimed.
 *
 * An edit always posts the version it started from. When someone saved meanwhile, the server
 * merges the two saves; only the fields both changed come back, in a panel beside the Save button,
 * to choose for one by one.
 */
export function IncidentForm({ action, initial, groups, sites, editing }: Props) {
  const [state, dispatch, pending] = useActionState<IncidentFormState, FormData>(action, INITIAL_FORM_STATE);
  const [clientErrors, setClientErrors] = useState<Record<string, string[]> | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // The editor's choices belong to one conflict answer: a new answer (a stale merge) starts afresh.
  const [merge, setMerge] = useState<{ answer: IncidentFormState | null; choices: Partial<Record<string, MergeChoice>>; missing: string[] }>(
    { answer: null, choices: {}, missing: [] },
  );
  const conflict = state.conflict?.conflicts.length ? state.conflict : null;
  const choices = merge.answer === state ? merge.choices : {};
  const missingChoices = merge.answer === state ? merge.missing : [];

  // Location fields are controlled: picking a site or clicking the map fills them.
  const [location, setLocation] = useState({
    site: initial.site, lat: initial.lat, lon: initial.lon, country: initial.country, admin1: initial.admin1,
    locationName: initial.locationName, locationNameAr: initial.locationNameAr, geoPrecision: initial.geoPrecision, targetType: initial.targetType,
  });
  // What the last site choice did, said in words (an aria-live status); where the map flies to.
  const [siteStatus, setSiteStatus] = useState("");
  const [mapFocus, setMapFocus] = useState<{ lat: number; lon: number } | null>(null);
  const pointChecker = usePointChecker();
  const [claimStatus, setClaimStatus] = useState(initial.claimStatus);
  const [claims, setClaims] = useState(() => initial.claims.map((row) => ({ key: rowKey(), row })));
  const [sources, setSources] = useState(() => initial.sources.map((row) => ({ key: rowKey(), row })));
  // A row added with its button takes the focus (its first field), so the editor types straight on.
  const focusAfterRender = useRef<string | null>(null);
  useEffect(() => {
    if (focusAfterRender.current) document.getElementById(focusAfterRender.current)?.focus();
    focusAfterRender.current = null;
  }, [claims, sources]);

  const errors = clientErrors ?? state.fieldErrors ?? {};
  const hasFieldErrors = Object.keys(errors).length > 0;
  const message = clientErrors ? "Please correct the fields marked below." : state.message;
  const errorOf = (name: string) => errors[name]?.join(" ");

  function choose(field: string, choice: MergeChoice) {
    setMerge({ answer: state, choices: { ...choices, [field]: choice }, missing: missingChoices.filter((f) => f !== field) });
  }

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    // The conflict panel's radios are read from state; the choices travel as two plain fields.
    for (const key of [...formData.keys()]) if (key.startsWith(CHOICE_INPUT_PREFIX)) formData.delete(key);
    if (conflict) {
      const missing = conflict.conflicts.map((c) => c.field).filter((field) => !choices[field]);
      if (missing.length) {
        setMerge({ answer: state, choices, missing });
        document.getElementById("conflict-heading")?.closest<HTMLElement>("[tabindex]")?.focus();
        return;
      }
      formData.set("mergeVersion", String(conflict.currentVersion));
      formData.set("mergeChoices", formatMergeChoices(choices));
    }
    const fields = formFields(formData);
    const parsed = fields.ok ? (editing ? UpdateIncidentSchema : CreateIncidentSchema).safeParse(splitMergeFields(fields.fields).fields) : null;
    if (!fields.ok || !parsed?.success) {
      // A new object every time, so the summary takes the focus again even for the same errors.
      setClientErrors(fields.ok ? fieldErrorsOf(parsed!.error!) : { ...fields.errors });
      return;
    }
    setClientErrors(null);
    startTransition(() => dispatch(formData));
  }

  const point = pointOf(location.lat, location.lon);
  const chosenSite = sites.find((s) => s.slug === location.site) ?? null;
  const warnings: LocationWarning[] = locationWarnings(pointChecker, point, location.country, chosenSite, location.geoPrecision).map((warning) => {
    const country = warning.suggestedCountry;
    if (country) return { ...warning, fix: { label: `Set the country to ${COUNTRY_NAMES[country]}`, apply: () => setLocation((l) => ({ ...l, country })) } };
    if (warning.field === "site") return { ...warning, fix: { label: "Clear the site", apply: () => pickSite("") } };
    return warning;
  });

  /** A site fills the location and replaces any point there was; no site keeps the location as it is. */
  function pickSite(slug: string) {
    const site = sites.find((s) => s.slug === slug);
    if (!site) {
      if (location.site) setSiteStatus("Site cleared. The point, place name and country are kept: change them if the incident was elsewhere.");
      return setLocation((l) => ({ ...l, site: "" }));
    }
    const replacedKm = point && pointChecker ? pointChecker.distanceKm(point, site) : null;
    setLocation({
      site: site.slug, lat: String(site.lat), lon: String(site.lon), country: site.country, admin1: site.admin1 ?? "",
      locationName: site.name, locationNameAr: site.nameAr ?? "", geoPrecision: site.coordinatesApproximate ? "NEAR" : "EXACT", targetType: site.type,
    });
    setMapFocus({ lat: site.lat, lon: site.lon });
    setSiteStatus(
      `The point, place name, province, country and target type are now ${site.name}'s.` +
        (replacedKm !== null && replacedKm >= 0.1 ? ` The point you had, ${replacedKm.toFixed(1)} km away, was replaced.` : ""),
    );
  }

  /** The incident's date as typed so far: a new claim statement starts on it. */
  const typedDate = () => (formRef.current?.elements.namedItem("occurredOn") as HTMLInputElement | null)?.value ?? "";

  function addClaim() {
    focusAfterRender.current = fieldId(`claims.${claims.length}.group`);
    setClaims((rows) => [...rows, { key: rowKey(), row: { ...EMPTY_CLAIM_ROW, statedOn: typedDate() } }]);
    // A statement means the incident is claimed (the schema refuses "unclaimed" with statements).
    if (claimStatus === "UNCLAIMED") setClaimStatus("CLAIMED");
  }

  function addSource() {
    focusAfterRender.current = fieldId(`sources.${sources.length}.url`);
    setSources((rows) => [...rows, { key: rowKey(), row: { id: "", url: "", publisher: "", title: "", kind: "MEDIA", publishedOn: "", language: "" } }]);
  }

  const field = (name: keyof typeof location, options: { required?: boolean } = {}) => ({
    ...controlProps(name, errorOf(name), options), value: location[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setLocation((l) => ({ ...l, [name]: e.target.value })),
  });
  const plain = (name: string, options: { required?: boolean; hint?: string } = {}) => controlProps(name, errorOf(name), options);
  useFieldAria("attributedTo", errorOf("attributedTo"));

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-5" data-testid="incident-form">
      {editing && (
        <>
          <input type="hidden" name="id" value={editing.id} />
          <input type="hidden" name="version" value={editing.version} />
        </>
      )}

      {hasFieldErrors ? (
        <ErrorSummary errors={errors} title={message ?? "Please correct the fields marked below."} round={clientErrors ?? state} />
      ) : (
        message && !state.ok && !conflict && (
          <div role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-900" data-testid="form-message">
            <p className="font-semibold">{message}</p>
            {state.conflict && <ConflictPanel id={editing?.id} conflict={state.conflict} choices={{}} onChoose={() => {}} missing={[]} startedFrom={editing?.version ?? 0} />}
          </div>
        )
      )}
      {state.duplicates && !clientErrors && <DuplicateList duplicates={state.duplicates} />}
      <p className="text-sm text-stone-600"><span aria-hidden="true" className="text-red-800">*</span> marks a required field.</p>

      <section className={sectionClass} aria-labelledby="when-heading">
        <h2 id="when-heading" className="font-semibold">When</h2>
        <div className="grid gap-3 md:grid-cols-3">
          <Field label="Date" error={errorOf("occurredOn")} name="occurredOn" required>
            <input type="date" defaultValue={initial.occurredOn} className={input} {...plain("occurredOn", { required: true })} />
          </Field>
          <Field label="Local time (optional)" error={errorOf("occurredTime")} name="occurredTime">
            <input type="time" defaultValue={initial.occurredTime} className={input} {...plain("occurredTime")} />
          </Field>
          <Field label="Date precision" error={errorOf("datePrecision")} name="datePrecision">
            <select defaultValue={initial.datePrecision} className={input} {...plain("datePrecision")}>
              {DATE_PRECISIONS.map((p) => <option key={p} value={p}>{DATE_PRECISION_EXPLAINED[p]}</option>)}
            </select>
          </Field>
        </div>
      </section>

      <section className={sectionClass} aria-labelledby="where-heading">
        <h2 id="where-heading" className="font-semibold">Where</h2>
        <p className="text-sm text-stone-600">Pick a known site, click the map, or type coordinates.</p>
        <Field label="Known site" error={errorOf("site")} name="site">
          <select {...field("site")} onChange={(e) => pickSite(e.target.value)} className={input}>
            <option value="">No known site</option>
            {Object.keys(COUNTRY_NAMES).map((country) => (
              <optgroup key={country} label={COUNTRY_NAMES[country]}>
                {sites.filter((s) => s.country === country).map((s) => <option key={s.slug} value={s.slug}>{s.name}</option>)}
              </optgroup>
            ))}
          </select>
        </Field>
        <p role="status" className="text-sm text-stone-700 empty:hidden" data-testid="site-status">{siteStatus}</p>
        <LocationPicker
          lat={Number(location.lat)} lon={Number(location.lon)} hasPoint={point !== null} sites={sites} flyTo={mapFocus}
          // A click keeps the chosen site (a point within it, or near it: the warnings say when it is far).
          onPick={(lat, lon) => setLocation((l) => ({ ...l, lat: lat.toFixed(4), lon: lon.toFixed(4), geoPrecision: l.site && l.geoPrecision === "EXACT" ? "NEAR" : l.geoPrecision }))}
        />
        <LocationWarnings warnings={warnings} />
        <div className="grid gap-3 md:grid-cols-4">
          <Field label="Latitude" error={errorOf("lat")} name="lat" required><input inputMode="decimal" className={input} {...field("lat", { required: true })} /></Field>
          <Field label="Longitude" error={errorOf("lon")} name="lon" required><input inputMode="decimal" className={input} {...field("lon", { required: true })} /></Field>
          <Field label="Country" error={errorOf("country")} name="country">
            <select className={input} {...field("country")}>
              {Object.entries(COUNTRY_NAMES).map(([code, name]) => <option key={code} value={code}>{name}</option>)}
            </select>
          </Field>
          <Field label="Province" error={errorOf("admin1")} name="admin1"><input className={input} {...field("admin1")} /></Field>
          <Field label="Place name" error={errorOf("locationName")} name="locationName" required><input className={input} {...field("locationName", { required: true })} /></Field>
          <Field label="Place name in Arabic (optional)" error={errorOf("locationNameAr")} name="locationNameAr">
            <input dir="rtl" lang="ar" className={input} {...field("locationNameAr")} />
          </Field>
          <Field label="Location precision" error={errorOf("geoPrecision")} name="geoPrecision">
            <select className={input} {...field("geoPrecision")}>
              {GEO_PRECISIONS.map((p) => <option key={p} value={p}>{GEO_PRECISION_EXPLAINED[p]}</option>)}
            </select>
          </Field>
          <Field label="Target type" error={errorOf("targetType")} name="targetType">
            <select className={input} {...field("targetType")}>
              {TARGET_TYPES.map((t) => <option key={t} value={t}>{TARGET_TYPE_LABELS[t]}</option>)}
            </select>
          </Field>
        </div>
      </section>

      <section className={sectionClass} aria-labelledby="what-heading">
        <h2 id="what-heading" className="font-semibold">What happened</h2>
        <div className="grid gap-3 md:grid-cols-3">
          <Field label="Weapon" error={errorOf("attackType")} name="attackType">
            <select defaultValue={initial.attackType} className={input} {...plain("attackType")}>
              {ATTACK_TYPES.map((t) => <option key={t} value={t}>{ATTACK_TYPE_LABELS[t]}</option>)}
            </select>
          </Field>
          <Field label="Outcome" error={errorOf("outcome")} name="outcome">
            <select defaultValue={initial.outcome} className={input} {...plain("outcome")}>
              {OUTCOMES.map((o) => <option key={o} value={o}>{OUTCOME_LABELS[o]}</option>)}
            </select>
          </Field>
          <Field label="Confidence" error={errorOf("confidence")} name="confidence">
            <select defaultValue={initial.confidence} className={input} {...plain("confidence")}>
              {CONFIDENCES.map((c) => <option key={c} value={c}>{CONFIDENCE_LABELS[c]}</option>)}
            </select>
          </Field>
        </div>
        <Field label="Confirmed by officials (optional)" error={errorOf("confirmedBy")} name="confirmedBy">
          <input defaultValue={initial.confirmedBy} placeholder="Pentagon; CENTCOM" className={input} {...plain("confirmedBy", { hint: "hint-confirmedBy" })} />
          <p id="hint-confirmedBy" className="mt-1 text-xs text-stone-600">
            Officials or bodies who said the attack happened, separated by semicolons. Leave empty when none did. This is a fact of its
            own, recorded apart from the confidence level.
          </p>
        </Field>
        <p className="text-sm text-stone-600">Casualties: leave both boxes empty when unknown (unknown is not zero); one figure means an exact count.</p>
        <div className="grid gap-3 md:grid-cols-4">
          {(["killedMin", "killedMax", "woundedMin", "woundedMax"] as const).map((name) => (
            <Field key={name} label={{ killedMin: "Killed, at least", killedMax: "Killed, at most", woundedMin: "Wounded, at least", woundedMax: "Wounded, at most" }[name]} error={errorOf(name)} name={name}>
              <input inputMode="numeric" defaultValue={initial[name]} className={input} {...plain(name)} />
            </Field>
          ))}
        </div>
        <Field label="Notes" error={errorOf("notes")} name="notes">
          <textarea rows={4} defaultValue={initial.notes} className={input} {...plain("notes")} />
        </Field>
      </section>

      <section className={sectionClass} aria-labelledby="who-heading">
        <h2 id="who-heading" className="font-semibold">Who</h2>
        <div className="grid gap-3 md:grid-cols-2">
          <Field label="Claim status" error={errorOf("claimStatus")} name="claimStatus">
            <select value={claimStatus} onChange={(e) => setClaimStatus(e.target.value)} className={input} {...plain("claimStatus")}>
              {CLAIM_STATUSES.map((c) => <option key={c} value={c}>{CLAIM_STATUS_LABELS[c]}</option>)}
            </select>
          </Field>
          <Field label="Assessed perpetrator (optional)" error={errorOf("attributedTo")} name="attributedTo">
            <GroupPicker name="attributedTo" id={fieldId("attributedTo")} groups={groups} initialSlug={initial.attributedTo} invalid={!!errorOf("attributedTo")} />
          </Field>
        </div>
        <h3 className="text-sm font-semibold">Claim statements</h3>
        <p className="text-sm text-stone-600">A new statement starts on the incident&apos;s date: change it if the statement came later.</p>
        {claims.map(({ key, row }, index) => (
          <ClaimRow key={key} index={index} row={row} groups={groups} errorOf={errorOf} onRemove={() => setClaims((rows) => rows.filter((r) => r.key !== key))} />
        ))}
        <button type="button" className="rounded border border-stone-500 px-3 py-1 text-sm" data-testid="add-claim"
          onClick={addClaim}>
          Add a claim statement
        </button>
      </section>

      <section className={sectionClass} aria-labelledby="sources-heading">
        <h2 id="sources-heading" className="font-semibold">Sources</h2>
        {sources.map(({ key, row }, index) => (
          <SourceRow key={key} index={index} row={row} errorOf={errorOf} onRemove={() => setSources((rows) => rows.filter((r) => r.key !== key))} />
        ))}
        <button type="button" className="rounded border border-stone-500 px-3 py-1 text-sm" data-testid="add-source"
          onClick={addSource}>
          Add a source
        </button>
      </section>

      {conflict && (
        <ConflictPanel
          id={editing?.id} conflict={conflict} message={state.message} choices={choices} onChoose={choose} missing={missingChoices}
          startedFrom={editing?.version ?? 0}
        />
      )}
      <div className="flex items-center gap-4">
        <button type="submit" disabled={pending} className="rounded bg-stone-800 px-4 py-2 text-white disabled:opacity-60" data-testid="save-incident">
          {pending ? "Saving…" : conflict ? "Save with these choices" : editing ? "Save changes" : "Save as draft"}
        </button>
        <Link href={editing ? `/incidents/${editing.id}` : "/review"} className="text-sm underline">Cancel</Link>
      </div>
    </form>
  );
}

/** The point the coordinate fields hold, or null while either is empty or not a coordinate. */
function pointOf(lat: string, lon: string): { lat: number; lon: number } | null {
  const [y, x] = [Number(lat), Number(lon)];
  return lat.trim() !== "" && lon.trim() !== "" && Math.abs(y) <= 90 && Math.abs(x) <= 180 ? { lat: y, lon: x } : null;
}

function SourceRow({ index, row, errorOf, onRemove }: { index: number; row: SourceRowValues; errorOf: (name: string) => string | undefined; onRemove: () => void }) {
  const name = (f: string) => `sources.${index}.${f}`;
  const small = "mt-1 w-full rounded border border-stone-400 bg-white px-2 py-1";
  const text = (f: keyof SourceRowValues, label: string, extra: React.InputHTMLAttributes<HTMLInputElement> = {}, required = false) => (
    <div>
      <label htmlFor={fieldId(name(f))} className="text-sm"><LabelText text={label} required={required} /></label>
      <input defaultValue={row[f]} className={small} {...controlProps(name(f), errorOf(name(f)), { required })} {...extra} />
      <RowError text={errorOf(name(f))} name={name(f)} />
    </div>
  );
  return (
    <fieldset className="grid gap-2 rounded border border-stone-200 p-3 md:grid-cols-4" data-testid="source-row">
      <legend className="px-1 text-xs text-stone-600">Source {index + 1}</legend>
      <input type="hidden" name={name("id")} value={row.id} />
      <div className="md:col-span-2">{text("url", "Web address", { inputMode: "url", placeholder: "https://" }, true)}</div>
      {text("publisher", "Publisher")}
      <div>
        <label htmlFor={fieldId(name("kind"))} className="text-sm">Kind</label>
        <select defaultValue={row.kind} className={small} {...controlProps(name("kind"), errorOf(name("kind")))}>
          {SOURCE_KINDS.map((k) => <option key={k} value={k}>{SOURCE_KIND_LABELS[k]}</option>)}
        </select>
        <FieldError name={name("kind")} text={errorOf(name("kind"))} />
      </div>
      <div className="md:col-span-2">{text("title", "Title")}</div>
      {text("publishedOn", "Published on", { type: "date" })}
      {text("language", "Language", { placeholder: "en, ar" })}
      <button type="button" onClick={onRemove} className="justify-self-start text-sm text-red-800 underline">Remove this source</button>
    </fieldset>
  );
}

function DuplicateList({ duplicates }: { duplicates: NonNullable<IncidentFormState["duplicates"]> }) {
  return (
    <div className="space-y-2 rounded border border-amber-400 bg-amber-50 p-3" data-testid="possible-duplicates">
      <p className="font-semibold">Possible duplicates (within a day and 10 km, or at the same site):</p>
      <ul className="list-disc pl-5 text-sm">
        {duplicates.map((d) => (
          <li key={d.id}>
            <Link href={`/incidents/${d.id}`} target="_blank" rel="noopener" className="text-blue-800 underline">{d.reference}</Link>{" "}
            {d.occurredOn}, {d.locationName} ({d.sameSite ? "same site" : `${d.distanceKm} km away`}, {d.status.toLowerCase()})
          </li>
        ))}
      </ul>
      <label className="flex items-center gap-2 text-sm font-semibold">
        <input type="checkbox" name="confirmDuplicates" value="on" data-testid="confirm-duplicates" />
        I checked these: this is a different incident. Save anyway.
      </label>
    </div>
  );
}
