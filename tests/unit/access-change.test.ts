import { describe, expect, it } from "vitest";
import { AccessChangeSchema } from "@/lib/accounts/access-change";
import { formFields } from "@/lib/validation/form-fields";

// What the admin page's form may carry: anything else is refused before the data layer runs.

const form = (entries: [string, string | Blob][]) => {
  const data = new FormData();
  for (const [key, value] of entries) data.append(key, value);
  return data;
};
const parse = (fields: Record<string, string>) => AccessChangeSchema.safeParse(fields);
const firstMessage = (fields: Record<string, string>) => {
  const result = parse(fields);
  return result.success ? null : result.error.issues[0]!.message;
};

describe("access change form", () => {
  it("turns the pressed button into one change", () => {
    expect(parse({ userId: "u1", intent: "role", role: "editor", reason: "  new desk  " }).data).toEqual({ userId: "u1", reason: "new desk", change: { role: "editor" } });
    expect(parse({ userId: "u1", intent: "deactivate", role: "editor", reason: "" }).data).toEqual({ userId: "u1", reason: undefined, change: { isActive: false } });
    expect(parse({ userId: "u1", intent: "reactivate" }).data).toEqual({ userId: "u1", reason: undefined, change: { isActive: true } });
  });

  it.each([
    ["an unknown role", { userId: "u1", intent: "role", role: "owner" }, "The role must be viewer, editor or admin."],
    ["a role change without a role", { userId: "u1", intent: "role" }, "Choose a role."],
    ["an unknown intent", { userId: "u1", intent: "delete" }, "Choose a change: role, deactivate or reactivate."],
    ["a malformed id", { userId: "' OR 1=1 --", intent: "deactivate" }, "This is not a user id."],
    ["a path as id", { userId: "../admin", intent: "deactivate" }, "This is not a user id."],
    ["an over-long id", { userId: "a".repeat(65), intent: "deactivate" }, "This is not a user id."],
    ["a mass-assigned banned flag", { userId: "u1", intent: "role", role: "viewer", banned: "false" }, "The form sent fields it should not have."],
    ["a mass-assigned e-mail", { userId: "u1", intent: "role", role: "viewer", email: "x@y.z" }, "The form sent fields it should not have."],
    ["an over-long reason", { userId: "u1", intent: "deactivate", reason: "x".repeat(501) }, "Keep the reason under 500 characters."],
  ])("refuses %s with a clear message", (_name, fields, message) => {
    expect(firstMessage(fields)).toBe(message);
  });

  it("reads the form through formFields: Next's own fields skipped; a field sent twice, a file, or __proto__ refused", () => {
    expect(formFields(form([["$ACTION_ID_abc", ""], ["userId", "u1"], ["intent", "reactivate"]]), [])).toEqual({ ok: true, fields: { userId: "u1", intent: "reactivate" } });
    expect(formFields(form([["userId", "u1"], ["userId", "u2"]]), [])).toEqual({ ok: false, errors: { userId: ["This field was sent more than once."] } });
    expect(formFields(form([["userId", new Blob(["x"])]]), [])).toEqual({ ok: false, errors: { userId: ["Files are not accepted here."] } });
    expect(formFields(form([["userId", "u1"], ["__proto__", "x"]]), [])).toEqual({ ok: false, errors: { form: ["Unexpected field: __proto__."] } });
    // Row fields (sources.0.url) become arrays of objects only for the row names a form declares.
    expect(formFields(form([["sources.1.url", "b"], ["sources.0.url", "a"]]))).toEqual({ ok: true, fields: { sources: [{ url: "a" }, { url: "b" }] } });
  });
});
