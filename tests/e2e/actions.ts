// Calling server actions over HTTP, as an attacker would: no page, no hidden buttons, just a POST
// with the action's id (read from the build's manifest) and arguments encoded by React's own
// client encoder. The authorisation matrix and the hostile-input tests use it.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { E2E_BASE_URL } from "./auth";
import { query } from "./database";

const require = createRequire(import.meta.url);
const { encodeReply } = require("next/dist/compiled/react-server-dom-turbopack/client.node") as {
  encodeReply(args: unknown[]): Promise<string | FormData>;
};

type ManifestEntry = { workers: Record<string, unknown>; filename: string; exportedName: string };

/** Every server action of the production build: exported name → id and a page that serves it. */
export function buildActions(): Map<string, { id: string; page: string }> {
  const manifestFile = path.resolve(import.meta.dirname, "../../.next/server/server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as { node: Record<string, ManifestEntry> };
  const actions = new Map<string, { id: string; page: string }>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    actions.set(entry.exportedName, { id, page: Object.keys(entry.workers)[0]! });
  }
  return actions;
}

/** A URL for a page route of the manifest ("app/incidents/[id]/page" → /incidents/<some id>). */
function pagePath(page: string, incidentId: string): string {
  return page.replace(/^app/, "").replace(/\/page$/, "").replace("[id]", incidentId) || "/";
}

/**
 * Posts `fields` to the action as its FormData argument (after the form-state argument). Entries
 * as pairs may repeat a key, as a tampered form can.
 */
export async function callAction(
  request: APIRequestContext, action: { id: string; page: string }, fields: Record<string, string> | [string, string][],
  incidentId = "00000000-0000-0000-0000-000000000000",
  /** The action's arguments, for an action that takes a plain object rather than (state, form). */
  args?: unknown[],
) {
  const formData = new FormData();
  for (const [key, value] of Array.isArray(fields) ? fields : Object.entries(fields)) formData.append(key, value);
  const body = await encodeReply((args ?? [{ ok: true }, formData]) as Parameters<typeof encodeReply>[0]);
  // Playwright's multipart option cannot repeat a key, so the body is built by hand.
  const parts = typeof body === "string" ? [["0", body] as const] : [...body.entries()].map(([key, value]) => [key, String(value)] as const);
  const boundary = `----matrix${Date.now()}`;
  const payload = parts.map(([key, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`).join("") + `--${boundary}--\r\n`;
  const response = await request.post(`${E2E_BASE_URL}${pagePath(action.page, incidentId)}`, {
    headers: { "Next-Action": action.id, Origin: E2E_BASE_URL, Accept: "text/x-component", "Content-Type": `multipart/form-data; boundary=${boundary}` },
    data: Buffer.from(payload, "utf8"),
    maxRedirects: 0,
  });
  return { status: response.status(), text: await response.text(), redirect: response.headers()["x-action-redirect"] ?? null };
}

/** A valid new-incident form; `marker` is its place name so the test can find the row it made. */
export function incidentForm(marker: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    occurredOn: "2024-03-05", occurredTime: "21:40", datePrecision: "DAY", country: "SY", admin1: "Hasakah",
    locationName: marker, locationNameAr: "", lat: "36.3000", lon: "40.1000", geoPrecision: "NEAR", site: "",
    targetType: "MILITARY_BASE", attackType: "ROCKET", outcome: "IMPACT",
    killedMin: "", killedMax: "", woundedMin: "1", woundedMax: "2",
    claimStatus: "UNCLAIMED", attributedTo: "", confidence: "UNVERIFIED", notes: "",
    "sources.0.id": "", "sources.0.url": "https://example.org/report", "sources.0.publisher": "Example", "sources.0.title": "",
    "sources.0.kind": "MEDIA", "sources.0.publishedOn": "", "sources.0.language": "en",
    confirmDuplicates: "on",
    ...overrides,
  };
}

/** The state the matrix compares before and after a denied call: nothing may differ. */
export async function databaseFingerprint(): Promise<string> {
  const [row] = await query<{ fingerprint: string }>(`
    SELECT concat_ws('|',
      (SELECT count(*) FROM incident), (SELECT coalesce(sum(version), 0) FROM incident),
      (SELECT count(*) FILTER (WHERE status = 'PUBLISHED') FROM incident),
      (SELECT count(*) FROM audit_entry), (SELECT count(*) FROM source), (SELECT count(*) FROM claim),
      (SELECT count(*) || '/' || coalesce(sum(version), 0) FROM tally), (SELECT count(*) || '/' || coalesce(sum(version), 0) FROM timeline_event),
      (SELECT string_agg(role || coalesce(banned::text, ''), ',' ORDER BY id) FROM app_user)) AS fingerprint`);
  return row!.fingerprint;
}

export async function incidentByMarker(marker: string): Promise<{ id: string; version: number; status: string } | undefined> {
  const [row] = await query<{ id: string; version: number; status: string }>(
    "SELECT id::text, version, status::text FROM incident WHERE location_name = $1", [marker]);
  return row;
}
