// What the admin page may send to change a user's access. Pure (no server imports) so a unit test
// can hold every hostile input against it; the actions parse with these before anything runs.
import { z } from "zod";
import { ROLES } from "../permissions";

// Better Auth makes 32-character alphanumeric ids and user:create makes UUIDs: both fit here,
// while SQL, paths and other oddities never reach a query.
const UserIdSchema = z.string({ error: "Choose a user." }).regex(/^[A-Za-z0-9-]{1,64}$/, "This is not a user id.");

// PostgreSQL text cannot hold NUL (the insert would fail, a 500); other control characters are
// no part of a reason either. Tabs and line breaks are ordinary text.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const ReasonSchema = z
  .string()
  .trim()
  .max(500, "Keep the reason under 500 characters.")
  .refine((reason) => !CONTROL_CHARS.test(reason), "The reason must be plain text: remove control characters.")
  .optional()
  .transform((reason) => reason || undefined);

// Strict objects: a mass-assigned key (banned, email, id…) is refused, never silently dropped.
const unexpectedKeys = { error: (issue: { code?: string }) => (issue.code === "unrecognized_keys" ? "The form sent fields it should not have." : undefined) };

/**
 * One row of the admin page: the pressed button says what to do (`intent`), the role select goes
 * with it; a role change carries the role, deactivation and reactivation ignore it.
 */
export const AccessChangeSchema = z
  .strictObject(
    {
      userId: UserIdSchema,
      intent: z.enum(["role", "deactivate", "reactivate"], { error: "Choose a change: role, deactivate or reactivate." }),
      role: z.enum(ROLES, { error: "The role must be viewer, editor or admin." }).optional(),
      reason: ReasonSchema,
    },
    unexpectedKeys,
  )
  .transform(({ userId, intent, role, reason }, ctx) => {
    if (intent !== "role") return { userId, reason, change: { isActive: intent === "reactivate" } };
    if (!role) {
      ctx.addIssue({ code: "custom", path: ["role"], message: "Choose a role." });
      return z.NEVER;
    }
    return { userId, reason, change: { role } };
  });

export type AccessChangeInput = z.output<typeof AccessChangeSchema>;
