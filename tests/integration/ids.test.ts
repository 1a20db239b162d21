import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Codes from "@/lib/codes";
import { isSlug, isUuid } from "@/lib/ids";
import {
  ATTACK_TYPE_LABELS, CLAIM_STATEMENT_STATUS_LABELS, CLAIM_STATUS_LABELS, CONFIDENCE_LABELS, OUTCOME_LABELS, SOURCE_KIND_LABELS,
  TARGET_TYPE_LABELS,
} from "@/lib/vocabulary";
import { createTestDatabase, type TestDatabase, withClient } from "../helpers/test-database";

// The app's id rules and code lists against the database's own: a slug the app accepts must be one the CHECK
// constraints accept, and the reverse (the app once accepted "a--b" and "kh-", which the database
// refuses); a UUID the app accepts must cast to uuid.

const SLUG_SAMPLES = [
  "kataib-hezbollah", "al-tanf", "a", "tower-22", "a1-b2-c3", "x".repeat(80),
  "a--b", "kh-", "-kh", "Kataib", "al tanf", "al_tanf", "", "ä", "a.b", "x".repeat(81),
];
const UUID_SAMPLES = ["018bac3a-913b-7111-9515-4b0ff5ac30d1", "018BAC3A-913B-7111-9515-4B0FF5AC30D1", "018bac3a913b711195154b0ff5ac30d1", "{018bac3a-913b-7111-9515-4b0ff5ac30d1}", "018bac3a-913b-7111-9515-4b0ff5ac30d", "not-a-uuid"];

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe("id rules", () => {
  it("accept exactly the slugs the database's CHECK constraints accept (within the 80-character bound)", async () => {
    const checks = await withClient(db.url, async (client) => {
      const { rows } = await client.query<{ name: string; definition: string }>(
        `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conname IN ('armed_group_slug_check', 'site_slug_check')`,
      );
      return rows;
    });
    expect(checks.map((c) => c.name).sort()).toEqual(["armed_group_slug_check", "site_slug_check"]);
    for (const check of checks) {
      const pattern = /'(\^.*\$)'/.exec(check.definition)?.[1];
      expect(pattern, check.definition).toBeDefined();
      for (const sample of SLUG_SAMPLES) {
        const accepted = await withClient(db.url, async (client) => (await client.query<{ ok: boolean }>("SELECT $1 ~ $2 AS ok", [sample, pattern])).rows[0]!.ok);
        // The app's extra bound: at most 80 characters.
        expect(isSlug(sample), `${JSON.stringify(sample)} against ${check.name}`).toBe(accepted && sample.length <= 80);
      }
    }
  });

  it("accept as UUIDs only what casts to PostgreSQL's uuid in its canonical hyphenated form", async () => {
    for (const sample of UUID_SAMPLES) {
      const casts = await withClient(db.url, async (client) =>
        client.query("SELECT $1::uuid", [sample]).then(() => true, () => false),
      ).catch(() => false);
      const canonical = /^[0-9a-f-]{36}$/i.test(sample);
      expect(isUuid(sample), sample).toBe(casts && canonical);
    }
  });
});

describe("code lists", () => {
  // Each list the filters, forms and import offer, against the enum type the database stores it in.
  const LISTS: Array<[string, readonly string[]]> = [
    ["AttackType", Codes.ATTACK_TYPES], ["Outcome", Codes.OUTCOMES], ["Confidence", Codes.CONFIDENCES],
    ["ClaimStatus", Codes.CLAIM_STATUSES], ["ClaimStatementStatus", Codes.CLAIM_STATEMENT_STATUSES],
    ["DatePrecision", Codes.DATE_PRECISIONS], ["GeoPrecision", Codes.GEO_PRECISIONS], ["TargetType", Codes.TARGET_TYPES],
    ["SourceKind", Codes.SOURCE_KINDS], ["TallyRule", Codes.TALLY_RULES], ["CountQualifier", Codes.COUNT_QUALIFIERS],
    ["TimelineEventKind", Codes.TIMELINE_EVENT_KINDS],
  ];

  it.each(LISTS)("%s offers exactly the database's values, in its order", async (type, list) => {
    const values = await withClient(db.url, async (client) =>
      (await client.query<{ values: string[] }>(`SELECT enum_range(NULL::"${type}")::text[] AS values`)).rows[0]!.values,
    );
    expect([...list]).toEqual(values);
  });

  it("labels every value of a list, and nothing else", () => {
    const labelled: Array<[Record<string, string>, readonly string[]]> = [
      [ATTACK_TYPE_LABELS, Codes.ATTACK_TYPES], [OUTCOME_LABELS, Codes.OUTCOMES], [CONFIDENCE_LABELS, Codes.CONFIDENCES],
      [CLAIM_STATUS_LABELS, Codes.CLAIM_STATUSES], [TARGET_TYPE_LABELS, Codes.TARGET_TYPES], [SOURCE_KIND_LABELS, Codes.SOURCE_KINDS],
      [CLAIM_STATEMENT_STATUS_LABELS, Codes.CLAIM_STATEMENT_STATUSES],
    ];
    for (const [labels, list] of labelled) expect(Object.keys(labels).sort()).toEqual([...list].sort());
  });
});
