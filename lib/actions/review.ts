"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { refusedActionState } from "@/lib/audit/refusals";
import { type Actor, PermissionDenied, requirePermission } from "@/lib/auth/guards";
import { BulkLimitError, type BulkOutcome, type BulkSelection, discardDrafts, publishDrafts } from "@/lib/data/bulk-review";
import { IncidentInputError } from "@/lib/data/incident-writes";
import { readReviewQuery } from "@/lib/data/review-queue";
import type { Permission } from "@/lib/permissions";
import { fieldErrorsOf } from "@/lib/validation/incident";
import { formFields } from "@/lib/validation/form-fields";
import type { FormState } from "./form-state";
import { isUuid } from "@/lib/ids";

// The review queue's bulk actions: who (checked here and again in the data layer) → which drafts
// (strictly parsed) → each through its own audited, version-locked write → refresh. What happened
// to each draft comes back for the confirmation; refusals are recorded like every other action's.

export type ReviewActionState = FormState & { outcome?: BulkOutcome & { verb: "published" | "discarded" } };

const TICKED = /^([0-9a-f-]{36}):([1-9][0-9]{0,8})$/;

/** The form: the ticked drafts as "id:version,…", or "all matching" with the page's filter, clock and count. */
const SelectionSchema = z.discriminatedUnion("scope", [
  z.strictObject({
    scope: z.literal("listed"),
    drafts: z.string().max(200_000, "Too many drafts were sent; choose fewer.").transform((list, ctx) => {
      const drafts: { id: string; version: number }[] = [];
      for (const item of list.split(",").filter(Boolean)) {
        const match = TICKED.exec(item);
        if (!match || !isUuid(match[1]!)) {
          ctx.addIssue({ code: "custom", message: "A chosen draft is not one of the queue's; reload the page." });
          return z.NEVER;
        }
        drafts.push({ id: match[1]!, version: Number(match[2]) });
      }
      if (drafts.length === 0) ctx.addIssue({ code: "custom", message: "Choose at least one draft." });
      return drafts;
    }),
    reason: z.string().optional(),
  }),
  z.strictObject({
    scope: z.literal("matching"),
    filter: z.string().max(2_000, "The filter is too long."),
    loadedAt: z.iso.datetime({ error: "The page's time is missing; reload the page." }),
    expected: z.string().regex(/^\d{1,9}$/, "The number of drafts shown is missing; reload the page.").transform(Number),
    reason: z.string().optional(),
  }),
], { error: "Choose the drafts, or all that match the filter." });

const ReasonSchema = z.string().trim().min(1, "Say why the drafts are discarded; their history keeps your reason.").max(1000, "Keep the reason under 1,000 characters.");

export async function publishDraftsAction(_previous: ReviewActionState, formData: FormData): Promise<ReviewActionState> {
  return reviewDrafts("publishDraftsAction", "publish:incident", formData, async (actor, selection) => ({
    ...(await publishDrafts(actor, selection)), verb: "published",
  }));
}

export async function discardDraftsAction(_previous: ReviewActionState, formData: FormData): Promise<ReviewActionState> {
  return reviewDrafts("discardDraftsAction", "delete:incident", formData, async (actor, selection, reason) => {
    const parsedReason = ReasonSchema.safeParse(reason ?? "");
    if (!parsedReason.success) throw new IncidentInputError("reason", parsedReason.error.issues[0]!.message);
    return { ...(await discardDrafts(actor, selection, parsedReason.data)), verb: "discarded" };
  });
}

async function reviewDrafts(
  action: string, permission: Permission, formData: FormData,
  review: (actor: Actor, selection: BulkSelection, reason: string | undefined) => Promise<NonNullable<ReviewActionState["outcome"]>>,
): Promise<ReviewActionState> {
  try {
    const actor = await requirePermission(permission);
    const fields = formFields(formData, []);
    if (!fields.ok) return { ok: false, message: "Some fields were not accepted.", fieldErrors: fields.errors };
    const parsed = SelectionSchema.safeParse(fields.fields);
    if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "The request was not accepted.", fieldErrors: fieldErrorsOf(parsed.error) };
    let selection: BulkSelection;
    if (parsed.data.scope === "listed") selection = { kind: "listed", drafts: parsed.data.drafts };
    else {
      // Strict, unlike the page: "all matching" must mean exactly the filter the reviewer saw.
      const { query, problems } = readReviewQuery(new URLSearchParams(parsed.data.filter));
      if (problems[0]) return { ok: false, message: `The filter was not accepted: ${problems[0].message}.` };
      selection = { kind: "matching", filters: query.filters, loadedAt: new Date(parsed.data.loadedAt), expected: parsed.data.expected };
    }
    const outcome = await review(actor, selection, parsed.data.reason);
    revalidatePath("/", "layout");
    return { ok: outcome.changed.length === 0 && outcome.gone === 0, outcome };
  } catch (error) {
    if (error instanceof PermissionDenied) return refusedActionState(action, error);
    if (error instanceof BulkLimitError) return { ok: false, message: error.message };
    if (error instanceof IncidentInputError) return { ok: false, message: error.message, fieldErrors: { [error.field]: [error.message] } };
    throw error;
  }
}
