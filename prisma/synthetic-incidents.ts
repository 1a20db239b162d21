// Synthetic demo incidents: believable in shape (bursts and lulls like the 2023–2025 campaign, real
// reference sites and groups, ranges for casualties) but invented row by row. Every row is marked
// `is_synthetic` and every source URL points at the reserved `.invalid` domain, so nothing generated
// here can pass as a real report.
//
// Deterministic: the same seed and count always yield the same rows, ids included.

import type { ReferenceGroup, ReferenceSite } from "./reference-data";

export type SyntheticIncident = {
  id: string;
  reference: string;
  occurredOn: string; // YYYY-MM-DD
  occurredTime: string | null; // HH:MM:SS, local
  datePrecision: "DAY" | "WEEK" | "MONTH";
  country: string;
  admin1: string | null;
  locationName: string;
  locationNameAr: string | null;
  lat: number;
  lon: number;
  geoPrecision: "EXACT" | "NEAR" | "DISTRICT" | "PROVINCE";
  siteSlug: string | null;
  targetType: string;
  attackType: string;
  outcome: string;
  killedMin: number | null;
  killedMax: number | null;
  woundedMin: number | null;
  woundedMax: number | null;
  claimStatus: "CLAIMED" | "UNCLAIMED" | "ATTRIBUTED" | "DISPUTED";
  attributedToSlug: string | null;
  /** The group of the incident's first claim: what the database credits it to. */
  claimantSlug: string | null;
  confidence: string;
  status: "DRAFT" | "PUBLISHED" | "RETRACTED";
  retractionReason: string | null;
  notes: string;
  /** Titles and publishers of its sources, as the database's trigger would copy them. */
  sourceText: string;
  /** Its sources' URLs and distinct publishers, in the orders the same trigger keeps them in. */
  sourceUrls: string[];
  sourcePublishers: string[];
};

export type SyntheticClaim = {
  id: string;
  groupSlug: string;
  statedAt: string; // ISO timestamp
  channel: string;
  text: string;
  url: string;
  incidentIds: string[];
};

export type SyntheticSource = {
  id: string;
  incidentId: string;
  url: string;
  publisher: string;
  title: string;
  publishedOn: string;
  kind: string;
  language: string;
};

export type SyntheticBatch = { incidents: SyntheticIncident[]; claims: SyntheticClaim[]; sources: SyntheticSource[] };

export const DEMO_INCIDENT_COUNT = 1500;
export const DEMO_SEED = 20231017;
export const FIRST_DAY = "2023-10-17";
export const LAST_DAY = "2025-11-30";

/**
 * Relative attack intensity over the campaign, as (first day of phase, incidents per day at
 * weight 1). Shaped after public tallies: a surge from mid-October 2023, a near halt after the
 * strikes of early February 2024, flare-ups in summer and autumn 2024 and in June 2025.
 */
const PHASES: ReadonlyArray<readonly [string, number]> = [
  ["2023-10-17", 1.6],
  ["2023-11-20", 2.2],
  ["2024-01-20", 2.6],
  ["2024-02-05", 0.08],
  ["2024-07-15", 0.5],
  ["2024-08-15", 0.15],
  ["2024-10-01", 0.45],
  ["2024-12-10", 0.06],
  ["2025-06-13", 0.9],
  ["2025-06-25", 0.05],
];

// Hex for every 16-bit value: ids are built by lookup (number-to-hex conversion is slow in V8).
const HEX4 = Array.from({ length: 65536 }, (_, i) => i.toString(16).padStart(4, "0"));

/** Mulberry32: a tiny seeded PRNG. Hand-written because we only need repeatable uniform floats. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const uint32 = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = () => uint32() / 4294967296;
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    /** A chooser over weighted values (weights precomputed once: it runs millions of times). */
    weighted: <T>(entries: ReadonlyArray<readonly [T, number]>): (() => T) => {
      const values = entries.map(([value]) => value);
      const cumulative: number[] = [];
      let total = 0;
      for (const [, weight] of entries) cumulative.push((total += weight));
      return () => {
        const r = next() * total;
        let i = 0;
        while (i < cumulative.length - 1 && r >= cumulative[i]!) i++;
        return values[i]!;
      };
    },
    /**
     * A UUIDv7 (RFC 9562) for the given millisecond: time-ordered like PostgreSQL's uuidv7(), so bulk
     * loads append to the primary-key index instead of scattering, and repeatable with the seed.
     */
    uuidAt: (ms: number) => {
      const high = Math.floor(ms / 2 ** 32); // top 16 of the 48 timestamp bits
      const low = ms >>> 0;
      const b = uint32();
      const c = uint32();
      const version = 0x7000 | (b & 0x0fff);
      const variant = 0x8000 | ((b >>> 16) & 0x3fff);
      return `${HEX4[high & 0xffff]}${HEX4[low >>> 16]}-${HEX4[low & 0xffff]}-${HEX4[version]}-${HEX4[variant]}-${HEX4[c >>> 16]}${HEX4[c & 0xffff]}${HEX4[uint32() & 0xffff]}`;
    },
  };
}
type Random = ReturnType<typeof createRandom>;

const DAY_MS = 86_400_000;
const toDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * How many incidents fall on each day: the phase weight, roughened day by day so that bursts
 * cluster, then scaled to exactly `count` by largest remainders.
 */
export function dailyCounts(count: number, random: Random): Array<{ day: string; count: number }> {
  const first = toDay(FIRST_DAY);
  const last = toDay(LAST_DAY);
  const weights: number[] = [];
  let burst = 1;
  for (let day = first; day <= last; day++) {
    const iso = isoDay(day);
    const phase = [...PHASES].reverse().find(([start]) => start <= iso)!;
    // A slowly wandering multiplier gives runs of busy and quiet days, as in the real campaign.
    burst = Math.min(3, Math.max(0.2, burst * (0.75 + random.next() * 0.5)));
    weights.push(phase[1] * burst * (0.3 + random.next()));
  }
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / total) * count);
  const counts = exact.map(Math.floor);
  let missing = count - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (missing-- <= 0) break;
    counts[i]!++;
  }
  return counts.map((n, i) => ({ day: isoDay(first + i), count: n }));
}

/** Sites that drew most fire in public tallies get more synthetic incidents; others a base share. */
const SITE_WEIGHTS: Record<string, number> = {
  "ain-al-asad": 9, "al-tanf": 6, "erbil-air-base": 6, "harir-air-base": 4, "green-village": 5,
  "mission-support-site-euphrates": 4, "conoco-gas-field": 3, "shaddadi": 4, "rumalyn-landing-zone": 5,
  "al-omar-oil-field": 2, "qasrak": 2, "tal-baydar": 2, "baghdad-diplomatic-support-center": 2,
  "us-embassy-baghdad": 1, "tower-22": 1, "muwaffaq-salti-air-base": 0.3,
};
const siteWeight = (site: ReferenceSite) => SITE_WEIGHTS[site.slug] ?? 1;

const ATTACK_TYPES = [["ONE_WAY_DRONE", 55], ["ROCKET", 28], ["MORTAR", 4], ["BALLISTIC_MISSILE", 2], ["IED", 5], ["SMALL_ARMS", 2], ["OTHER", 1], ["UNKNOWN", 3]] as const;
const OUTCOMES = [["IMPACT", 30], ["INTERCEPTED", 35], ["FAILED", 10], ["UNKNOWN", 25]] as const;
const CONFIDENCE = [["CONFIRMED", 35], ["LIKELY", 35], ["UNVERIFIED", 25], ["DISPUTED", 5]] as const;
const CLAIM_STATUS = [["CLAIMED", 68], ["UNCLAIMED", 20], ["ATTRIBUTED", 9], ["DISPUTED", 3]] as const;
const SOURCE_KINDS = [["MEDIA", 45], ["OFFICIAL_STATEMENT", 20], ["OSINT", 20], ["CLAIM_STATEMENT", 10], ["OTHER", 5]] as const;
const PUBLISHERS = ["Synthetic Wire", "Demo Monitor", "Example Gazette", "Sample OSINT Desk"];
const ATTACK_WORDS: Record<string, string> = {
  ONE_WAY_DRONE: "one-way drone", ROCKET: "rocket", MORTAR: "mortar", BALLISTIC_MISSILE: "ballistic missile",
  IED: "roadside bomb", SMALL_ARMS: "small-arms", OTHER: "attack", UNKNOWN: "attack",
};

/** The umbrella is the top-level group most others roll up to (the Islamic Resistance in Iraq). */
function pickUmbrella(groups: readonly ReferenceGroup[]): ReferenceGroup {
  const childCount = (g: ReferenceGroup) => groups.filter((c) => c.parentSlug === g.slug).length;
  return [...groups].sort((a, b) => childCount(b) - childCount(a))[0]!;
}

/** Casualties: mostly "none reported", often unknown (null), sometimes a range. */
function casualties(random: Random, outcome: string) {
  if (random.chance(0.3)) return { min: null, max: null };
  if (outcome !== "IMPACT" || random.chance(0.75)) return { min: 0, max: 0 };
  const min = random.int(0, 3);
  return { min, max: min + random.int(0, 4) };
}

/**
 * Generates the demo data set in date order, one day at a time, in batches the caller can stream
 * to the database: memory stays flat whatever the count.
 */
export function* generateSyntheticIncidents(options: {
  count: number;
  seed: number;
  sites: readonly ReferenceSite[];
  groups: readonly ReferenceGroup[];
  /** The last reference number already taken per "IQ-2024" key: generated codes continue after it. */
  takenSequences?: ReadonlyMap<string, number>;
}): Generator<SyntheticBatch> {
  const random = createRandom(options.seed);
  const pickSite = random.weighted(options.sites.map((s) => [s, siteWeight(s)] as const));
  const pickAttackType = random.weighted(ATTACK_TYPES);
  const pickOutcome = random.weighted(OUTCOMES);
  const pickClaimStatus = random.weighted(CLAIM_STATUS);
  const pickConfidence = random.weighted(CONFIDENCE);
  const pickSourceKind = random.weighted(SOURCE_KINDS);
  const umbrella = pickUmbrella(options.groups);
  // Its members and façade names claim and are blamed; groups outside the umbrella stay out of the demo.
  const members = options.groups.filter((g) => g.parentSlug === umbrella.slug);
  // Most statements in the campaign came under the umbrella's name; façade names took the rest.
  const pickClaimant = random.weighted([[umbrella, 70] as const, ...members.map((g) => [g, 30 / Math.max(1, members.length)] as const)]);
  const sequences = new Map<string, number>(options.takenSequences);
  // Ids are stamped with the incident's day plus a running millisecond: increasing in load order.
  let tick = 0;
  const nextId = (day: string) => random.uuidAt(Date.parse(`${day}T00:00:00Z`) + (tick++ % 86_400_000));

  for (const { day, count } of dailyCounts(options.count, random)) {
    const batch: SyntheticBatch = { incidents: [], claims: [], sources: [] };
    let openClaim: SyntheticClaim | null = null;

    for (let i = 0; i < count; i++) {
      const site = pickSite();
      const atSite = random.chance(0.8);
      const attackType = pickAttackType();
      const outcome = pickOutcome();
      const claimStatus = pickClaimStatus();
      const killed = casualties(random, outcome);
      const wounded = casualties(random, outcome);
      const year = day.slice(0, 4);
      const key = `${site.country}-${year}`;
      const sequence = (sequences.get(key) ?? 0) + 1;
      sequences.set(key, sequence);
      const id = nextId(day);
      const status = random.chance(0.015) ? "RETRACTED" : random.chance(0.02) ? "DRAFT" : "PUBLISHED";
      const geoPrecision = atSite ? "EXACT" : random.chance(0.8) ? "NEAR" : "PROVINCE";
      const jitter = geoPrecision === "EXACT" ? 0 : geoPrecision === "NEAR" ? 0.15 : 0.4;
      const lat = round(site.lat + (random.next() - 0.5) * 2 * jitter, 5);
      const lon = round(site.lon + (random.next() - 0.5) * 2 * jitter, 5);
      const attributed = claimStatus === "ATTRIBUTED" || (claimStatus === "CLAIMED" && random.chance(0.2));

      const incident: SyntheticIncident = {
        id,
        reference: `${key}-${String(sequence).padStart(4, "0")}`,
        occurredOn: day,
        occurredTime: random.chance(0.6) ? `${pad(random.int(0, 23))}:${pad(random.int(0, 59))}:00` : null,
        datePrecision: random.chance(0.03) ? "WEEK" : "DAY",
        country: site.country,
        admin1: site.admin1,
        locationName: atSite ? site.name : `Near ${site.name}`,
        locationNameAr: site.nameAr ? (atSite ? site.nameAr : `قرب ${site.nameAr}`) : null,
        lat,
        lon,
        geoPrecision,
        siteSlug: atSite || random.chance(0.7) ? site.slug : null,
        targetType: site.type,
        attackType,
        outcome,
        killedMin: killed.min,
        killedMax: killed.max,
        woundedMin: wounded.min,
        woundedMax: wounded.max,
        claimStatus,
        attributedToSlug: attributed && members.length > 0 ? random.pick(members).slug : null,
        claimantSlug: null,
        confidence: pickConfidence(),
        status,
        retractionReason: status === "RETRACTED" ? "Synthetic example: later reporting showed no attack took place." : null,
        sourceText: "",
        sourceUrls: [],
        sourcePublishers: [],
        notes: `Synthetic demo record. A ${ATTACK_WORDS[attackType]} attack reported ${atSite ? "on" : "near"} ${site.name}; outcome ${outcome.toLowerCase()}.`,
      };
      batch.incidents.push(incident);

      if (claimStatus === "CLAIMED" || claimStatus === "DISPUTED") {
        // One statement often claimed several attacks of the same day.
        if (openClaim && random.chance(0.3)) {
          openClaim.incidentIds.push(id);
          incident.claimantSlug = openClaim.groupSlug;
        } else {
          const group = pickClaimant();
          openClaim = {
            id: nextId(day),
            groupSlug: group.slug,
            statedAt: `${day}T${pad(random.int(12, 23))}:${pad(random.int(0, 59))}:00Z`,
            channel: random.chance(0.85) ? "Telegram" : "Website",
            text: `Synthetic claim statement by ${group.name}.`,
            url: `https://claims.synthetic.invalid/${group.slug}/${incident.reference.toLowerCase()}`,
            incidentIds: [id],
          };
          incident.claimantSlug = group.slug;
          batch.claims.push(openClaim);
        }
      }

      const words: string[] = [];
      const publishers: string[] = [];
      for (let s = random.chance(0.55) ? 1 : 2; s > 0; s--) {
        const kind = pickSourceKind();
        const title = `Synthetic report on ${incident.locationName}`;
        const publisher = random.pick(PUBLISHERS);
        const url = `https://news.synthetic.invalid/${incident.reference.toLowerCase()}/${s}`;
        words.push(`${title} ${publisher}`);
        publishers.push(publisher);
        incident.sourceUrls.push(url);
        batch.sources.push({
          id: nextId(day),
          incidentId: id,
          url,
          publisher,
          title,
          publishedOn: day,
          kind,
          language: random.chance(0.4) ? "ar" : "en",
        });
      }
      incident.sourceText = words.join(" "); // sources in id order, as incident_source_text() joins them
      // All of an incident's sources share its day, so the database orders URLs by id (creation
      // order here) and publishers by name, in code-point order (ASCII names: sort() agrees).
      incident.sourcePublishers = [...new Set(publishers)].sort();
    }
    yield batch;
  }
}

const pad = (n: number) => String(n).padStart(2, "0");
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
