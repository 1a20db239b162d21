// The form's starting values: everything as the strings the inputs hold. A new incident starts
// empty, or from another one ("new incident like this one"); an edit starts from the stored record
// (lib/data/incident-snapshot.ts).

import type { IncidentSnapshot } from "@/lib/data/incident-snapshot";

export type ClaimRowValues = {
  id: string; group: string; statedOn: string; channel: string; url: string; text: string;
  /** The ledger: where the statement stands, what it names (weapon: "" when it names none), its Arabic wording. */
  status: string; weaponClaimed: string; targetClaimed: string; textAr: string;
};
export type SourceRowValues = { id: string; url: string; publisher: string; title: string; kind: string; publishedOn: string; language: string };

export type IncidentFormValues = {
  occurredOn: string; occurredTime: string; datePrecision: string;
  country: string; admin1: string; locationName: string; locationNameAr: string;
  lat: string; lon: string; geoPrecision: string; site: string;
  targetType: string; attackType: string; outcome: string;
  killedMin: string; killedMax: string; woundedMin: string; woundedMax: string;
  claimStatus: string; attributedTo: string; confidence: string;
  /** The officials who confirmed the attack, as one text: "Pentagon; CENTCOM". */
  confirmedBy: string;
  notes: string;
  claims: ClaimRowValues[]; sources: SourceRowValues[];
};

export const EMPTY_INCIDENT_FORM: IncidentFormValues = {
  occurredOn: "", occurredTime: "", datePrecision: "DAY",
  country: "IQ", admin1: "", locationName: "", locationNameAr: "",
  lat: "", lon: "", geoPrecision: "EXACT", site: "",
  targetType: "MILITARY_BASE", attackType: "ONE_WAY_DRONE", outcome: "UNKNOWN",
  killedMin: "", killedMax: "", woundedMin: "", woundedMax: "",
  claimStatus: "UNCLAIMED", attributedTo: "", confidence: "UNVERIFIED", confirmedBy: "", notes: "",
  claims: [], sources: [],
};

/** A claim row the editor adds: a statement that stands until they say otherwise. */
export const EMPTY_CLAIM_ROW: ClaimRowValues = {
  id: "", group: "", statedOn: "", channel: "", url: "", text: "", status: "ISSUED", weaponClaimed: "", targetClaimed: "", textAr: "",
};

const str = (value: string | number | null) => (value === null ? "" : String(value));

export function formValuesFromSnapshot(s: IncidentSnapshot): IncidentFormValues {
  return {
    occurredOn: s.occurredOn, occurredTime: str(s.occurredTime), datePrecision: s.datePrecision,
    country: s.country, admin1: str(s.admin1), locationName: s.locationName, locationNameAr: str(s.locationNameAr),
    lat: String(s.lat), lon: String(s.lon), geoPrecision: s.geoPrecision, site: str(s.site),
    targetType: s.targetType, attackType: s.attackType, outcome: s.outcome,
    killedMin: str(s.killedMin), killedMax: str(s.killedMax), woundedMin: str(s.woundedMin), woundedMax: str(s.woundedMax),
    claimStatus: s.claimStatus, attributedTo: str(s.attributedTo), confidence: s.confidence, confirmedBy: s.confirmedBy.join("; "), notes: str(s.notes),
    claims: s.claims.map((c) => ({
      id: c.id, group: c.group, statedOn: c.statedOn, channel: str(c.channel), url: str(c.url), text: str(c.text),
      status: c.status, weaponClaimed: str(c.weaponClaimed), targetClaimed: str(c.targetClaimed), textAr: str(c.textAr),
    })),
    sources: s.sources.map((x) => ({
      id: x.id, url: x.url, publisher: str(x.publisher), title: str(x.title), kind: x.kind, publishedOn: str(x.publishedOn), language: str(x.language),
    })),
  };
}

/**
 * A new incident's form started from another one: the salvo case, several sites hit the same day
 * by the same group with the same weapon. The when, what and who are copied, with the claim
 * statements and sources as new rows (no ids: they are the new incident's own); the where, the
 * outcome, the casualties and the notes are left for this incident, and so is the reference.
 */
export function formValuesLikeIncident(s: IncidentSnapshot): IncidentFormValues {
  const copy = formValuesFromSnapshot(s);
  return {
    ...EMPTY_INCIDENT_FORM,
    occurredOn: copy.occurredOn, occurredTime: copy.occurredTime, datePrecision: copy.datePrecision, country: copy.country,
    targetType: copy.targetType, attackType: copy.attackType,
    claimStatus: copy.claimStatus, attributedTo: copy.attributedTo, confidence: copy.confidence, confirmedBy: copy.confirmedBy,
    claims: copy.claims.map((claim) => ({ ...claim, id: "" })),
    sources: copy.sources.map((source) => ({ ...source, id: "" })),
  };
}
