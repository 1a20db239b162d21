// The ACLED layout (`profile=acled`): our incidents in the columns, order and codes of ACLED's
// export, so they can be stacked onto ACLED data or read by tools written for it. Everything that
// decides a value is in the tables below; lib/data/incident-export.ts turns them into SQL and
// /docs/data prints them.
//
// Codes follow ACLED's codebook: time_precision 1 = the day is known, 2 = the week, 3 = only the
// month; geo_precision 1 = the exact place, 2 = near a place or a small part of a region, 3 = only
// a larger region; inter 3 = political militia, 8 = external/other forces (state forces acting
// outside their own country); interaction = the two inter codes, lower first.
//
// No server-only: pure data.

import type { AttackType, DatePrecision, GeoPrecision } from "@/lib/generated/prisma/enums";
import type { ColumnKind } from "./columns";

export const ACLED_TIME_PRECISION: Record<DatePrecision, 1 | 2 | 3> = { DAY: 1, WEEK: 2, MONTH: 3 };

/** ACLED has no level coarser than 3: province and country precision both become 3. */
export const ACLED_GEO_PRECISION: Record<GeoPrecision, 1 | 2 | 3> = { EXACT: 1, NEAR: 2, DISTRICT: 2, PROVINCE: 3, COUNTRY: 3 };

/**
 * Event and sub-event type by weapon. Attacks on a force from a distance are ACLED's "Explosions/
 * Remote violence"; gunfire needs the attacker present, an "Armed clash". A weapon we do not know
 * (OTHER, UNKNOWN) is coded like most such reports, as indirect fire; the tags column keeps our
 * own attack_type so nothing is lost.
 */
export const ACLED_EVENT_TYPES: Record<AttackType, { eventType: string; subEventType: string }> = {
  ONE_WAY_DRONE: { eventType: "Explosions/Remote violence", subEventType: "Air/drone strike" },
  ROCKET: { eventType: "Explosions/Remote violence", subEventType: "Shelling/artillery/missile attack" },
  MORTAR: { eventType: "Explosions/Remote violence", subEventType: "Shelling/artillery/missile attack" },
  BALLISTIC_MISSILE: { eventType: "Explosions/Remote violence", subEventType: "Shelling/artillery/missile attack" },
  IED: { eventType: "Explosions/Remote violence", subEventType: "Remote explosive/landmine/IED" },
  SMALL_ARMS: { eventType: "Battles", subEventType: "Armed clash" },
  OTHER: { eventType: "Explosions/Remote violence", subEventType: "Shelling/artillery/missile attack" },
  UNKNOWN: { eventType: "Explosions/Remote violence", subEventType: "Shelling/artillery/missile attack" },
};

/** ACLED's `iso` is the numeric ISO 3166-1 code; `country` its English short name. */
export const ACLED_COUNTRIES: Record<string, { name: string; iso: number }> = {
  IQ: { name: "Iraq", iso: 368 },
  SY: { name: "Syria", iso: 760 },
  JO: { name: "Jordan", iso: 400 },
  KW: { name: "Kuwait", iso: 414 },
  SA: { name: "Saudi Arabia", iso: 682 },
  BH: { name: "Bahrain", iso: 48 },
  QA: { name: "Qatar", iso: 634 },
  AE: { name: "United Arab Emirates", iso: 784 },
  LB: { name: "Lebanon", iso: 422 },
  IL: { name: "Israel", iso: 376 },
  TR: { name: "Turkey", iso: 792 },
  IR: { name: "Iran", iso: 364 },
  YE: { name: "Yemen", iso: 887 },
};

export const ACLED_CONSTANTS = {
  disorderType: "Political violence",
  region: "Middle East",
  /** Every attacker here is a non-state armed group acting for political ends. */
  attackerInter: 3,
  /** The attacked side: foreign forces in the country, ACLED's "External/Other forces". */
  targetActor: "Coalition Forces (International)",
  targetInter: 8,
  interaction: 38,
  /** ACLED's name for an attacker nobody claimed or was assessed to be; %s is the country's name. */
  unidentifiedActor: "Unidentified Armed Group (%s)",
} as const;

/** How a column is written: text cells get the CSV formula guard, numbers and dates never do. */
export type AcledColumn = { name: string; kind: Extract<ColumnKind, "text" | "integer" | "decimal" | "date">; mapping: string };

/** ACLED's columns in ACLED's order, each with where its value comes from. */
export const ACLED_COLUMNS = [
  { name: "event_id_cnty", kind: "text", mapping: "reference (stable; ACLED's own ids look like IRQ12345)" },
  { name: "event_date", kind: "date", mapping: "occurred_on, YYYY-MM-DD (as ACLED's API writes it)" },
  { name: "year", kind: "integer", mapping: "year of occurred_on" },
  { name: "time_precision", kind: "integer", mapping: "date_precision: DAY → 1, WEEK → 2, MONTH → 3" },
  { name: "disorder_type", kind: "text", mapping: `always "${ACLED_CONSTANTS.disorderType}"` },
  { name: "event_type", kind: "text", mapping: "attack_type, by the event type table" },
  { name: "sub_event_type", kind: "text", mapping: "attack_type, by the event type table" },
  { name: "actor1", kind: "text", mapping: "name of the credited claimant; else of the attributed group; else \"Unidentified Armed Group (Iraq)\" with the country's name" },
  { name: "assoc_actor_1", kind: "text", mapping: "names of the other claiming groups and of the attributed group when it differs from actor1, separated by \"; \"" },
  { name: "inter1", kind: "integer", mapping: `always ${ACLED_CONSTANTS.attackerInter} (political militia)` },
  { name: "actor2", kind: "text", mapping: `always "${ACLED_CONSTANTS.targetActor}": we do not record the nationality of the unit attacked` },
  { name: "assoc_actor_2", kind: "text", mapping: "name of the target site, when it is a listed site" },
  { name: "inter2", kind: "integer", mapping: `always ${ACLED_CONSTANTS.targetInter} (external/other forces)` },
  { name: "interaction", kind: "integer", mapping: `always ${ACLED_CONSTANTS.interaction} (inter1 and inter2, lower first)` },
  { name: "civilian_targeting", kind: "text", mapping: "always empty: the targets recorded here are forces and their facilities" },
  { name: "iso", kind: "integer", mapping: "numeric ISO 3166-1 code of country (empty for a country outside the table)" },
  { name: "region", kind: "text", mapping: `always "${ACLED_CONSTANTS.region}"` },
  { name: "country", kind: "text", mapping: "English name of country (the code itself for a country outside the table)" },
  { name: "admin1", kind: "text", mapping: "admin1" },
  { name: "admin2", kind: "text", mapping: "always empty (not recorded)" },
  { name: "admin3", kind: "text", mapping: "always empty (not recorded)" },
  { name: "location", kind: "text", mapping: "location_name" },
  { name: "latitude", kind: "decimal", mapping: "latitude" },
  { name: "longitude", kind: "decimal", mapping: "longitude" },
  { name: "geo_precision", kind: "integer", mapping: "geo_precision: EXACT → 1, NEAR and DISTRICT → 2, PROVINCE and COUNTRY → 3" },
  { name: "source", kind: "text", mapping: "publishers of the sources (the URL where no publisher is recorded), oldest first, separated by \"; \"" },
  { name: "source_scale", kind: "text", mapping: "always empty (not recorded)" },
  { name: "notes", kind: "text", mapping: "notes" },
  { name: "fatalities", kind: "integer", mapping: "killed_min, the low estimate; an unknown count is written 0, as ACLED does, and tagged \"fatalities unknown\"" },
  { name: "tags", kind: "text", mapping: "our codes ACLED has no column for, \"; \"-separated: attack_type=…, outcome=…, confidence=…, claim_status=…, \"fatalities unknown\" and \"synthetic demo data\" where they apply" },
  { name: "timestamp", kind: "integer", mapping: "updated_at as Unix seconds (ACLED bumps it on every change too)" },
] as const satisfies readonly AcledColumn[];

export type AcledColumnName = (typeof ACLED_COLUMNS)[number]["name"];
