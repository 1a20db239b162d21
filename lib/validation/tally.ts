// What an editor may send when adding or correcting a published tally or a key event. Used by the
// forms in the browser (errors at once) and by the server actions (to decide). Strict objects: a key
// that is not listed (version on create, key on update, createdById, …) is refused.
//
// No server-only here: the forms import it.

import { z } from "zod";
import { CAMPAIGN_START } from "@/lib/campaign-phases";
import { UUID_PATTERN as UUID } from "@/lib/ids";
import { COUNT_QUALIFIERS, type CountQualifier, TALLY_RULES, type TallyRule, TIMELINE_EVENT_KINDS, type TimelineEventKind } from "@/lib/codes";

export const TALLY_RULE_LABELS: Record<TallyRule, string> = {
  PENTAGON: "Pentagon (attacks on US facilities)",
  WINEP: "Washington Institute (IRI-claimed attacks)",
  SOHR: "SOHR (Syria only)",
  ISW: "ISW (claimed attacks)",
  OTHER: "Other",
};
export const COUNT_QUALIFIER_LABELS: Record<CountQualifier, string> = {
  EXACT: "exactly", ABOUT: "about", AT_LEAST: "at least", MORE_THAN: "more than",
};
export const TIMELINE_EVENT_KIND_LABELS: Record<TimelineEventKind, string> = {
  ATTACK: "Attack", US_STRIKE: "US strike", PAUSE: "Pause", ANNOUNCEMENT: "Announcement", OTHER: "Other",
};

export const MAX_EVENT_SOURCES = 20;
const MAX_COUNT = 100_000; // far above any tally; catches a typo like 1700000
const EARLIEST_EVENT_DAY = "2003-01-01";

const KEY = /^[a-z0-9][a-z0-9-]{0,79}$/;
// C0 controls except tab and line breaks, DEL, and the invisible direction overrides.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;

/** Today in the region (UTC+3), so a figure published late in the evening there is not "in the future". */
const regionToday = () => new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 10);

// --- fields ---------------------------------------------------------------------------------------

/** Plain text: trimmed, bounded, no control characters (and no line breaks unless multiline). */
function text(max: number, { multiline = false } = {}) {
  return z
    .string()
    .transform((s) => s.replace(/\r\n?/g, "\n").trim())
    .superRefine((s, ctx) => {
      if (CONTROL_CHARS.test(s) || (!multiline && s.includes("\n"))) {
        ctx.addIssue({ code: "custom", message: "This contains control characters or line breaks; use plain text." });
      } else if (s.length > max) {
        ctx.addIssue({ code: "custom", message: `This is too long (${s.length} characters; at most ${max}).` });
      }
    });
}
const requiredText = (max: number, what: string, opts?: { multiline?: boolean }) =>
  text(max, opts).refine((s) => s.length > 0, `Enter ${what}.`);
const optionalText = (max: number) => text(max).transform((s) => (s === "" ? null : s));

const key = z.string().trim().regex(KEY, "Use lowercase letters, digits and hyphens (e.g. pentagon-2024-02-04), at most 80.");

const day = (earliest: string, earliestMessage: string) =>
  z.string().trim().superRefine((s, ctx) => {
    const real = /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
    if (!real) ctx.addIssue({ code: "custom", message: "Enter a real date as YYYY-MM-DD." });
    else if (s > regionToday()) ctx.addIssue({ code: "custom", message: "The date is in the future." });
    else if (s < earliest) ctx.addIssue({ code: "custom", message: earliestMessage });
  });
const tallyDay = day(CAMPAIGN_START, "Tallies count from 17 Oct 2023; the date is before that.");
const optionalTallyDay = z.union([z.literal("").transform(() => null), tallyDay]);

/** A count typed in a box: digits only (no "3.5", "1e3", "-1"). */
const count = z.string().trim().transform((s, ctx) => {
  if (!/^[0-9]{1,9}$/.test(s) || Number(s) > MAX_COUNT) {
    ctx.addIssue({ code: "custom", message: `Enter a whole number from 0 to ${MAX_COUNT.toLocaleString("en")}.` });
    return z.NEVER;
  }
  return Number(s);
});
const optionalCount = z.union([z.literal("").transform(() => null), count]);

/** Links readers will open: http(s) only, no credentials. */
const webAddress = z.string().trim().superRefine((s, ctx) => {
  let url: URL | null = null;
  try {
    url = new URL(s);
  } catch {
    // reported below
  }
  if (!url || /\s/.test(s)) ctx.addIssue({ code: "custom", message: "Enter a full web address starting with https:// or http://." });
  else if (url.protocol !== "https:" && url.protocol !== "http:") ctx.addIssue({ code: "custom", message: "Only http and https addresses are allowed." });
  else if (url.username || url.password) ctx.addIssue({ code: "custom", message: "Remove the user name and password from the address." });
  else if (s.length > 2000) ctx.addIssue({ code: "custom", message: "The address is too long (at most 2,000 characters)." });
});

const choice = <T extends readonly [string, ...string[]]>(values: T, what: string) => z.enum(values, { error: `Choose ${what}.` });

const editing = {
  id: z.string().regex(UUID, "Unknown record; reload the page."),
  /** The version the editor started from: a save against a newer one is refused. */
  version: z.string().regex(/^[1-9][0-9]{0,8}$/, "Missing or malformed version; reload the page.").transform(Number),
};

// --- tally ----------------------------------------------------------------------------------------

const tallyFields = {
  publisher: requiredText(200, "who published the count"),
  asOf: tallyDay,
  count,
  qualifier: choice(COUNT_QUALIFIERS, "how the figure was worded (exactly, about, at least, more than)"),
  countIraq: optionalCount,
  countSyria: optionalCount,
  countJordan: optionalCount,
  scope: requiredText(500, "what is counted, where and from when"),
  rule: choice(TALLY_RULES, "whose counting rule the figure follows"),
  sourceUrl: webAddress,
  sourcePublisher: optionalText(200),
  publishedOn: optionalTallyDay,
};

/** A count as of a day cannot have been published before that day. */
function publishedAfterAsOf<T extends { asOf: string; publishedOn: string | null }>(data: T, ctx: z.RefinementCtx) {
  if (data.publishedOn && data.publishedOn < data.asOf) {
    ctx.addIssue({ code: "custom", path: ["publishedOn"], message: "The publication date is before the as-of date." });
  }
}

export const CreateTallySchema = z.strictObject({ key, ...tallyFields }).superRefine(publishedAfterAsOf);
/** The key is not editable: the public-record file finds its tallies by it. */
export const UpdateTallySchema = z.strictObject({ ...editing, ...tallyFields }).superRefine(publishedAfterAsOf);
export type TallyInput = z.output<typeof CreateTallySchema>;
export type TallyUpdateInput = z.output<typeof UpdateTallySchema>;

// --- key event ------------------------------------------------------------------------------------

/** One source row of the form (sources.0.url, sources.0.publisher); a row left empty is dropped. */
const sourceRow = z.strictObject({ url: z.string(), publisher: z.string() });

const sourceRows = z
  .array(sourceRow)
  .max(MAX_EVENT_SOURCES, `At most ${MAX_EVENT_SOURCES} sources.`)
  .default([])
  .transform((rows, ctx) => {
    const urls: string[] = [];
    const publishers: string[] = [];
    rows.forEach((row, i) => {
      if (row.url.trim() === "" && row.publisher.trim() === "") return;
      const url = webAddress.safeParse(row.url);
      const publisher = requiredText(200, "who published this source").safeParse(row.publisher);
      if (!url.success) ctx.addIssue({ code: "custom", path: [i, "url"], message: url.error.issues[0]!.message });
      if (!publisher.success) ctx.addIssue({ code: "custom", path: [i, "publisher"], message: publisher.error.issues[0]!.message });
      if (url.success && publisher.success) {
        urls.push(url.data);
        publishers.push(publisher.data);
      }
    });
    return { urls, publishers };
  });

const eventFields = {
  occurredOn: day(EARLIEST_EVENT_DAY, `The date is before ${EARLIEST_EVENT_DAY}.`),
  kind: choice(TIMELINE_EVENT_KINDS, "the kind of event"),
  title: requiredText(200, "a short title"),
  description: requiredText(5000, "a description", { multiline: true }),
  sources: sourceRows,
};

/** The form's source rows become the two parallel lists the table keeps. */
const toEvent = <T extends { sources: { urls: string[]; publishers: string[] } }>({ sources, ...rest }: T) => ({
  ...rest,
  sourceUrls: sources.urls,
  sourcePublishers: sources.publishers,
});

export const CreateTimelineEventSchema = z.strictObject({ key, ...eventFields }).transform(toEvent);
export const UpdateTimelineEventSchema = z.strictObject({ ...editing, ...eventFields }).transform(toEvent);
export type TimelineEventInput = z.output<typeof CreateTimelineEventSchema>;
export type TimelineEventUpdateInput = z.output<typeof UpdateTimelineEventSchema>;
