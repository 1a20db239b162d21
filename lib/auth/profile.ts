import "server-only";
import { APIError, getSessionFromCtx, type createAuthMiddleware } from "better-auth/api";
import * as z from "zod";
import { getDb } from "@/lib/db";

// Better Auth's `update-user` lets any signed-in user change their own profile. Here it changes
// the display name only: at most 100 characters, no control or bidirectional-override characters
// (they would garble the admin page and the history), and each change is audited in the same
// transaction. The image is never set (nothing shows one, and a `javascript:` URL would wait for
// the first page that does); roles and other keys are refused as well.

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

export const MAX_NAME_LENGTH = 100;

// Cc: C0/C1 controls (NUL, BEL, ESC, …); the rest: the Unicode marks that reorder the text around them.
const UNPRINTABLE = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

export const ProfileUpdateSchema = z.strictObject({
  name: z
    .string()
    .max(MAX_NAME_LENGTH * 4) // before trimming: a bound on the work done on a huge value
    .trim()
    .min(1, "The name cannot be empty.")
    .max(MAX_NAME_LENGTH, `The name can be at most ${MAX_NAME_LENGTH} characters long.`)
    .refine((name) => !UNPRINTABLE.test(name), "The name cannot contain control characters."),
});

/** Runs in place of Better Auth's update-user handler: returns its answer, or throws an APIError. */
export async function updateOwnProfile(ctx: HookContext): Promise<{ status: true }> {
  const session = await getSessionFromCtx(ctx);
  if (!session) throw new APIError("UNAUTHORIZED", { message: "Sign in to change your profile." });
  const parsed = ProfileUpdateSchema.safeParse(ctx.body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = issue?.code === "unrecognized_keys"
      ? `Only the name can be changed, not ${issue.keys.join(", ")}.`
      : issue?.code === "too_big" ? `The name can be at most ${MAX_NAME_LENGTH} characters long.` : (issue?.message ?? "Invalid profile.");
    throw new APIError("BAD_REQUEST", { message });
  }
  const { name } = parsed.data;
  const userId = session.user.id;
  await getDb().$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId }, select: { name: true, email: true } });
    if (!before) throw new APIError("UNAUTHORIZED", { message: "Sign in to change your profile." });
    if (before.name === name) return;
    await tx.user.update({ where: { id: userId }, data: { name } });
    await tx.auditEntry.create({
      data: {
        actorId: userId, actorLabel: before.email, action: "UPDATE",
        entityType: "user", entityId: userId, before: { name: before.name }, after: { name },
      },
    });
  });
  return { status: true };
}
